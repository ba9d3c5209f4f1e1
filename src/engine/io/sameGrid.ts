// Whether two volumes share a voxel grid (dims and affine), and if not, how they differ: a label map or a
// prediction is only comparable voxel by voxel with an image on the same grid.
import type { Volume } from './volume';

export interface GridComparison {
  same: boolean;
  /** Human-readable differences, e.g. "dims 122×101×112 vs 122×101×30", "affine[2][3] 94.3 vs 340.3". Empty when same. */
  differences: string[];
}

/** Compares dims exactly and affine entries to within `tol` millimetres (default 1e-3). */
export function sameGrid(a: Pick<Volume, 'dims' | 'affine'>, b: Pick<Volume, 'dims' | 'affine'>, tol = 1e-3): GridComparison {
  const differences: string[] = [];
  if (a.dims.some((d, i) => d !== b.dims[i])) differences.push(`dims ${a.dims.join('×')} vs ${b.dims.join('×')}`);
  let worst = { i: 0, j: 0, diff: 0 };
  for (let i = 0; i < 4; i++) {
    for (let j = 0; j < 4; j++) {
      const diff = Math.abs(a.affine[i]![j]! - b.affine[i]![j]!);
      if (diff > worst.diff || Number.isNaN(diff)) worst = { i, j, diff };
    }
  }
  if (!(worst.diff <= tol)) {
    const { i, j } = worst;
    differences.push(`affine[${i}][${j}] ${round(a.affine[i]![j]!)} vs ${round(b.affine[i]![j]!)} (largest difference of the affines, tolerance ${tol})`);
  }
  return { same: differences.length === 0, differences };
}

function round(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}
