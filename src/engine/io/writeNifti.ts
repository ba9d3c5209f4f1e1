// Writes a Volume as NIfTI-1 (.nii, or .nii.gz when the name says so), with the affine as sform AND a matching
// qform so the output overlays its image in any viewer. Atomic: a temp file beside the target, then a rename.
import { promises as fsp } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { gzip } from 'node:zlib';
import { promisify } from 'node:util';
import { datatypeByName } from './niftiDatatype';
import type { NiftiDatatype, NiftiDatatypeName } from './niftiDatatype';
import { NiftiError } from './niftiError';
import { affineToQform } from './qform';
import type { Volume } from './volume';

export type WritableDatatype = Exclude<NiftiDatatypeName, 'int64' | 'uint64'>;

export interface WriteNiftiOptions {
  /** Storage type; default: the volume's sourceDatatype when every value fits it exactly, else float32. */
  datatype?: WritableDatatype;
  /** qform_code and sform_code to write (1 scanner, 2 aligned, 3 Talairach, 4 MNI); default 1. */
  xformCode?: number;
  /** descrip field (up to 79 ASCII characters). */
  description?: string;
}

const HEADER_SIZE = 348;
const VOX_OFFSET = 352;

export async function writeNifti(path: string, volume: Volume, options: WriteNiftiOptions = {}): Promise<void> {
  const raw = encodeNifti(volume, path, options);
  const bytes = /\.gz$/i.test(path) ? await promisify(gzip)(raw, { level: 6 }) : raw;
  await writeAtomic(path, bytes);
}

/** The uncompressed .nii bytes for `volume`; `file` only names the target in errors. */
export function encodeNifti(volume: Volume, file: string, options: WriteNiftiOptions = {}): Uint8Array {
  const type = chooseDatatype(volume, file, options.datatype);
  const [nx, ny, nz] = volume.dims;
  const count = nx * ny * nz * volume.channels;
  if (volume.data.length !== count) throw new NiftiError(file, `volume has ${volume.data.length} values, its grid ${volume.dims.join('×')}×${volume.channels} needs ${count}`);
  for (const [i, n] of [nx, ny, nz, volume.channels].entries()) {
    if (!(Number.isInteger(n) && n >= 1 && n <= 32767)) throw new NiftiError(file, `dimension ${i + 1} is ${n}; NIfTI-1 allows 1-32767`);
  }
  const qform = affineToQform(volume.affine);
  const buf = new ArrayBuffer(VOX_OFFSET + count * type.bytes);
  const v = new DataView(buf);
  const bytes = new Uint8Array(buf);
  const le = true;
  v.setInt32(0, HEADER_SIZE, le);
  // dim: 3 spatial dimensions, a 4th for channels.
  const dim = [volume.channels > 1 ? 4 : 3, nx, ny, nz, volume.channels, 1, 1, 1];
  dim.forEach((d, k) => v.setInt16(40 + 2 * k, d, le));
  v.setInt16(70, type.code, le);
  v.setInt16(72, type.bytes * 8, le);
  // pixdim[1..3] are the affine's column lengths, so the qform (which scales by pixdim) reproduces the sform.
  const pixdim = [qform.qfac, qform.pixdim[0], qform.pixdim[1], qform.pixdim[2], 1, 1, 1, 1];
  pixdim.forEach((p, k) => v.setFloat32(76 + 4 * k, p, le));
  v.setFloat32(108, VOX_OFFSET, le);
  v.setFloat32(112, 1, le); // scl_slope: values are stored as they are
  v.setFloat32(116, 0, le);
  v.setUint8(123, 2); // xyzt_units: millimetres
  writeAscii(bytes, 148, 80, options.description ?? 'MedKD');
  const code = options.xformCode ?? 1;
  v.setInt16(252, code, le);
  v.setInt16(254, code, le);
  qform.quatern.forEach((q, k) => v.setFloat32(256 + 4 * k, q, le));
  qform.qoffset.forEach((q, k) => v.setFloat32(268 + 4 * k, q, le));
  for (let i = 0; i < 3; i++) for (let j = 0; j < 4; j++) v.setFloat32(280 + 16 * i + 4 * j, volume.affine[i]![j]!, le);
  writeAscii(bytes, 344, 4, 'n+1');
  // Bytes 348-351 stay zero: no extensions.
  writeVoxels(buf, VOX_OFFSET, volume.data, type);
  return bytes;
}

