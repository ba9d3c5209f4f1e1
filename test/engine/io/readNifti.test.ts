import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { decodeNifti, readNifti, readNiftiBuffer } from '../../../src/engine/io/readNifti';
import { NiftiError } from '../../../src/engine/io/niftiError';
import { buildNifti } from './niftiFixture';

// A 2×2×1 grid for every datatype; values chosen to hit each type's sign and range.
const cases: { name: string; code: number; bitpix: number; values: number[]; make: (v: number[]) => ArrayBufferView }[] = [
  { name: 'uint8', code: 2, bitpix: 8, values: [0, 1, 128, 255], make: (v) => Uint8Array.from(v) },
  { name: 'int8', code: 256, bitpix: 8, values: [-128, -1, 0, 127], make: (v) => Int8Array.from(v) },
  { name: 'int16', code: 4, bitpix: 16, values: [-32768, -1024, 3071, 32767], make: (v) => Int16Array.from(v) },
  { name: 'uint16', code: 512, bitpix: 16, values: [0, 1, 40000, 65535], make: (v) => Uint16Array.from(v) },
  { name: 'int32', code: 8, bitpix: 32, values: [-1207, 0, 3382, 16777216], make: (v) => Int32Array.from(v) },
  { name: 'uint32', code: 768, bitpix: 32, values: [0, 7, 65536, 16777216], make: (v) => Uint32Array.from(v) },
  { name: 'float32', code: 16, bitpix: 32, values: [-3.5, 0, 0.25, 4200.5], make: (v) => Float32Array.from(v) },
  { name: 'float64', code: 64, bitpix: 64, values: [-1e-3, 0, 1.5, 1e6], make: (v) => Float64Array.from(v) },
  { name: 'int64', code: 1024, bitpix: 64, values: [-5, 0, 3, 2 ** 40], make: (v) => BigInt64Array.from(v.map(BigInt)) },
  { name: 'uint64', code: 1280, bitpix: 64, values: [0, 1, 255, 2 ** 40], make: (v) => BigUint64Array.from(v.map(BigInt)) },
];

const bytesOf = (a: ArrayBufferView): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

for (const c of cases) {
  test(`reads ${c.name} voxels exactly`, () => {
    const file = buildNifti({ datatype: c.code, bitpix: c.bitpix, dim: [3, 2, 2, 1], voxels: bytesOf(c.make(c.values)) });
    const v = readNiftiBuffer(file, `t.${c.name}.nii`);
    assert.deepEqual(Array.from(v.data), c.values.map((x) => Math.fround(x)));
    assert.equal(v.sourceDatatype, c.name);
    assert.deepEqual(v.dims, [2, 2, 1]);
  });
}

test('big-endian files are byte-swapped', () => {
  // int16 [-2, 300] big-endian: 0xFFFE, 0x012C.
  const voxels = Uint8Array.from([0xff, 0xfe, 0x01, 0x2c]);
  const v = readNiftiBuffer(buildNifti({ littleEndian: false, datatype: 4, bitpix: 16, dim: [3, 2, 1, 1], pixdim: [1, 0.5, 2, 3], voxels }), 'be.nii');
  assert.deepEqual(Array.from(v.data), [-2, 300]);
  assert.deepEqual(v.spacing, [0.5, 2, 3]);
});

test('a Buffer view at an odd byte offset reads the same (header DataView and voxel copy honour byteOffset)', () => {
  const file = buildNifti({ datatype: 16, bitpix: 32, dim: [3, 2, 1, 1], voxels: bytesOf(Float32Array.from([1.5, -2])) });
  const shifted = Buffer.concat([Buffer.alloc(3), Buffer.from(file)]).subarray(3);
  assert.equal(shifted.byteOffset % 4, 3);
  assert.deepEqual(Array.from(readNiftiBuffer(shifted, 'odd.nii').data), [1.5, -2]);
});

