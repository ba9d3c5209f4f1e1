// The Runs view: one item per run in the store, newest first, with status icon, progress and latest loss; expanding
// a run shows its details. Context values drive which actions (stop, pause, resume, ...) the item offers.
import type { RunStatus } from '../../engine/protocol';
import { formatDuration } from '../runs/estimateEta';
import type { RunSummary } from '../runs/runState';
import { detailNode, formatDice, formatLoss } from './treeModel';
import type { TreeModel, TreeNodeData } from './treeModel';

export type RunElement = { kind: 'run'; run: RunSummary } | { kind: 'detail'; runId: string; data: TreeNodeData };

export const RUN_STATUS_ICONS: Record<RunStatus, { id: string; color?: string }> = {
  queued: { id: 'clock' },
  running: { id: 'sync~spin', color: 'charts.blue' },
  paused: { id: 'debug-pause', color: 'charts.yellow' },
  stopped: { id: 'debug-stop' },
  completed: { id: 'pass', color: 'testing.iconPassed' },
  failed: { id: 'error', color: 'testing.iconFailed' },
};

/**
 * "run-<status>" plus "-live" when our engine drives it: menus match e.g. /^run-running-live$/ for Pause.
 * Only live runs can be stopped or paused from here; stopped and failed ones can be resumed from a checkpoint.
 */
export function runContextValue(run: RunSummary): string {
  return `run-${run.status}${run.live ? '-live' : ''}`;
}

export function runDescription(run: RunSummary): string {
  const parts: string[] = [run.status];
  parts.push(run.totalSteps !== undefined ? `${run.step}/${run.totalSteps}` : `step ${run.step}`);
  if (run.loss !== undefined) parts.push(`loss ${formatLoss(run.loss)}`);
  if (run.status === 'running' && run.etaSeconds !== undefined) parts.push(`ETA ${formatDuration(run.etaSeconds)}`);
  return parts.join(' · ');
}

export function runNode(run: RunSummary): TreeNodeData {
  const tooltip = [`**${run.id}**`, '', `${run.method ?? 'unknown method'} · ${run.status}${run.statusMessage ? `: ${run.statusMessage}` : ''}`, '', run.dir].join('\n');
  return {
    id: `run:${run.id}`,
    label: run.id,
    description: runDescription(run),
    tooltip,
    icon: RUN_STATUS_ICONS[run.status],
    contextValue: runContextValue(run),
    collapsible: 'collapsed',
    resourcePath: run.dir,
  };
}

export function runDetails(run: RunSummary): TreeNodeData[] {
  const id = `run:${run.id}`;
  const rows: TreeNodeData[] = [];
  if (run.statusMessage) rows.push(detailNode(id, 'Status', `${run.status}: ${run.statusMessage}`));
  rows.push(detailNode(id, 'Method', run.method ?? 'unknown'));
  rows.push(detailNode(id, 'Step', run.totalSteps !== undefined ? `${run.step} of ${run.totalSteps}` : String(run.step)));
  if (run.loss !== undefined) rows.push(detailNode(id, 'Loss', formatLoss(run.loss)));
  const dice = run.latest['val/dice/mean'] ?? run.report?.networks.student?.valDice;
  if (dice !== undefined) rows.push(detailNode(id, 'Validation Dice', formatDice(dice)));
  if (run.stepsPerSecond !== undefined) rows.push(detailNode(id, 'Speed', `${run.stepsPerSecond.toFixed(2)} steps/s`));
  if (run.status === 'running' && run.etaSeconds !== undefined) rows.push(detailNode(id, 'ETA', formatDuration(run.etaSeconds)));
  if (run.tweakCount > 0) rows.push(detailNode(id, 'Live tweaks', String(run.tweakCount)));
  if (run.report) rows.push(detailNode(id, 'Backend', run.report.backend));
  if (run.configPath) rows.push({ ...detailNode(id, 'Config', run.configPath.split(/[\\/]/).pop() ?? run.configPath, run.configPath), openPath: run.configPath });
  return rows;
}

/** `runs` is read on every call, so a refresh only needs to fire the change event. */
export function runTreeModel(runs: () => readonly RunSummary[]): TreeModel<RunElement> {
  // VS Code may hand back the element object of an earlier refresh (it tracks expanded items by id): always
  // describe the run as it is now, not as it was when the element was made.
  const fresh = (run: RunSummary): RunSummary => runs().find((r) => r.id === run.id) ?? run;
  return {
    roots: () => runs().map((run) => ({ kind: 'run', run })),
    children: (e) => (e.kind === 'run' ? runDetails(fresh(e.run)).map((data) => ({ kind: 'detail', runId: e.run.id, data })) : []),
    node: (e) => (e.kind === 'run' ? runNode(fresh(e.run)) : e.data),
    parent: () => undefined,
  };
}
