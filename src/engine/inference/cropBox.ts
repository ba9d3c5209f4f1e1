// Cut a box out of a grid (ROI crop of a cascade); parts of the box outside the grid are filled (padding).
import type { Vec3 } from '../io/volume';
import type { Box3 } from './box3';
import { boxSize, checkBox } from './box3';
import type { VoxelArray } from './voxelArray';
import { allocLike } from './voxelArray';

export interface CropPasteOptions {
  /** Channel planes in the data (default 1); probability maps have one per class. */
  channels?: number;
  /** Value of voxels with no source (default 0). */
  fill?: number;
}

/** data on dims [nx, ny, nz] (channel planes, x fastest) → the box's voxels, same layout and element type. */
export function cropBox<T extends VoxelArray>(data: T, dims: Vec3, box: Box3, options: CropPasteOptions = {}): T {
  checkBox(box, 'cropBox');
  const channels = options.channels ?? 1;
  const n = dims[0] * dims[1] * dims[2];
  if (data.length !== n * channels) throw new Error(`cropBox: ${data.length} values for ${dims.join('×')} × ${channels} channels`);
  const size = boxSize(box);
  const out = allocLike(data, size[0] * size[1] * size[2] * channels);
  copyBox(data, dims, out, size, box.start, channels, options.fill ?? 0, 'crop');
  return out;
}

/**
 * Copies between a big grid (`big`, dims) and a box-sized grid (`small`, size) whose first voxel sits at `start` of
 * the big grid. 'crop' fills `small` (outside the big grid: fill); 'paste' writes the overlap into `big`.
 */
export function copyBox(big: VoxelArray, dims: Vec3, small: VoxelArray, size: Vec3, start: Vec3, channels: number, fill: number, direction: 'crop' | 'paste'): void {
  const [nx, ny, nz] = dims;
  const [sx, sy, sz] = size;
  const nBig = nx * ny * nz;
  const nSmall = sx * sy * sz;
  // Overlap of the box with the grid, in box coordinates.
  const x0 = Math.max(0, -start[0]);
  const x1 = Math.min(sx, nx - start[0]);
  if (direction === 'crop') small.fill(fill);
  for (let c = 0; c < channels; c++) {
    for (let z = 0; z < sz; z++) {
      const bz = z + start[2];
      if (bz < 0 || bz >= nz) continue;
      for (let y = 0; y < sy; y++) {
        const by = y + start[1];
        if (by < 0 || by >= ny || x1 <= x0) continue;
        const s = c * nSmall + sx * (y + sy * z);
        const b = c * nBig + nx * (by + ny * bz) + start[0];
        if (direction === 'crop') small.set(big.subarray(b + x0, b + x1), s + x0);
        else big.set(small.subarray(s + x0, s + x1), b + x0);
      }
    }
  }
}