test('scl_slope/scl_inter scale the voxels; slope 0 means no scaling', () => {
  const voxels = bytesOf(Int16Array.from([0, 10, -4]));
  const scaled = readNiftiBuffer(buildNifti({ datatype: 4, bitpix: 16, dim: [3, 3, 1, 1], sclSlope: 0.5, sclInter: -1024, voxels }), 's.nii');
  assert.deepEqual(Array.from(scaled.data), [-1024, -1019, -1026]);
  const unscaled = readNiftiBuffer(buildNifti({ datatype: 4, bitpix: 16, dim: [3, 3, 1, 1], sclSlope: 0, sclInter: 7, voxels }), 'u.nii');
  assert.deepEqual(Array.from(unscaled.data), [0, 10, -4]);
});

test('int32 ±2^31 with slope 2^-32 and intercept 0.5 become exactly 0 and 1 (the brainmask trap)', () => {
  const voxels = bytesOf(Int32Array.from([-2147483648, 2147483647, -2147483648]));
  const v = readNiftiBuffer(buildNifti({ datatype: 8, bitpix: 32, dim: [3, 3, 1, 1], sclSlope: 2 ** -32, sclInter: 0.5, voxels }), 'mask.nii');
  assert.deepEqual(Array.from(v.data), [0, 1, 0]);
});

test('a 4D file becomes channels (dim[4]), channel-major after the 3D grid', () => {
  // 2×1×1 grid, 3 channels: values c·10 + x.
  const voxels = bytesOf(Uint8Array.from([0, 1, 10, 11, 20, 21]));
  const v = readNiftiBuffer(buildNifti({ datatype: 2, bitpix: 8, dim: [4, 2, 1, 1, 3], voxels }), '4d.nii');
  assert.equal(v.channels, 3);
  assert.deepEqual(v.dims, [2, 1, 1]);
  assert.deepEqual(Array.from(v.data), [0, 1, 10, 11, 20, 21]);
});

test('affine rule: sform when sform_code > 0, else qform, else pixdim', () => {
  const voxels = new Uint8Array(1);
  const base = { datatype: 2, bitpix: 8, dim: [3, 1, 1, 1], pixdim: [-1, 2, 3, 4, 1, 1, 1, 1], voxels };
  // qform: 180° about z (b,c,d = 0,0,1) → diag(-2, -3, ·); qfac -1 flips k → -4 · (+1) = -4.
  const quat = { quatern: [0, 0, 1], qoffset: [10, 20, 30] };
  const srow = [
    [0, 0, 4, -1],
    [2, 0, 0, -2],
    [0, 3, 0, -3],
  ];
  const sform = decodeNifti(buildNifti({ ...base, ...quat, srow, qformCode: 1, sformCode: 2 }), 'a.nii');
  assert.equal(sform.affineSource, 'sform');
  assert.deepEqual(sform.volume.affine, [...srow, [0, 0, 0, 1]]);
  const qform = decodeNifti(buildNifti({ ...base, ...quat, srow, qformCode: 1, sformCode: 0 }), 'b.nii');
  assert.equal(qform.affineSource, 'qform');
  assert.deepEqual(
    qform.volume.affine.map((r) => r.map((x) => x + 0)),
    [
      [-2, 0, 0, 10],
      [0, -3, 0, 20],
      [0, 0, -4, 30],
      [0, 0, 0, 1],
    ],
  );
  const plain = decodeNifti(buildNifti({ ...base, ...quat, srow }), 'c.nii');
  assert.equal(plain.affineSource, 'pixdim');
  assert.deepEqual(plain.volume.affine, [
    [2, 0, 0, 0],
    [0, 3, 0, 0],
    [0, 0, 4, 0],
    [0, 0, 0, 1],
  ]);
  assert.deepEqual(plain.volume.spacing, [2, 3, 4]);
});

