// Which run the status bar follows (the live run heard from last) and what it says about it.
import { formatDuration } from '../runs/estimateEta';
import type { RunSummary } from '../runs/runState';
import { formatLoss } from '../views/treeModel';

export function activeRun(runs: readonly RunSummary[]): RunSummary | undefined {
  return runs.filter((r) => r.live).sort((a, b) => b.updatedAt - a.updatedAt)[0];
}

export function activeRunText(run: RunSummary): { text: string; tooltip: string } {
  const icon = run.status === 'running' ? '$(sync~spin)' : run.status === 'paused' ? '$(debug-pause)' : '$(clock)';
  const parts = [`${icon} ${run.name}`, run.totalSteps !== undefined ? `${run.step}/${run.totalSteps}` : `step ${run.step}`];
  if (run.loss !== undefined) parts.push(`loss ${formatLoss(run.loss)}`);
  if (run.status === 'running' && run.etaSeconds !== undefined) parts.push(`ETA ${formatDuration(run.etaSeconds)}`);
  if (run.status === 'paused') parts.push('paused');
  const tooltip = `MedKD run ${run.id}: ${run.status}${run.statusMessage ? ` (${run.statusMessage})` : ''}. Click to show it in the Runs view.`;
  return { text: parts.join(' · '), tooltip };
}
