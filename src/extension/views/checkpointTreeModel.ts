// The Teachers and Students views: every trained network a run's report.json lists, with its method, backend,
// size, cost and validation Dice; a student also says which teachers it was distilled from.
import { isAbsolute, join } from 'node:path';
import { detailNode, formatCount, formatDice } from './treeModel';
import type { TreeModel, TreeNodeData } from './treeModel';
import type { RunSummary } from '../runs/runState';

export interface CheckpointEntry {
  runId: string;
  runDir: string;
  network: string;
  role: 'teacher' | 'student';
  method: string;
  backend: string;
  params: number;
  flops: number;
  checkpoint: string;
  valDice: number | undefined;
  /** Label name (or id) → Dice. */
  perClassDice: Record<string, number>;
  /** For a student: the teachers of its run, and external teacher checkpoints its config loaded. */
  distilledFrom: string[];
}

export type CheckpointElement = { kind: 'checkpoint'; entry: CheckpointEntry } | { kind: 'detail'; data: TreeNodeData };

/** All networks of one role across runs, best validation Dice first. */
export function checkpointEntries(runs: readonly RunSummary[], role: 'teacher' | 'student'): CheckpointEntry[] {
  const out: CheckpointEntry[] = [];
  for (const run of runs) {
    const report = run.report;
    if (!report) continue;
    const teachers = Object.entries(report.networks).filter(([, n]) => n.role === 'teacher');
    for (const [network, n] of Object.entries(report.networks)) {
      if (n.role !== role) continue;
      const perClassDice: Record<string, number> = {};
      for (const [id, d] of Object.entries(n.perClassDice ?? {})) perClassDice[report.labels[id] ?? run.labelNames[id] ?? id] = d;
      const distilledFrom: string[] = [];
      if (role === 'student') {
        for (const [t] of teachers) {
          // A teacher loaded from a checkpoint came from elsewhere: name where; one trained here is named by its run.
          const external = run.networks[t]?.checkpoint;
          distilledFrom.push(external !== undefined ? `${t} (${external})` : `${t} (${run.id})`);
        }
      }
      out.push({
        runId: run.id,
        runDir: run.dir,
        network,
        role,
        method: report.method,
        backend: report.backend,
        params: n.params,
        flops: n.flops,
        checkpoint: isAbsolute(n.checkpoint) ? n.checkpoint : join(run.dir, n.checkpoint),
        valDice: n.valDice,
        perClassDice,
        distilledFrom,
      });
    }
  }
  return out.sort((a, b) => (b.valDice ?? -1) - (a.valDice ?? -1) || a.runId.localeCompare(b.runId));
}

export function checkpointNode(e: CheckpointEntry): TreeNodeData {
  const dice = e.valDice !== undefined ? `Dice ${formatDice(e.valDice)}` : 'no validation';
  const lines = [
    `**${e.network}** from run ${e.runId}`,
    '',
    `${e.method} · ${e.backend} · ${formatCount(e.params)} params · ${formatCount(e.flops)} FLOPs/patch · ${dice}`,
  ];
  if (e.distilledFrom.length > 0) lines.push('', `Distilled from: ${e.distilledFrom.join(', ')}`);
  return {
    id: `ckpt:${e.runId}/${e.network}`,
    label: `${e.network} · ${e.runId}`,
    description: `${dice} · ${formatCount(e.params)} params`,
    tooltip: lines.join('\n'),
    icon: { id: e.role === 'teacher' ? 'mortar-board' : 'person' },
    contextValue: `checkpoint-${e.role}`,
    collapsible: 'collapsed',
    resourcePath: e.checkpoint,
  };
}

export function checkpointDetails(e: CheckpointEntry): TreeNodeData[] {
  const id = `ckpt:${e.runId}/${e.network}`;
  const rows = [
    detailNode(id, 'Method', e.method),
    detailNode(id, 'Backend', e.backend),
    detailNode(id, 'Parameters', formatCount(e.params)),
    detailNode(id, 'FLOPs per patch', formatCount(e.flops)),
    detailNode(id, 'Validation Dice', e.valDice !== undefined ? formatDice(e.valDice) : '—'),
  ];
  for (const [name, d] of Object.entries(e.perClassDice)) rows.push(detailNode(id, `Dice ${name}`, formatDice(d)));
  if (e.distilledFrom.length > 0) rows.push(detailNode(id, 'Distilled from', e.distilledFrom.join(', ')));
  rows.push(detailNode(id, 'Checkpoint', e.checkpoint.split(/[\\/]/).pop() ?? e.checkpoint, e.checkpoint));
  return rows;
}

export function checkpointTreeModel(runs: () => readonly RunSummary[], role: 'teacher' | 'student'): TreeModel<CheckpointElement> {
  return {
    roots: () => checkpointEntries(runs(), role).map((entry) => ({ kind: 'checkpoint', entry })),
    children: (e) => (e.kind === 'checkpoint' ? checkpointDetails(e.entry).map((data) => ({ kind: 'detail', data })) : []),
    node: (e) => (e.kind === 'checkpoint' ? checkpointNode(e.entry) : e.data),
  };
}
