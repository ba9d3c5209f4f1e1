// The latest validation Dice per label of a run, for the hints next to label names in a config. Metric series are
// "val/dice/<id>" (or "val/<network>/dice/<id>" when several networks are validated: the student's is preferred).
import type { RunSummary } from '../runs/runState';

export interface LabelDice {
  dice: number;
  /** The network it was measured on, when the series names one. */
  network: string | undefined;
}

export function labelDice(run: RunSummary): Record<string, LabelDice> {
  const byLabel = new Map<string, { dice: number; network: string | undefined; rank: number }>();
  const students = new Set(Object.entries(run.networks).filter(([, n]) => n.role === 'student').map(([k]) => k));
  for (const [key, value] of Object.entries(run.latest)) {
    const m = /^val\/(?:([^/]+)\/)?dice\/([^/]+)$/.exec(key);
    if (!m || m[2] === undefined || m[2] === 'mean' || !Number.isFinite(value)) continue;
    const network = m[1];
    // Lower rank wins: the plain series, then a student's, then any other network's.
    const rank = network === undefined ? 0 : students.has(network) || network === 'student' ? 1 : 2;
    const prev = byLabel.get(m[2]);
    if (!prev || rank < prev.rank) byLabel.set(m[2], { dice: value, network, rank });
  }
  // A finished run's report has the final per-class Dice even when the metric lines were not per label.
  const reportNets = Object.entries(run.report?.networks ?? {});
  const hasStudent = reportNets.some(([, n]) => n.role === 'student');
  for (const [name, n] of reportNets) {
    if (hasStudent && n.role !== 'student') continue;
    for (const [id, d] of Object.entries(n.perClassDice ?? {})) if (!byLabel.has(id)) byLabel.set(id, { dice: d, network: name, rank: 3 });
  }
  const out: Record<string, LabelDice> = {};
  for (const [id, v] of byLabel) out[id] = { dice: v.dice, network: v.network };
  return out;
}
