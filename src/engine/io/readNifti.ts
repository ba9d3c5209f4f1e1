// Reads .nii and .nii.gz (NIfTI-1 and NIfTI-2) into a Volume: voxels as float32 after scl_slope/scl_inter,
// 4D files as channels, one affine by the rule in niftiAffine.ts. Every failure is a one-line NiftiError.
import { promises as fsp } from 'node:fs';
import { constants as zlibConstants, gunzip, gunzipSync } from 'node:zlib';
import { promisify } from 'node:util';
import { niftiAffine } from './niftiAffine';
import type { AffineSource } from './niftiAffine';
import { datatypeByCode, datatypeCodeName } from './niftiDatatype';
import type { NiftiDatatype } from './niftiDatatype';
import { NiftiError } from './niftiError';
import { parseNiftiHeader } from './niftiHeader';
import type { NiftiHeader } from './niftiHeader';
import type { Volume } from './volume';

export interface ReadNiftiOptions {
  /** What to do with NaN/±Infinity voxels: 'error' (default) names the file and the count; 'zero' replaces them by 0. */
  nonFinite?: 'error' | 'zero';
}

/** A read volume with the header it came from. */
export interface NiftiRead {
  volume: Volume;
  header: NiftiHeader;
  affineSource: AffineSource;
  /** NaN/Infinity voxels replaced by 0 (only with nonFinite: 'zero'). */
  nonFiniteReplaced: number;
  /** The file was gzip-compressed. */
  compressed: boolean;
}

export async function readNifti(path: string, options: ReadNiftiOptions = {}): Promise<Volume> {
  return (await readNiftiWithHeader(path, options)).volume;
}

export function readNiftiBuffer(buf: ArrayBuffer | Uint8Array, name: string, options: ReadNiftiOptions = {}): Volume {
  return decodeNifti(buf, name, options).volume;
}

export async function readNiftiWithHeader(path: string, options: ReadNiftiOptions = {}): Promise<NiftiRead> {
  let file: Buffer;
  try {
    file = await fsp.readFile(path);
  } catch (err) {
    throw new NiftiError(path, describeReadError(err));
  }
  if (!isGzip(file)) return decodeUncompressed(file, path, options, false, false);
  // Inflate off the main thread; only a failure falls back to the synchronous path for its diagnosis.
  const inflated = await promisify(gunzip)(file).catch(() => undefined);
  return inflated !== undefined ? decodeUncompressed(inflated, path, options, true, false) : decodeNifti(file, path, options);
}

/** Synchronous decode of a whole file's bytes (gzipped or not). */
export function decodeNifti(buf: ArrayBuffer | Uint8Array, name: string, options: ReadNiftiOptions = {}): NiftiRead {
  const bytes = buf instanceof Uint8Array ? buf : new Uint8Array(buf);
  if (!isGzip(bytes)) return decodeUncompressed(bytes, name, options, false, false);
  try {
    return decodeUncompressed(gunzipSync(bytes), name, options, true, false);
  } catch (err) {
    if (err instanceof NiftiError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'Z_BUF_ERROR') throw new NiftiError(name, `corrupt gzip data (${err instanceof Error ? err.message : String(err)})`);
    // The stream stops early: inflate what is there so the error can say how much is missing.
    let partial: Buffer;
    try {
      partial = gunzipSync(bytes, { finishFlush: zlibConstants.Z_SYNC_FLUSH });
    } catch {
      throw new NiftiError(name, 'truncated gzip stream (the file ends early)');
    }
    return decodeUncompressed(partial, name, options, true, true);
  }
}

