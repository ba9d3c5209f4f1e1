// Cropping to a box and pasting back: crop-to-foreground records its box so predictions return to the full grid.
import type { Vec3, Volume } from '../io/volume';
import type { GridMap } from './gridMap';
import { mapAffine } from './gridMap';

/** A voxel box: start inclusive, end exclusive, [x, y, z]. */
export interface Box {
  start: Vec3;
  end: Vec3;
}

/** The bounding box of voxels where any channel is non-zero, widened by `margin` voxels and clipped to the grid; undefined when all are zero. */
export function nonZeroBox(volume: Volume, margin = 0): Box | undefined {
  const [nx, ny, nz] = volume.dims;
  const n = nx * ny * nz;
  const lo: Vec3 = [nx, ny, nz];
  const hi: Vec3 = [-1, -1, -1];
  for (let c = 0; c < volume.channels; c++) {
    const base = c * n;
    for (let z = 0, i = 0; z < nz; z++) {
      for (let y = 0; y < ny; y++) {
        for (let x = 0; x < nx; x++, i++) {
          if (volume.data[base + i] === 0) continue;
          if (x < lo[0]) lo[0] = x;
          if (x > hi[0]) hi[0] = x;
          if (y < lo[1]) lo[1] = y;
          if (y > hi[1]) hi[1] = y;
          if (z < lo[2]) lo[2] = z;
          if (z > hi[2]) hi[2] = z;
        }
      }
    }
  }
  if (hi[0] < 0) return undefined;
  const dims = volume.dims;
  return {
    start: [0, 1, 2].map((a) => Math.max(0, lo[a]! - margin)) as Vec3,
    end: [0, 1, 2].map((a) => Math.min(dims[a]!, hi[a]! + 1 + margin)) as Vec3,
  };
}

/** The part of `volume` inside `box` (every channel); the affine moves so world positions are unchanged. */
export function cropVolume(volume: Volume, box: Box): Volume {
  const [nx, ny, nz] = volume.dims;
  for (let a = 0; a < 3; a++) {
    if (box.start[a]! < 0 || box.end[a]! > volume.dims[a]! || box.end[a]! <= box.start[a]!) {
      throw new Error(`crop: box ${box.start.join(',')}..${box.end.join(',')} does not fit grid ${volume.dims.join('×')}`);
    }
  }
  const [sx, sy, sz] = box.start;
  const dims: Vec3 = [box.end[0] - sx, box.end[1] - sy, box.end[2] - sz];
  const nOut = dims[0] * dims[1] * dims[2];
  const data = new Float32Array(nOut * volume.channels);
  for (let c = 0; c < volume.channels; c++) {
    for (let z = 0; z < dims[2]; z++) {
      for (let y = 0; y < dims[1]; y++) {
        const src = c * nx * ny * nz + sx + nx * (sy + y + ny * (sz + z));
        data.set(volume.data.subarray(src, src + dims[0]), c * nOut + dims[0] * (y + dims[1] * z));
      }
    }
  }
  const map = [0, 1, 2].map((a) => ({ scale: 1, offset: box.start[a]! })) as GridMap;
  return { data, dims, channels: volume.channels, spacing: [...volume.spacing], affine: mapAffine(volume.affine, map), sourceDatatype: volume.sourceDatatype };
}

/** Writes `part` (every channel) into `target` at `start`, in place; the inverse of cropVolume. */
export function pasteVolume(target: Volume, part: Volume, start: Vec3): void {
  const [nx, ny, nz] = target.dims;
  const [px, py, pz] = part.dims;
  if (part.channels !== target.channels) throw new Error(`paste: ${part.channels} channels into ${target.channels}`);
  for (let a = 0; a < 3; a++) {
    if (start[a]! < 0 || start[a]! + part.dims[a]! > target.dims[a]!) throw new Error(`paste: ${part.dims.join('×')} at ${start.join(',')} does not fit ${target.dims.join('×')}`);
  }
  const nPart = px * py * pz;
  for (let c = 0; c < part.channels; c++) {
    for (let z = 0; z < pz; z++) {
      for (let y = 0; y < py; y++) {
        const src = c * nPart + px * (y + py * z);
        target.data.set(part.data.subarray(src, src + px), c * nx * ny * nz + start[0] + nx * (start[1] + y + ny * (start[2] + z)));
      }
    }
  }
}
