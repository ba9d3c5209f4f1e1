// Paper 1's post-processing: for each class keep only its largest connected component (removes stray islands).
import type { Vec3 } from '../io/volume';
import type { Connectivity } from './connectedComponents';
import { connectedComponents } from './connectedComponents';
import type { VoxelArray } from './voxelArray';

export interface KeepLargestOptions {
  /** Default 26 (cc3d's default, as paper 1). */
  connectivity?: Connectivity;
  /** Classes to filter (default: every non-background class present). */
  classes?: readonly number[];
  /** Default 0; removed voxels become this value. */
  background?: number;
}

/**
 * Modifies `labels` in place (label maps can be large; no copy) and returns how many voxels were set to
 * background. Components are multi-label (only equal labels connect); ties keep the first in scan order.
 */
export function keepLargestComponentPerClass(labels: VoxelArray, dims: Vec3, options: KeepLargestOptions = {}): { removedVoxels: number } {
  const background = options.background ?? 0;
  const cc = connectedComponents(labels, dims, { connectivity: options.connectivity, background });
  const only = options.classes ? new Set(options.classes) : undefined;
  // Largest component per class value.
  const best = new Map<number, number>();
  for (let k = 1; k <= cc.count; k++) {
    const v = cc.values[k]!;
    const b = best.get(v);
    if (b === undefined || cc.sizes[k]! > cc.sizes[b]!) best.set(v, k);
  }
  const keep = new Uint8Array(cc.count + 1);
  for (let k = 1; k <= cc.count; k++) {
    const v = cc.values[k]!;
    keep[k] = only && !only.has(v) ? 1 : best.get(v) === k ? 1 : 0;
  }
  let removedVoxels = 0;
  for (let i = 0; i < labels.length; i++) {
    const k = cc.ids[i]!;
    if (k !== 0 && keep[k] === 0) {
      labels[i] = background;
      removedVoxels++;
    }
  }
  return { removedVoxels };
}