function chooseDatatype(volume: Volume, file: string, requested: WritableDatatype | undefined): NiftiDatatype {
  // readNifti refuses NaN/Infinity, so never write them.
  const nonFinite = volume.data.findIndex((x) => !Number.isFinite(x));
  if (nonFinite >= 0) throw new NiftiError(file, `value ${volume.data[nonFinite]} at voxel ${nonFinite} cannot be written (NaN/Infinity)`);
  if (requested !== undefined) {
    const type = datatypeByName(requested);
    if (type === undefined || type.name === 'int64' || type.name === 'uint64') throw new NiftiError(file, `cannot write datatype ${requested}`);
    const bad = firstMisfit(volume.data, type);
    if (bad >= 0) throw new NiftiError(file, `value ${volume.data[bad]} at voxel ${bad} does not fit ${type.name}; write float32 instead`);
    return type;
  }
  const source = datatypeByName(volume.sourceDatatype);
  if (source !== undefined && source.name !== 'int64' && source.name !== 'uint64' && firstMisfit(volume.data, source) < 0) return source;
  return datatypeByName('float32')!;
}

/** Index of the first value the type cannot hold exactly, or -1. */
function firstMisfit(data: Float32Array, type: NiftiDatatype): number {
  if (!type.integer) return -1;
  for (let i = 0; i < data.length; i++) {
    const x = data[i]!;
    if (!Number.isInteger(x) || x < type.min || x > type.max) return i;
  }
  return -1;
}

function writeVoxels(buf: ArrayBuffer, offset: number, data: Float32Array, type: NiftiDatatype): void {
  const n = data.length;
  // Offset 352 is 8-byte aligned, so typed views over the output work for every width (little-endian hosts).
  switch (type.name) {
    case 'uint8':
      new Uint8Array(buf, offset, n).set(data);
      return;
    case 'int8':
      new Int8Array(buf, offset, n).set(data);
      return;
    case 'int16':
      new Int16Array(buf, offset, n).set(data);
      return;
    case 'uint16':
      new Uint16Array(buf, offset, n).set(data);
      return;
    case 'int32':
      new Int32Array(buf, offset, n).set(data);
      return;
    case 'uint32':
      new Uint32Array(buf, offset, n).set(data);
      return;
    case 'float32':
      new Float32Array(buf, offset, n).set(data);
      return;
    case 'float64':
      new Float64Array(buf, offset, n).set(data);
      return;
    case 'int64':
    case 'uint64':
      throw new Error(`writeVoxels: ${type.name} is not writable`);
  }
}

function writeAscii(bytes: Uint8Array, offset: number, maxLength: number, text: string): void {
  for (let i = 0; i < Math.min(text.length, maxLength - 1); i++) bytes[offset + i] = text.charCodeAt(i) & 0x7f;
}

async function writeAtomic(path: string, bytes: Uint8Array): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${Math.random().toString(36).slice(2, 10)}.tmp`);
  try {
    await fsp.writeFile(tmp, bytes, { flag: 'wx' });
    await fsp.rename(tmp, path);
  } catch (err) {
    await fsp.unlink(tmp).catch(() => undefined);
    throw new NiftiError(path, `write failed (${describeWriteError(err)})`);
  }
}

function describeWriteError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOSPC') return 'disk full';
  if (code === 'EDQUOT') return 'disk quota exceeded';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ENOENT') return 'folder does not exist';
  if (code === 'EROFS') return 'read-only file system';
  return err instanceof Error ? err.message : String(err);
}
