// 95th-percentile Hausdorff distance: the 95th percentile (linear interpolation, as numpy) of the pooled
// symmetric surface distances, as medpy's hd95 defines it. Both surfaces empty → 0; one empty → Infinity.
import type { SurfaceDistances } from './surfaceDistances';

export function hd95(d: SurfaceDistances): number {
  const all = new Float64Array(d.aToB.length + d.bToA.length);
  all.set(d.aToB);
  all.set(d.bToA, d.aToB.length);
  if (all.length === 0) return 0;
  return percentile(all.sort(), 95);
}

/** The p-th percentile of ascending `sorted`, interpolating linearly between ranks (numpy's default). */
export function percentile(sorted: Float64Array, p: number): number {
  const pos = ((sorted.length - 1) * p) / 100;
  const lo = Math.floor(pos);
  const a = sorted[lo]!;
  const b = sorted[Math.min(lo + 1, sorted.length - 1)]!;
  const frac = pos - lo;
  // Guard Infinity: Inf - Inf and Inf · 0 would give NaN.
  return frac === 0 || a === b ? a : a + (b - a) * frac;
}
