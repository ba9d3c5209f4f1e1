import { test, mock } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, promises as fsp, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { gunzipSync } from 'node:zlib';
import path from 'node:path';
import { encodeNifti, writeNifti } from '../../../src/engine/io/writeNifti';
import type { WritableDatatype } from '../../../src/engine/io/writeNifti';
import { readNifti, readNiftiWithHeader } from '../../../src/engine/io/readNifti';
import { parseNiftiHeader } from '../../../src/engine/io/niftiHeader';
import { qformToAffine } from '../../../src/engine/io/qform';
import type { Mat4, Volume } from '../../../src/engine/io/volume';
import { sharedDataDir } from './niftiFixture';

function tempDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'medkd-write-'));
}

// Affine entries exactly representable in float32, so a round trip is bit-exact.
const LPS: Mat4 = [
  [-0.75, 0, 0, 120.5],
  [0, -0.75, 0, 96.25],
  [0, 0, 2.5, -40],
  [0, 0, 0, 1],
];

function volume(values: number[], sourceDatatype: string, dims: [number, number, number] = [3, 2, 2], channels = 1): Volume {
  return { data: Float32Array.from(values), dims, channels, spacing: [0.75, 0.75, 2.5], affine: LPS, sourceDatatype };
}

const samples: Record<WritableDatatype, number[]> = {
  uint8: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 200, 255],
  int8: [-128, -1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 127],
  int16: [-32768, -1024, 0, 1, 2, 3, 4, 5, 6, 7, 3071, 32767],
  uint16: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 40000, 65535],
  int32: [-2147483648, -1207, 0, 1, 2, 3, 4, 5, 6, 7, 3382, 16777216],
  uint32: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 65536, 4294967040],
  float32: [-3.5, 0, 0.25, 1e-7, 2, 3, 4, 5, 6, 7, 8, 4200.125],
  float64: [-3.5, 0, 0.25, 1e-7, 2, 3, 4, 5, 6, 7, 8, 4200.125],
};

