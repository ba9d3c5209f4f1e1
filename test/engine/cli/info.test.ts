import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { gzipSync } from 'node:zlib';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { makeInfoCommand } from '../../../src/engine/cli/info';
import type { VolumeInfoDetails } from '../../../src/engine/cli/info';
import { buildNifti, sharedDataDir } from '../io/niftiFixture';

const repoRoot = path.resolve(__dirname, '../../..');

async function runInfo(args: string[]): Promise<string> {
  let out = '';
  const code = await makeInfoCommand((t) => (out += t)).run(args);
  assert.equal(code, 0);
  return out;
}

function withFiles(fn: (dir: string) => Promise<void>): () => Promise<void> {
  return async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'medkd-info-'));
    try {
      await fn(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

// A 3×2×2 uint8 label map (LPS, 2×2×3 mm): values 0 ×7, 1 ×3, 4 ×2.
const LABELS = [0, 0, 1, 1, 1, 0, 0, 4, 4, 0, 0, 0];
const labelFile = (): Uint8Array =>
  buildNifti({ datatype: 2, bitpix: 8, dim: [3, 3, 2, 2], pixdim: [1, 2, 2, 3], sformCode: 1, srow: [[-2, 0, 0, 10], [0, -2, 0, 20], [0, 0, 3, -5]], voxels: Uint8Array.from(LABELS) });

test('text output: grid, spacing, datatype, affine source, orientation, range and label counts', withFiles(async (dir) => {
  const file = path.join(dir, 'seg.nii.gz');
  writeFileSync(file, gzipSync(labelFile()));
  const out = await runInfo([file]);
  const lines = out.split('\n');
  assert.ok(lines.includes('format       NIfTI-1, little-endian, gzip'), out);
  assert.ok(lines.includes('dims         3 × 2 × 2 (1 channel)'), out);
  assert.ok(lines.includes('spacing      2 × 2 × 3 mm'), out);
  assert.ok(lines.includes('datatype     uint8'), out);
  assert.ok(lines.includes('affine       from the sform (qform_code 0, sform_code 1)'), out);
  assert.ok(lines.includes('             [ -2   0   0  10 ]'), out);
  assert.ok(lines.includes('orientation  LPS'), out);
  assert.ok(lines.includes('range        0 .. 4'), out);
  assert.ok(lines.includes('labels       3 values (looks like a label map)'), out);
  assert.ok(lines.includes('      1           3 voxels'), out);
}));

test('--json prints one VolumeInfo object with the extras', withFiles(async (dir) => {
  const file = path.join(dir, 'seg.nii');
  writeFileSync(file, labelFile());
  const out = await runInfo([file, '--json']);
  assert.equal(out.trim().split('\n').length, 1);
  const info = JSON.parse(out) as VolumeInfoDetails;
  assert.equal(info.path, file);
  assert.deepEqual(info.dims, [3, 2, 2]);
  assert.equal(info.channels, 1);
  assert.deepEqual(info.spacing, [2, 2, 3]);
  assert.equal(info.datatype, 'uint8');
  assert.deepEqual(info.affine, [[-2, 0, 0, 10], [0, -2, 0, 20], [0, 0, 3, -5], [0, 0, 0, 1]]);
  assert.equal(info.min, 0);
  assert.equal(info.max, 4);
  assert.deepEqual(info.labelCounts, { 0: 7, 1: 3, 4: 2 });
  assert.equal(info.orientation, 'LPS');
  assert.equal(info.compressed, false);
  assert.equal(info.affineSource, 'sform');
}));

test('float images get no label counts; NaN voxels are counted, not fatal', withFiles(async (dir) => {
  const file = path.join(dir, 'img.nii');
  writeFileSync(file, buildNifti({ datatype: 16, bitpix: 32, dim: [3, 4, 1, 1], voxels: new Uint8Array(Float32Array.from([0.5, NaN, -2, 7]).buffer) }));
  const info = JSON.parse(await runInfo(['--json', file])) as VolumeInfoDetails;
  assert.equal(info.labelCounts, undefined);
  assert.equal(info.nonFiniteVoxels, 1);
  assert.equal(info.min, -2);
  assert.equal(info.max, 7);
  assert.match(await runInfo([file]), /\nwarning {6}1 voxels are NaN or infinite \(shown as 0\)\n/);
}));

test('errors name the file: truncated .nii.gz, not a NIfTI, missing; usage errors', withFiles(async (dir) => {
  const info = makeInfoCommand(() => assert.fail('no output on error'));
  const big = buildNifti({ datatype: 4, bitpix: 16, dim: [3, 20, 20, 20], voxels: new Uint8Array(new Int16Array(8000).map((_, i) => (i * 7919) % 3001).buffer) });
  const gz = gzipSync(big);
  const truncated = path.join(dir, 'cut.nii.gz');
  writeFileSync(truncated, gz.subarray(0, gz.length >> 1));
  await assert.rejects(info.run([truncated]), { message: new RegExp(`^${truncated.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: truncated: gzip stream ends early: \\d+ of the 16000 voxel bytes`) });
  const text = path.join(dir, 'notes.nii');
  writeFileSync(text, 'patient list\n'.repeat(40));
  await assert.rejects(info.run([text]), { message: `${text}: not a NIfTI file (sizeof_hdr is ${Buffer.from('pati').readInt32LE(0)}, expected 348 or 540)` });
  await assert.rejects(info.run([path.join(dir, 'none.nii')]), { message: `${path.join(dir, 'none.nii')}: file not found` });
  await assert.rejects(info.run([]), /^Error: info: give exactly one file/);
  await assert.rejects(info.run([text, '--verbose']), /info: unknown option --verbose/);
}));

test('real data: the brats brain mask reads as a 0/1 label map, the CT has no label counts', async (t) => {
  const data = sharedDataDir();
  if (data === undefined) return t.skip('skipped: ../shared/data not found');
  const mask = JSON.parse(await runInfo(['--json', path.join(data, 'brats/brats2015_pat0005/brainmask.nii.gz')])) as VolumeInfoDetails;
  assert.equal(mask.datatype, 'int32');
  assert.deepEqual(mask.labelCounts, { 0: 7404257, 1: 1523743 });
  assert.equal(mask.orientation, 'LPS');
  const ct = JSON.parse(await runInfo(['--json', path.join(data, 'abdomen-ct/example_ct_sm.nii.gz')])) as VolumeInfoDetails;
  assert.equal(ct.datatype, 'int16');
  assert.equal(ct.labelCounts, undefined);
  assert.equal(ct.orientation, 'RAS');
});

test('the real CLI: `medkd info` prints the table and exits 0; a bad file gives one stderr line and exit 1', withFiles(async (dir) => {
  const good = path.join(dir, 'seg.nii.gz');
  writeFileSync(good, gzipSync(labelFile()));
  const bad = path.join(dir, 'bad.nii.gz');
  writeFileSync(bad, gzipSync(labelFile()).subarray(0, 40));
  const cli = (file: string) => spawnSync(process.execPath, ['--import', 'tsx', 'src/engine/cli.ts', 'info', file], { cwd: repoRoot, encoding: 'utf8' });
  const ok = cli(good);
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(ok.stdout, /^dims {9}3 × 2 × 2 \(1 channel\)$/m);
  const fail = cli(bad);
  assert.equal(fail.status, 1);
  assert.equal(fail.stdout, '');
  assert.equal(fail.stderr.trimEnd().split('\n').length, 1);
  assert.match(fail.stderr, new RegExp(`^medkd: ${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: truncated`));
}));
