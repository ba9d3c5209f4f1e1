// Bring a prediction made on a preprocessed (cropped, padded, resampled) grid back onto the input's grid.
import type { Vec3 } from '../io/volume';
import type { Box3 } from './box3';
import { boxSize } from './box3';
import { pasteBox } from './pasteBox';
import type { VoxelArray } from './voxelArray';

export interface PasteBackTarget {
  /** The input grid [nx, ny, nz]. */
  originalDims: Vec3;
  /**
   * The input-grid box the prediction covers once any resampling is undone: the crop box, widened by any
   * padding added after the crop (so it may reach outside the grid; that part is dropped).
   */
  box: Box3;
}

export interface PasteBackOptions<T extends VoxelArray> {
  /**
   * Undo a resampling: labels on `from` → labels on `to` (the box size). The data layer owns it (nearest or
   * one-hot-linear-argmax); required when the prediction's grid differs from the box size.
   */
  resample?: (labels: T, from: Vec3, to: Vec3) => T;
  /** Background outside the box (default 0). */
  fill?: number;
}

/** labels on dims → the input grid, background outside the box. */
export function pasteBack<T extends VoxelArray>(labels: T, dims: Vec3, target: PasteBackTarget, options: PasteBackOptions<T> = {}): T {
  const size = boxSize(target.box);
  let onBox = labels;
  if (size.some((s, a) => s !== dims[a])) {
    if (!options.resample) throw new Error(`pasteBack: prediction grid ${dims.join('×')} differs from box ${size.join('×')}; give a resample function`);
    onBox = options.resample(labels, dims, size);
    if (onBox.length !== size[0] * size[1] * size[2]) throw new Error(`pasteBack: resample returned ${onBox.length} voxels for ${size.join('×')}`);
  }
  return pasteBox(onBox, target.box, target.originalDims, { fill: options.fill ?? 0 });
}