test('lengths in metres or microns are converted to millimetres', () => {
  const v = readNiftiBuffer(
    buildNifti({ datatype: 2, bitpix: 8, dim: [3, 1, 1, 1], pixdim: [1, 0.001, 0.002, 0.003], xyztUnits: 1, sformCode: 1, srow: [[0.001, 0, 0, 0.5], [0, 0.002, 0, 0], [0, 0, 0.003, 0]], voxels: new Uint8Array(1) }),
    'm.nii',
  );
  assert.deepEqual(v.spacing.map((s) => Math.round(s * 1e6) / 1e6), [1, 2, 3]);
  assert.equal(Math.round(v.affine[0][3] * 1e4) / 1e4, 500);
});

test('NIfTI-2: int64 dims, float64 pixdim and srow', () => {
  const srow = [
    [-0.5, 0, 0, 100.25],
    [0, 0.5, 0, -7],
    [0, 0, 1.25, 3],
  ];
  const voxels = bytesOf(Float64Array.from([1.5, -2.25, 1e-9]));
  const v = readNiftiBuffer(buildNifti({ version: 2, datatype: 64, bitpix: 64, dim: [3, 3, 1, 1], pixdim: [1, 0.5, 0.5, 1.25], sformCode: 1, srow, voxels }), 'n2.nii');
  assert.deepEqual(v.affine, [...srow, [0, 0, 0, 1]]);
  assert.deepEqual(v.spacing, [0.5, 0.5, 1.25]);
  assert.deepEqual(Array.from(v.data), [1.5, -2.25, Math.fround(1e-9)]);
});

test('NaN/Inf voxels: an error naming the file and count, or zeros on request', () => {
  const voxels = bytesOf(Float32Array.from([1, NaN, Infinity, 2]));
  const file = buildNifti({ datatype: 16, bitpix: 32, dim: [3, 4, 1, 1], voxels });
  assert.throws(() => readNiftiBuffer(file, 'nan.nii'), { name: 'NiftiError', message: "nan.nii: 2 voxels are NaN or infinite (read with nonFinite: 'zero' to replace them by 0)" });
  const r = decodeNifti(file, 'nan.nii', { nonFinite: 'zero' });
  assert.deepEqual(Array.from(r.volume.data), [1, 0, 0, 2]);
  assert.equal(r.nonFiniteReplaced, 2);
});

