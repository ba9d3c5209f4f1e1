// The NIfTI-1 (348-byte) and NIfTI-2 (540-byte) headers, parsed from bytes into one shape.
// Parsed here with a DataView rather than through nifti-reader-js: that package exports ESM only
// (no "require" condition), so the CommonJS engine cannot load it synchronously; its tests serve as our oracle.
import { NiftiError } from './niftiError';

export interface NiftiHeader {
  version: 1 | 2;
  littleEndian: boolean;
  /** dim[0..7]: dim[0] is the number of dimensions in use. */
  dim: number[];
  datatypeCode: number;
  bitpix: number;
  /** pixdim[0..7]: pixdim[0] is qfac (±1), pixdim[1..3] the voxel size. */
  pixdim: number[];
  voxOffset: number;
  sclSlope: number;
  sclInter: number;
  xyztUnits: number;
  calMin: number;
  calMax: number;
  description: string;
  qformCode: number;
  sformCode: number;
  /** Quaternion b, c, d (a is implied). */
  quatern: [number, number, number];
  qoffset: [number, number, number];
  /** srow_x, srow_y, srow_z. */
  srow: [number[], number[], number[]];
  intentCode: number;
  intentName: string;
  /** Size of the fixed header (348 or 540); data and extensions follow it. */
  headerSize: number;
}

const NIFTI1_SIZE = 348;
const NIFTI2_SIZE = 540;
const NIFTI2_MAGIC_TAIL = [0x0d, 0x0a, 0x1a, 0x0a];

/** Parses the header at the start of `bytes` (an uncompressed file); throws NiftiError naming `file`. */
export function parseNiftiHeader(bytes: Uint8Array, file: string): NiftiHeader {
  if (bytes.length < 4) throw new NiftiError(file, `not a NIfTI file (only ${bytes.length} bytes)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const le = view.getInt32(0, true);
  const be = view.getInt32(0, false);
  const size = le === NIFTI1_SIZE || le === NIFTI2_SIZE ? le : be === NIFTI1_SIZE || be === NIFTI2_SIZE ? be : undefined;
  if (size === undefined) throw new NiftiError(file, `not a NIfTI file (sizeof_hdr is ${le}, expected 348 or 540)`);
  const littleEndian = size === le;
  if (bytes.length < size) throw new NiftiError(file, `truncated: ${bytes.length} bytes, the NIfTI-${size === NIFTI1_SIZE ? 1 : 2} header alone needs ${size}`);
  return size === NIFTI1_SIZE ? parseNifti1(view, bytes, littleEndian, file) : parseNifti2(view, bytes, littleEndian, file);
}

function parseNifti1(v: DataView, bytes: Uint8Array, le: boolean, file: string): NiftiHeader {
  const magic = ascii(bytes, 344, 4);
  if (magic === 'ni1') throw new NiftiError(file, 'a .hdr/.img pair header (magic "ni1"); only single-file .nii/.nii.gz is supported');
  if (magic !== 'n+1') throw new NiftiError(file, `not a NIfTI file (sizeof_hdr is 348 but magic is ${JSON.stringify(magic)}: an Analyze 7.5 header?)`);
  const i16 = (o: number): number => v.getInt16(o, le);
  const f32 = (o: number): number => v.getFloat32(o, le);
  const f32s = (o: number, n: number): number[] => Array.from({ length: n }, (_, k) => f32(o + 4 * k));
  return {
    version: 1,
    littleEndian: le,
    dim: Array.from({ length: 8 }, (_, k) => i16(40 + 2 * k)),
    intentCode: i16(68),
    datatypeCode: i16(70),
    bitpix: i16(72),
    pixdim: f32s(76, 8),
    voxOffset: f32(108),
    sclSlope: f32(112),
    sclInter: f32(116),
    xyztUnits: v.getUint8(123),
    calMax: f32(124),
    calMin: f32(128),
    description: ascii(bytes, 148, 80),
    qformCode: i16(252),
    sformCode: i16(254),
    quatern: [f32(256), f32(260), f32(264)],
    qoffset: [f32(268), f32(272), f32(276)],
    srow: [f32s(280, 4), f32s(296, 4), f32s(312, 4)],
    intentName: ascii(bytes, 328, 16),
    headerSize: NIFTI1_SIZE,
  };
}

function parseNifti2(v: DataView, bytes: Uint8Array, le: boolean, file: string): NiftiHeader {
  const magic = ascii(bytes, 4, 4);
  if (magic === 'ni2') throw new NiftiError(file, 'a .hdr/.img pair header (magic "ni2"); only single-file .nii/.nii.gz is supported');
  if (magic !== 'n+2') throw new NiftiError(file, `not a NIfTI file (sizeof_hdr is 540 but magic is ${JSON.stringify(magic)})`);
  if (NIFTI2_MAGIC_TAIL.some((b, k) => bytes[8 + k] !== b)) throw new NiftiError(file, 'damaged NIfTI-2 signature (line endings changed by a text-mode transfer?)');
  const i64 = (o: number): number => Number(v.getBigInt64(o, le));
  const f64 = (o: number): number => v.getFloat64(o, le);
  const f64s = (o: number, n: number): number[] => Array.from({ length: n }, (_, k) => f64(o + 8 * k));
  return {
    version: 2,
    littleEndian: le,
    datatypeCode: v.getInt16(12, le),
    bitpix: v.getInt16(14, le),
    dim: Array.from({ length: 8 }, (_, k) => i64(16 + 8 * k)),
    pixdim: f64s(104, 8),
    voxOffset: i64(168),
    sclSlope: f64(176),
    sclInter: f64(184),
    calMax: f64(192),
    calMin: f64(200),
    description: ascii(bytes, 240, 80),
    qformCode: v.getInt32(344, le),
    sformCode: v.getInt32(348, le),
    quatern: [f64(352), f64(360), f64(368)],
    qoffset: [f64(376), f64(384), f64(392)],
    srow: [f64s(400, 4), f64s(432, 4), f64s(464, 4)],
    xyztUnits: v.getInt32(500, le),
    intentCode: v.getInt32(504, le),
    intentName: ascii(bytes, 508, 16),
    headerSize: NIFTI2_SIZE,
  };
}

/** A NUL-terminated ASCII field. */
function ascii(bytes: Uint8Array, offset: number, length: number): string {
  let s = '';
  for (let i = offset; i < offset + length; i++) {
    const c = bytes[i] ?? 0;
    if (c === 0) break;
    s += String.fromCharCode(c);
  }
  return s;
}