function decodeUncompressed(bytes: Uint8Array, file: string, options: ReadNiftiOptions, compressed: boolean, gzipTruncated: boolean): NiftiRead {
  const header = parseNiftiHeader(bytes, file);
  const type = datatypeByCode(header.datatypeCode);
  if (type === undefined) throw new NiftiError(file, `unsupported datatype ${datatypeCodeName(header.datatypeCode)} (datatype field = ${header.datatypeCode})`);
  const ndim = header.dim[0] ?? 0;
  if (!(ndim >= 1 && ndim <= 7)) throw new NiftiError(file, `dim[0] is ${ndim}, must be 1-7`);
  for (let i = 1; i <= ndim; i++) {
    const d = header.dim[i] ?? 0;
    if (!(d > 0)) throw new NiftiError(file, `dim[${i}] is ${d}, must be positive`);
  }
  const d = (i: number): number => (i <= ndim ? header.dim[i]! : 1);
  const dims: [number, number, number] = [d(1), d(2), d(3)];
  // Everything past the third dimension (time, vector components) becomes channels.
  const channels = d(4) * d(5) * d(6) * d(7);
  const count = dims[0] * dims[1] * dims[2] * channels;
  // vox_offset below the header (written as 0 by some tools) means "right after the header and its 4 extension bytes".
  const offset = header.voxOffset >= header.headerSize ? Math.floor(header.voxOffset) : header.headerSize + 4;
  const need = count * type.bytes;
  const have = Math.max(0, bytes.length - offset);
  if (have < need) {
    const stream = gzipTruncated ? 'gzip stream ends early: ' : '';
    throw new NiftiError(file, `truncated: ${stream}${have} of the ${need} voxel bytes the header describes (${dims.join('×')}×${channels} ${type.name}) are present`);
  }
  if (gzipTruncated) throw new NiftiError(file, 'truncated: the gzip stream ends before its checksum, so the voxels cannot be trusted');
  const data = decodeVoxels(bytes, offset, count, type, header.littleEndian, header.sclSlope, header.sclInter);
  let nonFinite = 0;
  for (let i = 0; i < data.length; i++) if (!Number.isFinite(data[i]!)) nonFinite++;
  if (nonFinite > 0) {
    if (options.nonFinite !== 'zero') throw new NiftiError(file, `${nonFinite} voxels are NaN or infinite (read with nonFinite: 'zero' to replace them by 0)`);
    for (let i = 0; i < data.length; i++) if (!Number.isFinite(data[i]!)) data[i] = 0;
  }
  const geometry = niftiAffine(header);
  return {
    volume: { data, dims, channels, spacing: geometry.spacing, affine: geometry.affine, sourceDatatype: type.name },
    header,
    affineSource: geometry.source,
    nonFiniteReplaced: nonFinite,
    compressed,
  };
}

function decodeVoxels(bytes: Uint8Array, offset: number, count: number, type: NiftiDatatype, littleEndian: boolean, slope: number, inter: number): Float32Array {
  // A fresh copy is aligned for typed-array views and can be byte-swapped in place.
  const raw = new Uint8Array(count * type.bytes);
  raw.set(bytes.subarray(offset, offset + raw.length));
  if (!littleEndian && type.bytes > 1) swapBytes(raw, type.bytes);
  const src = typedView(raw.buffer, type);
  const out = new Float32Array(count);
  // scl_slope 0 (or not finite) means "no scaling"; the arithmetic runs in double precision before rounding to float32.
  const scaled = Number.isFinite(slope) && slope !== 0 && Number.isFinite(inter) && !(slope === 1 && inter === 0);
  if (src instanceof BigInt64Array || src instanceof BigUint64Array) {
    for (let i = 0; i < count; i++) {
      const v = Number(src[i]!);
      out[i] = scaled ? v * slope + inter : v;
    }
  } else if (scaled) {
    for (let i = 0; i < count; i++) out[i] = src[i]! * slope + inter;
  } else {
    out.set(src);
  }
  return out;
}

type VoxelArray = Uint8Array | Int8Array | Int16Array | Uint16Array | Int32Array | Uint32Array | Float32Array | Float64Array | BigInt64Array | BigUint64Array;

function typedView(buf: ArrayBuffer, type: NiftiDatatype): VoxelArray {
  switch (type.name) {
    case 'uint8':
      return new Uint8Array(buf);
    case 'int8':
      return new Int8Array(buf);
    case 'int16':
      return new Int16Array(buf);
    case 'uint16':
      return new Uint16Array(buf);
    case 'int32':
      return new Int32Array(buf);
    case 'uint32':
      return new Uint32Array(buf);
    case 'float32':
      return new Float32Array(buf);
    case 'float64':
      return new Float64Array(buf);
    case 'int64':
      return new BigInt64Array(buf);
    case 'uint64':
      return new BigUint64Array(buf);
  }
}

function swapBytes(raw: Uint8Array, width: number): void {
  for (let i = 0; i < raw.length; i += width) {
    for (let a = i, b = i + width - 1; a < b; a++, b--) {
      const t = raw[a]!;
      raw[a] = raw[b]!;
      raw[b] = t;
    }
  }
}

function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

function describeReadError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'file not found';
  if (code === 'EISDIR') return 'is a folder, not a NIfTI file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return `cannot read (${err instanceof Error ? err.message : String(err)})`;
}
