// Padding volumes: centred padding up to a minimum size and/or a multiple of k, recorded so it can be cut off again.
import type { Vec3, Volume } from '../io/volume';
import type { GridMap } from './gridMap';
import { mapAffine } from './gridMap';
import { pasteVolume } from './cropVolume';

/** Voxels to add before and after each axis [x, y, z]. */
export interface Padding {
  before: Vec3;
  after: Vec3;
}

/** Centred padding that makes `dims` at least `minSize` and a multiple of `multiple` on every axis (extra odd voxel goes after). */
export function paddingFor(dims: Vec3, minSize: Vec3 = [1, 1, 1], multiple = 1): Padding {
  const before: Vec3 = [0, 0, 0];
  const after: Vec3 = [0, 0, 0];
  for (let a = 0; a < 3; a++) {
    const target = Math.ceil(Math.max(dims[a]!, minSize[a]!) / multiple) * multiple;
    const extra = target - dims[a]!;
    before[a] = Math.floor(extra / 2);
    after[a] = extra - before[a]!;
  }
  return { before, after };
}

/** Pads every channel with its own constant (`values[c]`, default 0); the affine moves so world positions are unchanged. */
export function padVolume(volume: Volume, padding: Padding, values: number[] = []): Volume {
  const dims: Vec3 = [0, 1, 2].map((a) => volume.dims[a]! + padding.before[a]! + padding.after[a]!) as Vec3;
  const n = dims[0] * dims[1] * dims[2];
  const data = new Float32Array(n * volume.channels);
  for (let c = 0; c < volume.channels; c++) data.fill(values[c] ?? 0, c * n, (c + 1) * n);
  const map = [0, 1, 2].map((a) => ({ scale: 1, offset: -padding.before[a]! })) as GridMap;
  const out: Volume = { data, dims, channels: volume.channels, spacing: [...volume.spacing], affine: mapAffine(volume.affine, map), sourceDatatype: volume.sourceDatatype };
  pasteVolume(out, volume, padding.before);
  return out;
}
