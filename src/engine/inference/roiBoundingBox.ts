// Paper 1's cascade ROI: the coarse mask's bounding box, widened about its centre, mapped onto the original grid.
import type { Vec3 } from '../io/volume';
import type { Box3 } from './box3';

export interface RoiOptions {
  /** Box extent multiplier about its centre (paper 1's padding_buffer, default 1.1). */
  margin?: number;
  /** Voxel size [x, y, z] in mm of the original grid, for the fallback box. */
  spacing: Vec3;
  /** Centred box [x, y, z] in mm used when the coarse mask is empty (default 240 × 160 × 240, paper 1). */
  fallbackMm?: Vec3;
  /** Mask voxels with this value are outside (default 0: every label > 0 counts, all organs merged). */
  background?: number;
}

export interface Roi {
  /** On the original grid, inside it, end exclusive. */
  box: Box3;
  /** True when the coarse mask was empty and the mm fallback was used. */
  fallback: boolean;
}

/**
 * mask: coarse label map on maskDims [x, y, z] (the coarse grid spans the same field of view as the original).
 * Per axis: [min/size, (max + 1)/size] → keep the centre, extent × margin → clip to [0, 1] → × original size, rounded.
 */
export function roiBoundingBox(mask: ArrayLike<number>, maskDims: Vec3, originalDims: Vec3, options: RoiOptions): Roi {
  const [mx, my, mz] = maskDims;
  if (mask.length !== mx * my * mz) throw new Error(`roiBoundingBox: ${mask.length} voxels for a ${maskDims.join('×')} mask`);
  const margin = options.margin ?? 1.1;
  const background = options.background ?? 0;
  const lo: Vec3 = [Infinity, Infinity, Infinity];
  const hi: Vec3 = [-1, -1, -1];
  for (let z = 0; z < mz; z++) {
    for (let y = 0; y < my; y++) {
      const row = mx * (y + my * z);
      for (let x = 0; x < mx; x++) {
        if (mask[row + x] === background) continue;
        if (x < lo[0]) lo[0] = x;
        if (x > hi[0]) hi[0] = x;
        if (y < lo[1]) lo[1] = y;
        if (y > hi[1]) hi[1] = y;
        if (z < lo[2]) lo[2] = z;
        if (z > hi[2]) hi[2] = z;
      }
    }
  }
  if (hi[0] < 0) return { box: fallbackBox(originalDims, options.spacing, options.fallbackMm ?? [240, 160, 240]), fallback: true };
  const start: Vec3 = [0, 0, 0];
  const end: Vec3 = [0, 0, 0];
  for (let a = 0; a < 3; a++) {
    const size = maskDims[a]!;
    const a0 = lo[a]! / size;
    const a1 = (hi[a]! + 1) / size;
    const centre = (a0 + a1) / 2;
    const half = ((a1 - a0) / 2) * margin;
    const n = originalDims[a]!;
    start[a] = Math.round(Math.max(0, centre - half) * n);
    end[a] = Math.max(start[a]! + 1, Math.round(Math.min(1, centre + half) * n));
  }
  return { box: { start, end }, fallback: false };
}

/** A box of `mm` millimetres centred in the grid, clipped to it. */
export function fallbackBox(dims: Vec3, spacing: Vec3, mm: Vec3): Box3 {
  const start: Vec3 = [0, 0, 0];
  const end: Vec3 = [0, 0, 0];
  for (let a = 0; a < 3; a++) {
    const n = dims[a]!;
    const len = Math.max(1, Math.min(n, Math.round(mm[a]! / spacing[a]!)));
    start[a] = Math.floor((n - len) / 2);
    end[a] = start[a]! + len;
  }
  return { start, end };
}
