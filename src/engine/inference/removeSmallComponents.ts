// Drop connected components below a size: an absolute voxel count and/or a fraction of the foreground (paper 3: 10 %).
import type { Vec3 } from '../io/volume';
import type { Connectivity } from './connectedComponents';
import { connectedComponents } from './connectedComponents';
import type { VoxelArray } from './voxelArray';

export interface RemoveSmallOptions {
  /** Remove components with fewer voxels than this (default 0). */
  minVoxels?: number;
  /**
   * Remove components smaller than this fraction of the foreground they belong to (default 0): all foreground
   * voxels in binary mode, the voxels of the component's own class otherwise. Paper 3: 0.1.
   */
  minFraction?: number;
  /** Default 26 (skimage's 3-D default, as paper 3). */
  connectivity?: Connectivity;
  /** true (default): components of the whole foreground mask, as paper 3's tumour mask; false: per class. */
  binary?: boolean;
  /** Default 0; removed voxels become this value. */
  background?: number;
}

/**
 * Modifies `labels` in place and returns the number of components and voxels removed. A component is removed
 * when its size < max(minVoxels, minFraction · its foreground).
 */
export function removeSmallComponents(labels: VoxelArray, dims: Vec3, options: RemoveSmallOptions = {}): { removedComponents: number; removedVoxels: number } {
  const minVoxels = options.minVoxels ?? 0;
  const minFraction = options.minFraction ?? 0;
  if (!(minVoxels >= 0) || !(minFraction >= 0 && minFraction <= 1)) {
    throw new Error(`removeSmallComponents: need minVoxels ≥ 0 and 0 ≤ minFraction ≤ 1, got ${minVoxels}, ${minFraction}`);
  }
  const background = options.background ?? 0;
  const binary = options.binary ?? true;
  const cc = connectedComponents(labels, dims, { connectivity: options.connectivity, background, binary });
  // Foreground each component is measured against: everything (binary) or its class.
  const foreground = new Map<number, number>();
  for (let k = 1; k <= cc.count; k++) {
    const key = binary ? 0 : cc.values[k]!;
    foreground.set(key, (foreground.get(key) ?? 0) + cc.sizes[k]!);
  }
  const drop = new Uint8Array(cc.count + 1);
  let removedComponents = 0;
  for (let k = 1; k <= cc.count; k++) {
    const total = foreground.get(binary ? 0 : cc.values[k]!)!;
    if (cc.sizes[k]! < Math.max(minVoxels, minFraction * total)) {
      drop[k] = 1;
      removedComponents++;
    }
  }
  let removedVoxels = 0;
  for (let i = 0; i < labels.length; i++) {
    if (drop[cc.ids[i]!] === 1) {
      labels[i] = background;
      removedVoxels++;
    }
  }
  return { removedComponents, removedVoxels };
}