test('errors: one line naming the file and the reason', () => {
  const ok = buildNifti({ datatype: 4, bitpix: 16, dim: [3, 4, 4, 4], voxels: new Uint8Array(128) });
  const expect = (bytes: Uint8Array, name: string, message: string | RegExp): void => {
    assert.throws(() => readNiftiBuffer(bytes, name), (err: unknown) => {
      assert.ok(err instanceof NiftiError);
      assert.ok(!err.message.includes('\n'));
      if (typeof message === 'string') assert.equal(err.message, message);
      else assert.match(err.message, message);
      return true;
    });
  };
  expect(ok.subarray(0, 300), 'short.nii', 'short.nii: truncated: 300 bytes, the NIfTI-1 header alone needs 348');
  expect(ok.subarray(0, 400), 'cut.nii', 'cut.nii: truncated: 48 of the 128 voxel bytes the header describes (4×4×4×1 int16) are present');
  const gz = gzipSync(ok);
  // Cut inside the deflate stream, and just before the 8-byte CRC/length trailer (all voxel bytes present).
  expect(gz.subarray(0, gz.length >> 1), 'cut.nii.gz', /^cut\.nii\.gz: truncated: (gzip stream ends early: \d+ of the 128 voxel bytes|\d+ bytes, the NIfTI-1 header alone needs 348)/);
  expect(gz.subarray(0, gz.length - 4), 'tail.nii.gz', 'tail.nii.gz: truncated: the gzip stream ends before its checksum, so the voxels cannot be trusted');
  expect(gzipSync(ok.subarray(0, 400)), 'cut2.nii.gz', 'cut2.nii.gz: truncated: 48 of the 128 voxel bytes the header describes (4×4×4×1 int16) are present');
  const corrupt = gzipSync(ok);
  corrupt[corrupt.length - 6] = corrupt[corrupt.length - 6]! ^ 0xff; // inside the CRC-32 trailer
  expect(corrupt, 'crc.nii.gz', /^crc\.nii\.gz: corrupt gzip data \(/);
  expect(new TextEncoder().encode('this is a text file, not an image\n'.repeat(20)), 'notes.nii', /^notes\.nii: not a NIfTI file \(sizeof_hdr is \d+, expected 348 or 540\)$/);
  expect(buildNifti({ datatype: 4, bitpix: 16, dim: [3, 1, 1, 1], magic: '\0\0\0', voxels: new Uint8Array(2) }), 'analyze.nii', /analyze\.nii: not a NIfTI file \(sizeof_hdr is 348 but magic is ""/);
  expect(buildNifti({ datatype: 4, bitpix: 16, dim: [3, 1, 1, 1], magic: 'ni1', voxels: new Uint8Array(2) }), 'pair.hdr', /pair\.hdr: a \.hdr\/\.img pair header/);
  expect(buildNifti({ datatype: 32, bitpix: 64, dim: [3, 1, 1, 1], voxels: new Uint8Array(8) }), 'cplx.nii', 'cplx.nii: unsupported datatype complex64 (datatype field = 32)');
  expect(buildNifti({ datatype: 128, bitpix: 24, dim: [3, 1, 1, 1], voxels: new Uint8Array(3) }), 'rgb.nii', 'rgb.nii: unsupported datatype rgb24 (datatype field = 128)');
  expect(buildNifti({ datatype: 2, bitpix: 8, dim: [3, 4, 0, 2], voxels: new Uint8Array(0) }), 'zero.nii', 'zero.nii: dim[2] is 0, must be positive');
  expect(buildNifti({ datatype: 2, bitpix: 8, dim: [3, 4, -3, 2], voxels: new Uint8Array(0) }), 'neg.nii', 'neg.nii: dim[2] is -3, must be positive');
  expect(buildNifti({ datatype: 2, bitpix: 8, dim: [9, 1, 1, 1], voxels: new Uint8Array(1) }), 'ndim.nii', 'ndim.nii: dim[0] is 9, must be 1-7');
  expect(buildNifti({ version: 2, datatype: 2, bitpix: 8, dim: [3, 1, 1, 1], magic: 'n+2\0\n\x1a\n\0', voxels: new Uint8Array(1) }), 'n2.nii', 'n2.nii: damaged NIfTI-2 signature (line endings changed by a text-mode transfer?)');
});

test('readNifti reads .nii and .nii.gz from disk and names missing files', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'medkd-read-'));
  try {
    const file = buildNifti({ datatype: 4, bitpix: 16, dim: [3, 2, 1, 1], voxels: bytesOf(Int16Array.from([-7, 9])) });
    writeFileSync(path.join(dir, 'a.nii'), file);
    writeFileSync(path.join(dir, 'a.nii.gz'), gzipSync(file));
    assert.deepEqual(Array.from((await readNifti(path.join(dir, 'a.nii'))).data), [-7, 9]);
    assert.deepEqual(Array.from((await readNifti(path.join(dir, 'a.nii.gz'))).data), [-7, 9]);
    const missing = path.join(dir, 'nope.nii.gz');
    await assert.rejects(readNifti(missing), { message: `${missing}: file not found` });
    await assert.rejects(readNifti(dir), { message: `${dir}: is a folder, not a NIfTI file` });
    writeFileSync(path.join(dir, 'cut.nii.gz'), gzipSync(file).subarray(0, 30));
    await assert.rejects(readNifti(path.join(dir, 'cut.nii.gz')), /cut\.nii\.gz: truncated/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
