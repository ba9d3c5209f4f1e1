// Hand-built NIfTI files for tests, written field by field with a DataView (independent of writeNifti).
import path from 'node:path';
import { existsSync } from 'node:fs';

export interface FixtureFields {
  version?: 1 | 2;
  littleEndian?: boolean;
  datatype: number;
  bitpix: number;
  dim: number[];
  pixdim?: number[];
  voxOffset?: number;
  sclSlope?: number;
  sclInter?: number;
  xyztUnits?: number;
  qformCode?: number;
  sformCode?: number;
  quatern?: number[];
  qoffset?: number[];
  srow?: number[][];
  magic?: string;
  /** Raw voxel bytes, already in the file's byte order. */
  voxels: Uint8Array;
}

export function buildNifti(f: FixtureFields): Uint8Array {
  return (f.version ?? 1) === 1 ? build1(f) : build2(f);
}

function build1(f: FixtureFields): Uint8Array {
  const le = f.littleEndian ?? true;
  const off = f.voxOffset ?? 352;
  const bytes = new Uint8Array(off + f.voxels.length);
  const v = new DataView(bytes.buffer);
  v.setInt32(0, 348, le);
  for (let k = 0; k < 8; k++) v.setInt16(40 + 2 * k, f.dim[k] ?? 0, le);
  v.setInt16(70, f.datatype, le);
  v.setInt16(72, f.bitpix, le);
  const pixdim = f.pixdim ?? [1, 1, 1, 1, 1, 1, 1, 1];
  for (let k = 0; k < 8; k++) v.setFloat32(76 + 4 * k, pixdim[k] ?? 0, le);
  v.setFloat32(108, off, le);
  v.setFloat32(112, f.sclSlope ?? 1, le);
  v.setFloat32(116, f.sclInter ?? 0, le);
  v.setUint8(123, f.xyztUnits ?? 2);
  v.setInt16(252, f.qformCode ?? 0, le);
  v.setInt16(254, f.sformCode ?? 0, le);
  (f.quatern ?? [0, 0, 0]).forEach((q, k) => v.setFloat32(256 + 4 * k, q, le));
  (f.qoffset ?? [0, 0, 0]).forEach((q, k) => v.setFloat32(268 + 4 * k, q, le));
  (f.srow ?? [[0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]]).forEach((r, i) => r.forEach((x, j) => v.setFloat32(280 + 16 * i + 4 * j, x, le)));
  const magic = f.magic ?? 'n+1';
  for (let k = 0; k < magic.length; k++) bytes[344 + k] = magic.charCodeAt(k);
  bytes.set(f.voxels, off);
  return bytes;
}

function build2(f: FixtureFields): Uint8Array {
  const le = f.littleEndian ?? true;
  const off = f.voxOffset ?? 544;
  const bytes = new Uint8Array(off + f.voxels.length);
  const v = new DataView(bytes.buffer);
  v.setInt32(0, 540, le);
  const magic = f.magic ?? 'n+2\0\r\n\x1a\n';
  for (let k = 0; k < magic.length; k++) bytes[4 + k] = magic.charCodeAt(k);
  v.setInt16(12, f.datatype, le);
  v.setInt16(14, f.bitpix, le);
  for (let k = 0; k < 8; k++) v.setBigInt64(16 + 8 * k, BigInt(f.dim[k] ?? 0), le);
  const pixdim = f.pixdim ?? [1, 1, 1, 1, 1, 1, 1, 1];
  for (let k = 0; k < 8; k++) v.setFloat64(104 + 8 * k, pixdim[k] ?? 0, le);
  v.setBigInt64(168, BigInt(off), le);
  v.setFloat64(176, f.sclSlope ?? 1, le);
  v.setFloat64(184, f.sclInter ?? 0, le);
  v.setInt32(344, f.qformCode ?? 0, le);
  v.setInt32(348, f.sformCode ?? 0, le);
  (f.quatern ?? [0, 0, 0]).forEach((q, k) => v.setFloat64(352 + 8 * k, q, le));
  (f.qoffset ?? [0, 0, 0]).forEach((q, k) => v.setFloat64(376 + 8 * k, q, le));
  (f.srow ?? [[0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]]).forEach((r, i) => r.forEach((x, j) => v.setFloat64(400 + 32 * i + 8 * j, x, le)));
  v.setInt32(500, f.xyztUnits ?? 2, le);
  bytes.set(f.voxels, off);
  return bytes;
}

/** ../shared/data beside the repository, or undefined when it is absent. */
export function sharedDataDir(): string | undefined {
  const dir = path.resolve(__dirname, '../../../../shared/data');
  return existsSync(dir) ? dir : undefined;
}