test('write → read round-trips data, grid and affine for every writable datatype, .nii and .nii.gz', async () => {
  const dir = tempDir();
  try {
    for (const [type, values] of Object.entries(samples) as [WritableDatatype, number[]][]) {
      for (const ext of ['.nii', '.nii.gz']) {
        const file = path.join(dir, `${type}${ext}`);
        await writeNifti(file, volume(values, 'float32'), { datatype: type });
        const back = await readNifti(file);
        assert.deepEqual(Array.from(back.data), values.map((x) => Math.fround(x)), file);
        assert.equal(back.sourceDatatype, type);
        assert.deepEqual(back.dims, [3, 2, 2]);
        assert.deepEqual(back.spacing, [0.75, 0.75, 2.5]);
        assert.deepEqual(back.affine, LPS);
      }
    }
    // Channels go to dim[4].
    const fourD = path.join(dir, 'c.nii.gz');
    await writeNifti(fourD, volume([...samples.int16, ...samples.int16.map((x) => -x - 1)], 'int16', [3, 2, 2], 2));
    const back = await readNifti(fourD);
    assert.equal(back.channels, 2);
    assert.equal(back.data[12], 32767);
    assert.deepEqual(readdirSync(dir).filter((f) => f.endsWith('.tmp')), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('header fields match hand-computed values (sform, qform with quaternion and qfac)', () => {
  // 3×2×1 uint8 grid, affine LPS-like diag(-2, -3, 4): R = diag(-1, -1, 1) is a proper rotation (180° about z),
  // so qfac = +1 and (b, c, d) = (0, 0, 1).
  const affine: Mat4 = [
    [-2, 0, 0, 10],
    [0, -3, 0, 20],
    [0, 0, 4, 30],
    [0, 0, 0, 1],
  ];
  const bytes = encodeNifti({ data: Float32Array.from([0, 1, 2, 3, 4, 5]), dims: [3, 2, 1], channels: 1, spacing: [2, 3, 4], affine, sourceDatatype: 'uint8' }, 'h.nii');
  assert.equal(bytes.length, 352 + 6);
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  assert.equal(v.getInt32(0, true), 348);
  assert.deepEqual([0, 1, 2, 3, 4, 5, 6, 7].map((k) => v.getInt16(40 + 2 * k, true)), [3, 3, 2, 1, 1, 1, 1, 1]);
  assert.equal(v.getInt16(70, true), 2); // uint8
  assert.equal(v.getInt16(72, true), 8);
  assert.deepEqual([0, 1, 2, 3].map((k) => v.getFloat32(76 + 4 * k, true)), [1, 2, 3, 4]);
  assert.equal(v.getFloat32(108, true), 352);
  assert.equal(v.getFloat32(112, true), 1);
  assert.equal(v.getFloat32(116, true), 0);
  assert.equal(v.getUint8(123), 2); // mm
  assert.equal(v.getInt16(252, true), 1);
  assert.equal(v.getInt16(254, true), 1);
  assert.deepEqual([0, 1, 2].map((k) => v.getFloat32(256 + 4 * k, true) + 0), [0, 0, 1]);
  assert.deepEqual([0, 1, 2].map((k) => v.getFloat32(268 + 4 * k, true)), [10, 20, 30]);
  assert.deepEqual([0, 1, 2].map((i) => [0, 1, 2, 3].map((j) => v.getFloat32(280 + 16 * i + 4 * j, true))), affine.slice(0, 3));
  assert.deepEqual([...bytes.subarray(344, 352)], [0x6e, 0x2b, 0x31, 0, 0, 0, 0, 0]); // "n+1\0", no extensions
  assert.deepEqual([...bytes.subarray(352)], [0, 1, 2, 3, 4, 5]);

  // diag(-2, 3, 4) is left-handed: qfac = -1, and R with its 3rd column negated is diag(-1, 1, -1), 180° about y → (0, 1, 0).
  const las = encodeNifti({ data: new Float32Array(6), dims: [3, 2, 1], channels: 1, spacing: [2, 3, 4], affine: [[-2, 0, 0, 0], [0, 3, 0, 0], [0, 0, 4, 0], [0, 0, 0, 1]], sourceDatatype: 'uint8' }, 'las.nii');
  const w = new DataView(las.buffer, las.byteOffset, las.byteLength);
  assert.equal(w.getFloat32(76, true), -1);
  assert.deepEqual([0, 1, 2].map((k) => w.getFloat32(256 + 4 * k, true) + 0), [0, 1, 0]);
});

test('a real CT re-written keeps its voxels, datatype and affine, and its new qform matches its sform', async (t) => {
  const data = sharedDataDir();
  if (data === undefined) return t.skip('skipped: ../shared/data not found');
  const dir = tempDir();
  try {
    const src = await readNiftiWithHeader(path.join(data, 'abdomen-ct/example_ct_sm.nii.gz'));
    const out = path.join(dir, 'ct.nii.gz');
    await writeNifti(out, src.volume);
    const back = await readNiftiWithHeader(out);
    assert.deepEqual(back.volume.affine, src.volume.affine);
    assert.deepEqual(back.volume.data, src.volume.data);
    assert.equal(back.volume.sourceDatatype, 'int16');
    assert.deepEqual(back.header.srow, src.header.srow);
    const h = parseNiftiHeader(gunzipSync(readFileSync(out)), out);
    const q = qformToAffine({ quatern: h.quatern, qoffset: h.qoffset, pixdim: [h.pixdim[1]!, h.pixdim[2]!, h.pixdim[3]!], qfac: h.pixdim[0]! < 0 ? -1 : 1 });
    q.forEach((row, i) => row.forEach((x, j) => assert.ok(Math.abs(x - src.volume.affine[i]![j]!) < 1e-4, `qform[${i}][${j}]`)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('default datatype: the source type when every value fits it, else float32', async () => {
  const dir = tempDir();
  try {
    await writeNifti(path.join(dir, 'a.nii'), volume([...samples.int16], 'int16'));
    assert.equal((await readNifti(path.join(dir, 'a.nii'))).sourceDatatype, 'int16');
    // z-scored data that still claims int16 falls back to float32 rather than rounding.
    await writeNifti(path.join(dir, 'b.nii'), volume([0.5, ...samples.int16.slice(1)], 'int16'));
    const b = await readNifti(path.join(dir, 'b.nii'));
    assert.equal(b.sourceDatatype, 'float32');
    assert.equal(b.data[0], 0.5);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('values that do not fit, NaN, and bad grids are refused with one line naming the file', async () => {
  const dir = tempDir();
  try {
    const f = path.join(dir, 'x.nii');
    await assert.rejects(writeNifti(f, volume([300, ...samples.uint8.slice(1)], 'uint8'), { datatype: 'uint8' }), { message: `${f}: value 300 at voxel 0 does not fit uint8; write float32 instead` });
    await assert.rejects(writeNifti(f, volume([0, 2.5, ...samples.int16.slice(2)], 'int16'), { datatype: 'int16' }), { message: `${f}: value 2.5 at voxel 1 does not fit int16; write float32 instead` });
    await assert.rejects(writeNifti(f, volume([0, NaN, ...samples.int16.slice(2)], 'float32')), { message: `${f}: value NaN at voxel 1 cannot be written (NaN/Infinity)` });
    await assert.rejects(writeNifti(f, { ...volume(samples.uint8, 'uint8'), dims: [3, 2, 3] }), { message: `${f}: volume has 12 values, its grid 3×2×3×1 needs 18` });
    assert.equal(existsSync(f), false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a full disk gives one line naming the file and leaves neither a partial file nor a temp file; the old file survives', async () => {
  const dir = tempDir();
  const target = path.join(dir, 'pred.nii.gz');
  writeFileSync(target, 'previous contents');
  // Simulate ENOSPC half-way: the temp file gets some bytes, then the write fails.
  const real = fsp.writeFile;
  const m = mock.method(fsp, 'writeFile', async (file: string, bytes: Uint8Array, opts: object) => {
    await real(file, bytes.subarray(0, 10), opts);
    throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
  });
  try {
    await assert.rejects(writeNifti(target, volume(samples.uint8, 'uint8')), { name: 'NiftiError', message: `${target}: write failed (disk full)` });
    assert.equal(m.mock.callCount(), 1);
    assert.deepEqual(readdirSync(dir), ['pred.nii.gz']);
    assert.equal(readFileSync(target, 'utf8'), 'previous contents');
  } finally {
    m.mock.restore();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a missing folder gives one line naming the file', async () => {
  const dir = tempDir();
  try {
    const target = path.join(dir, 'no/such/folder/out.nii');
    await assert.rejects(writeNifti(target, volume(samples.uint8, 'uint8')), { message: `${target}: write failed (folder does not exist)` });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
