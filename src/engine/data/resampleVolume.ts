// Resampling volumes to a new grid: trilinear for images, nearest or one-hot-linear-argmax for label maps.
// Separable: interpolate along x, then y, then z, which equals trilinear interpolation exactly.
import type { Vec3, Volume } from '../io/volume';
import type { GridMap } from './gridMap';
import { mapAffine, mapSpacing } from './gridMap';

/** 'linear': trilinear; 'nearest': nearest voxel (halves round up); 'labelLinear': one-hot per label, trilinear, argmax. */
export type Interpolation = 'linear' | 'nearest' | 'labelLinear';

/** Resamples every channel of `data` (planar, x fastest) onto `outDims`; source coordinates outside the grid clamp to the edge. */
export function resampleData(data: Float32Array, dims: Vec3, channels: number, outDims: Vec3, map: GridMap, mode: Interpolation): Float32Array {
  const nIn = dims[0] * dims[1] * dims[2];
  const nOut = outDims[0] * outDims[1] * outDims[2];
  const out = new Float32Array(nOut * channels);
  for (let c = 0; c < channels; c++) {
    const plane = data.subarray(c * nIn, (c + 1) * nIn);
    const res = mode === 'labelLinear' ? resampleLabels(plane, dims, outDims, map) : resampleSeparable(plane, dims, outDims, map, mode);
    out.set(res, c * nOut);
  }
  return out;
}

/** Resamples to a fixed grid with align-corners semantics: the corner voxel centres of both grids coincide. */
export function resampleToGrid(volume: Volume, outDims: Vec3, mode: Interpolation): Volume {
  return resampleWithMap(volume, outDims, alignCornersMap(volume.dims, outDims), mode);
}

/**
 * Resamples to a voxel size: the first voxel centre stays put and the new grid steps exactly `spacing`,
 * covering the old grid's extent between its first and last voxel centres.
 */
export function resampleToSpacing(volume: Volume, spacing: Vec3, mode: Interpolation): Volume {
  const outDims = spacingDims(volume.dims, volume.spacing, spacing);
  const map = [0, 1, 2].map((a) => ({ scale: spacing[a]! / volume.spacing[a]!, offset: 0 })) as GridMap;
  return resampleWithMap(volume, outDims, map, mode);
}

/** Grid size after resampling `dims` at `from` mm to `to` mm (see resampleToSpacing). */
export function spacingDims(dims: Vec3, from: Vec3, to: Vec3): Vec3 {
  return [0, 1, 2].map((a) => Math.floor(((dims[a]! - 1) * from[a]!) / to[a]! + 1e-6) + 1) as Vec3;
}

/** The align-corners map from `outDims` back to `dims`; a 1-voxel axis samples the centre. */
export function alignCornersMap(dims: Vec3, outDims: Vec3): GridMap {
  return [0, 1, 2].map((a) => {
    const nIn = dims[a]!;
    const nOut = outDims[a]!;
    return nOut === 1 ? { scale: nIn, offset: (nIn - 1) / 2 } : { scale: (nIn - 1) / (nOut - 1), offset: 0 };
  }) as GridMap;
}

/** Resamples with an explicit map, updating spacing and affine to describe the new grid. */
export function resampleWithMap(volume: Volume, outDims: Vec3, map: GridMap, mode: Interpolation): Volume {
  if (outDims.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`resample: target grid must be positive integers, got ${outDims.join('×')}`);
  return {
    data: resampleData(volume.data, volume.dims, volume.channels, outDims, map, mode),
    dims: [...outDims],
    channels: volume.channels,
    spacing: mapSpacing(volume.spacing, map),
    affine: mapAffine(volume.affine, map),
    sourceDatatype: volume.sourceDatatype,
  };
}

function resampleSeparable(plane: Float32Array, dims: Vec3, outDims: Vec3, map: GridMap, mode: 'linear' | 'nearest'): Float32Array {
  let cur: Float32Array = plane;
  const shape: Vec3 = [...dims];
  for (let axis = 0; axis < 3; axis++) {
    const nOut = outDims[axis]!;
    if (nOut === shape[axis] && map[axis]!.scale === 1 && map[axis]!.offset === 0) continue;
    cur = resampleAxis(cur, shape, axis, nOut, map[axis]!.scale, map[axis]!.offset, mode);
    shape[axis] = nOut;
  }
  return cur === plane ? plane.slice() : cur;
}

/** Interpolates along one axis of a [nz][ny][nx] array. */
function resampleAxis(src: Float32Array, shape: Vec3, axis: number, nOut: number, scale: number, offset: number, mode: 'linear' | 'nearest'): Float32Array {
  const n = shape[axis]!;
  const i0 = new Int32Array(nOut);
  const i1 = new Int32Array(nOut);
  const w = new Float32Array(nOut);
  for (let i = 0; i < nOut; i++) {
    const c = Math.min(n - 1, Math.max(0, offset + scale * i));
    if (mode === 'nearest') {
      i0[i] = Math.min(n - 1, Math.floor(c + 0.5));
      i1[i] = i0[i]!;
    } else {
      const f = Math.floor(c);
      i0[i] = f;
      i1[i] = Math.min(n - 1, f + 1);
      w[i] = c - f;
    }
  }
  const stride = axis === 0 ? 1 : axis === 1 ? shape[0] : shape[0] * shape[1];
  const outShape: Vec3 = [...shape];
  outShape[axis] = nOut;
  const out = new Float32Array(outShape[0] * outShape[1] * outShape[2]);
  // Iterate as (outer, i, inner) with inner = stride elements that share one interpolation weight.
  const inner = stride;
  const outer = (shape[0] * shape[1] * shape[2]) / (n * inner);
  for (let o = 0; o < outer; o++) {
    const srcBase = o * n * inner;
    const dstBase = o * nOut * inner;
    for (let i = 0; i < nOut; i++) {
      const a = srcBase + i0[i]! * inner;
      const b = srcBase + i1[i]! * inner;
      const t = w[i]!;
      const d = dstBase + i * inner;
      if (t === 0) {
        for (let k = 0; k < inner; k++) out[d + k] = src[a + k]!;
      } else {
        for (let k = 0; k < inner; k++) out[d + k] = src[a + k]! + t * (src[b + k]! - src[a + k]!);
      }
    }
  }
  return out;
}

/** One-hot each label, interpolate trilinearly, keep the label with the highest weight (ties go to the lower id). */
function resampleLabels(plane: Float32Array, dims: Vec3, outDims: Vec3, map: GridMap): Float32Array {
  const labels = [...new Set(plane)].sort((a, b) => a - b);
  const n = outDims[0] * outDims[1] * outDims[2];
  const best = new Float32Array(n).fill(-1);
  const out = new Float32Array(n);
  const onehot = new Float32Array(plane.length);
  for (const l of labels) {
    for (let i = 0; i < plane.length; i++) onehot[i] = plane[i] === l ? 1 : 0;
    const r = resampleSeparable(onehot, dims, outDims, map, 'linear');
    for (let i = 0; i < n; i++) {
      if (r[i]! > best[i]!) {
        best[i] = r[i]!;
        out[i] = l;
      }
    }
  }
  return out;
}
