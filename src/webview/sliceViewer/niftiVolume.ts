// Parses a NIfTI-1/2 file (.nii or .nii.gz bytes) into a volume the viewer can slice: the stored values in their
// own typed array (no float copy of a 300-slice CT), the real-value scaling, and the voxel → world affine.

import * as nifti from 'nifti-reader-js';

export type VoxelArray = Uint8Array | Int8Array | Int16Array | Uint16Array | Int32Array | Uint32Array | Float32Array | Float64Array;

export interface NiftiVolume {
  /** Grid size [nx, ny, nz] (the first volume of a 4D file). */
  dims: [number, number, number];
  /** Stored values, x fastest: index = i + nx·(j + ny·k). */
  data: VoxelArray;
  /** Real value = stored · slope + inter (scl_slope/scl_inter; slope 0 in the file means none). */
  slope: number;
  inter: number;
  /** Row-major 4×4 voxel → world (mm, RAS+): the sform when present, else the qform, else the voxel sizes. */
  affine: number[][];
  /** Voxel size along i, j, k in mm (column norms of the affine). */
  spacing: [number, number, number];
  /** Real-value range. */
  min: number;
  max: number;
  /** Stored-value range (the grey look-up tables are indexed by stored integers). */
  storedMin: number;
  storedMax: number;
  /** True when every stored value is an integer type: a look-up table can map them. */
  integer: boolean;
  datatype: string;
}

const NAMES: Record<number, string> = { 2: 'uint8', 4: 'int16', 8: 'int32', 16: 'float32', 64: 'float64', 128: 'rgb24', 256: 'int8', 512: 'uint16', 768: 'uint32' };

export function parseNifti(input: ArrayBuffer): NiftiVolume {
  let buf: ArrayBuffer = input;
  if (nifti.isCompressed(buf)) buf = toArrayBuffer(nifti.decompress(buf));
  if (!nifti.isNIFTI(buf)) throw new Error('not a NIfTI-1 or NIfTI-2 file');
  const h = nifti.readHeader(buf);
  const nx = Math.max(1, h.dims[1] ?? 1);
  const ny = Math.max(1, h.dims[2] ?? 1);
  const nz = Math.max(1, h.dims[3] ?? 1);
  const n = nx * ny * nz;
  const raw = nifti.readImage(h, buf);
  const code = h.datatypeCode;
  const datatype = NAMES[code];
  if (!datatype) throw new Error(`NIfTI datatype ${code} is not supported by the viewer`);
  const data = voxels(raw, code, n, h.littleEndian);
  let slope = h.scl_slope;
  let inter = h.scl_inter;
  // scl_slope 0 (or NaN) means "no scaling" in the standard.
  if (!Number.isFinite(slope) || slope === 0) {
    slope = 1;
    inter = 0;
  }
  if (!Number.isFinite(inter)) inter = 0;
  const affine = chooseAffine(h, buf);
  const col = (c: number): number => Math.hypot(affine[0]?.[c] ?? 0, affine[1]?.[c] ?? 0, affine[2]?.[c] ?? 0) || 1;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < data.length; i++) {
    const v = data[i] ?? 0;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (!Number.isFinite(lo)) lo = hi = 0;
  const a = lo * slope + inter;
  const b = hi * slope + inter;
  return {
    dims: [nx, ny, nz],
    data,
    slope,
    inter,
    affine,
    spacing: [col(0), col(1), col(2)],
    min: Math.min(a, b),
    max: Math.max(a, b),
    storedMin: lo,
    storedMax: hi,
    integer: !(data instanceof Float32Array || data instanceof Float64Array),
    datatype,
  };
}

/** World (mm) of voxel (i, j, k). */
export function voxelToWorld(affine: number[][], i: number, j: number, k: number): [number, number, number] {
  const r = (row: number): number => {
    const m = affine[row] ?? [];
    return (m[0] ?? 0) * i + (m[1] ?? 0) * j + (m[2] ?? 0) * k + (m[3] ?? 0);
  };
  return [r(0), r(1), r(2)];
}

function toArrayBuffer(b: ArrayBufferLike): ArrayBuffer {
  return b instanceof ArrayBuffer ? b : new Uint8Array(b).slice().buffer;
}

function voxels(raw: ArrayBuffer, code: number, n: number, littleEndian: boolean): VoxelArray {
  const native = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
  if (code === 128) {
    // RGB: shown as luminance, the viewer is greyscale.
    const rgb = new Uint8Array(raw, 0, n * 3);
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = Math.round(0.299 * (rgb[3 * i] ?? 0) + 0.587 * (rgb[3 * i + 1] ?? 0) + 0.114 * (rgb[3 * i + 2] ?? 0));
    return out;
  }
  if (littleEndian !== native) return swapped(raw, code, n, littleEndian);
  switch (code) {
    case 2: return new Uint8Array(raw, 0, n);
    case 256: return new Int8Array(raw, 0, n);
    case 4: return new Int16Array(raw, 0, n);
    case 512: return new Uint16Array(raw, 0, n);
    case 8: return new Int32Array(raw, 0, n);
    case 768: return new Uint32Array(raw, 0, n);
    case 16: return new Float32Array(raw, 0, n);
    default: return new Float64Array(raw, 0, n);
  }
}

/** Big-endian files on a little-endian machine (and the reverse): read through a DataView once. */
function swapped(raw: ArrayBuffer, code: number, n: number, le: boolean): VoxelArray {
  const v = new DataView(raw);
  const fill = <T extends VoxelArray>(out: T, get: (o: number) => number, size: number): T => {
    for (let i = 0; i < n; i++) out[i] = get(i * size);
    return out;
  };
  switch (code) {
    case 2: return new Uint8Array(raw, 0, n);
    case 256: return new Int8Array(raw, 0, n);
    case 4: return fill(new Int16Array(n), (o) => v.getInt16(o, le), 2);
    case 512: return fill(new Uint16Array(n), (o) => v.getUint16(o, le), 2);
    case 8: return fill(new Int32Array(n), (o) => v.getInt32(o, le), 4);
    case 768: return fill(new Uint32Array(n), (o) => v.getUint32(o, le), 4);
    case 16: return fill(new Float32Array(n), (o) => v.getFloat32(o, le), 4);
    default: return fill(new Float64Array(n), (o) => v.getFloat64(o, le), 8);
  }
}

/** nifti-reader-js prefers the qform when its code is higher; like nibabel and ITK-SNAP, prefer any sform. */
function chooseAffine(h: nifti.NIFTI1 | nifti.NIFTI2, buf: ArrayBuffer): number[][] {
  const affine = h.affine.map((row) => [...row]);
  if (h instanceof nifti.NIFTI1 && h.sform_code > 0 && h.qform_code > h.sform_code) {
    const v = new DataView(buf);
    for (let r = 0; r < 3; r++) for (let c = 0; c < 4; c++) (affine[r] as number[])[c] = v.getFloat32(280 + 16 * r + 4 * c, h.littleEndian);
  }
  return affine;
}
