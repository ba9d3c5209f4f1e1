// Per-class Dice of a predicted label map against a reference on the same grid.

import type { LabelArray } from './labelMap';

/** Label id → Dice (2·|P∩R| / (|P| + |R|)); a class absent from both counts as 1. Background (0) is skipped. */
export function diceScores(pred: LabelArray, ref: LabelArray, labels: readonly number[]): Map<number, number> {
  const max = labels.reduce((m, l) => Math.max(m, l), 0);
  const inter = new Float64Array(max + 1);
  const p = new Float64Array(max + 1);
  const r = new Float64Array(max + 1);
  const n = Math.min(pred.length, ref.length);
  for (let i = 0; i < n; i++) {
    const a = pred[i] ?? 0;
    const b = ref[i] ?? 0;
    if (a <= max) p[a] = (p[a] ?? 0) + 1;
    if (b <= max) r[b] = (r[b] ?? 0) + 1;
    if (a === b && a <= max) inter[a] = (inter[a] ?? 0) + 1;
  }
  const out = new Map<number, number>();
  for (const l of labels) {
    if (l === 0) continue;
    const denom = (p[l] ?? 0) + (r[l] ?? 0);
    out.set(l, denom === 0 ? 1 : (2 * (inter[l] ?? 0)) / denom);
  }
  return out;
}
