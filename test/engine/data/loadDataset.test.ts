import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeNifti } from '../../../src/engine/io/writeNifti';
import type { Volume } from '../../../src/engine/io/volume';
import type { DataConfig } from '../../../src/engine/data/dataConfig';
import { loadDataset } from '../../../src/engine/data/loadDataset';
import { preprocessCase, DEFAULT_PREPROCESS } from '../../../src/engine/data/preprocess';
import { SKIP_SHARED, fakeDataset, makeVolume, sharedData } from './sharedData';

const img = (f = (x: number) => x) => makeVolume([4, 3, 2], f);
const lab = (values: number[] = [0, 1]) => makeVolume([4, 3, 2], (x, y) => values[(x + y) % values.length]!);

test('check() reports every bad case (shape, affine, channels, labels) instead of stopping at the first', async () => {
  const shifted = lab();
  shifted.affine[0]![3] = 5;
  const { root, read } = fakeDataset({
    'img/good.nii.gz': img(),
    'lab/good.nii.gz': lab(),
    'img/shape.nii.gz': img(),
    'lab/shape.nii.gz': makeVolume([4, 3, 3], () => 0),
    'img/affine.nii.gz': img(),
    'lab/affine.nii.gz': shifted,
    'img/frac.nii.gz': img(),
    'lab/frac.nii.gz': makeVolume([4, 3, 2], (x) => x / 2),
  });
  const ds = await loadDataset({ images: 'img', labels: 'lab' }, { baseDir: root, read });
  assert.deepEqual(ds.split.train, ['affine', 'frac', 'good', 'shape']);
  const problems = await ds.check();
  assert.deepEqual(
    problems.map((p) => `${p.caseId} ${p.field} ${p.severity}`),
    ['affine affine warning', 'frac label error', 'shape label error'],
  );
  assert.match(problems[0]!.message, /lab\/affine\.nii\.gz: label affine differs from the image's \(affine\[0\]\[3\] 0 vs 5/);
  assert.match(problems[1]!.message, /lab\/frac\.nii\.gz: value 0\.5 at voxel 1 is not an integer label id/);
  assert.match(problems[2]!.message, /lab\/shape\.nii\.gz: grid 4×3×3 differs from the image's 4×3×2/);
  // load() of a broken case is one line naming case, field and file; a warning-only case loads.
  await assert.rejects(ds.load('shape'), (e: Error) => /^shape: label: .*lab\/shape\.nii\.gz: grid 4×3×3/.test(e.message) && !e.message.includes('\n'));
  assert.deepEqual((await ds.load('affine')).present, [1]);
});

test('multi-channel cases stack their channel files; a wrong channel count is a problem', async () => {
  const { root, read } = fakeDataset({
    'imagesTr/a_0000.nii.gz': img((x) => x),
    'imagesTr/a_0001.nii.gz': img((x) => 10 + x),
    'labelsTr/a.nii.gz': lab([0, 2]),
  });
  const ds = await loadDataset({ images: 'imagesTr', labels: 'labelsTr', labelNames: { 1: 'core', 2: 'edema' }, channels: 2 }, { baseDir: root, read });
  const a = await ds.load('a');
  assert.equal(a.image.channels, 2);
  assert.deepEqual([a.image.data[0], a.image.data[24], a.image.data[25]], [0, 10, 11]);
  assert.deepEqual([a.annotated, a.present, a.absent], [[1, 2], [2], [1]]);
  // Without `channels`, the channel files themselves say there are two.
  assert.deepEqual((await loadDataset({ images: 'imagesTr', labels: 'labelsTr' }, { baseDir: root, read })).channelNames, ['0', '1']);
  const three = await loadDataset({ images: 'imagesTr', labels: 'labelsTr', channels: 3 }, { baseDir: root, read });
  assert.match((await three.check()).find((p) => p.field === 'channels')!.message, /has 2 channel\(s\), the dataset has 3/);
});

test('a 4D NIfTI file is one multi-channel case (through readNifti and writeNifti)', async () => {
  const root = mkdtempSync(join(tmpdir(), 'medkd-4d-'));
  mkdirSync(join(root, 'img'));
  mkdirSync(join(root, 'lab'));
  await writeNifti(join(root, 'img', 'b.nii.gz'), makeVolume([4, 3, 2], (x, _y, _z, c) => 10 * c + x, 2), { datatype: 'float32' });
  await writeNifti(join(root, 'lab', 'b.nii.gz'), lab([0, 1]), { datatype: 'uint8' });
  const ds = await loadDataset({ images: 'img', labels: 'lab', channels: 2 }, { baseDir: root });
  const b = await ds.load('b');
  assert.equal(b.image.channels, 2);
  assert.deepEqual([b.image.data[1], b.image.data[24 + 1]], [1, 11]);
  assert.deepEqual(await ds.check(), []);
});

test('label remap, annotated labels, an unlabelled pool, maxCases, and config errors as one line', async () => {
  const { root, read } = fakeDataset({
    'img/a.nii.gz': img(),
    'lab/a.nii.gz': lab([0, 5, 63]),
    'img/b.nii.gz': img(),
    'lab/b.nii.gz': lab([0, 5]),
    'pool/u.nii.gz': img(),
  });
  const ds = await loadDataset({ images: 'img', labels: 'lab', unlabeled: 'pool', labelRemap: 'totalsegmentatorToFlare13', annotates: [1, 6], maxCases: 1 }, { baseDir: root, read });
  assert.deepEqual(ds.split, { train: ['a'], validation: [], unlabelled: ['u'] });
  assert.equal(ds.labelNames[6], 'inferior vena cava');
  const a = await ds.load('a');
  assert.deepEqual([...new Set(a.label!.data)].sort(), [0, 1, 6]); // liver 5 → 1, IVC 63 → 6
  assert.deepEqual([a.annotated, a.present, a.absent], [[1, 6], [1, 6], []]);
  assert.equal((await ds.load('u')).label, undefined);
  await assert.rejects(loadDataset({ images: 'img', labels: 'lab', dataset: 'x' }, { baseDir: root, read }), { message: 'data: one data source only, found dataset and images' });
  await assert.rejects(loadDataset({ images: 'img', labels: 'lab', labelRemap: 'nope' as unknown as DataConfig['labelRemap'] }, { baseDir: root, read }), /data\.labelRemap: labelRemap: unknown preset "nope"/);
});

test('the synthetic source: labelled and unlabelled phantoms, split by seed', async () => {
  const ds = await loadDataset({ synthetic: { cases: 5, unlabeledCases: 2, size: [16, 16, 16], organs: 2 }, validation: { count: 1, seed: 2 } });
  assert.equal(ds.split.train.length, 4);
  assert.equal(ds.split.validation.length, 1);
  assert.deepEqual(ds.split.unlabelled, ['phantom_005', 'phantom_006']);
  assert.deepEqual(ds.labelNames, { 0: 'background', 1: 'liver', 2: 'kidney' });
  assert.equal(ds.modality, 'ct');
  const c = await ds.load('phantom_000');
  assert.deepEqual(c.image.dims, [16, 16, 16]);
  assert.deepEqual(c.annotated, [1, 2]);
});

test('real data: hippocampus as plain folders (no dataset.json) with its unlabelled pool and a stable 32/8 split', async (t) => {
  const data = sharedData();
  if (!data) return t.skip(SKIP_SHARED);
  const config = { images: 'imagesTr', labels: 'labelsTr', unlabeled: 'imagesUnlabeled', labelNames: { 1: 'anterior', 2: 'posterior' }, validation: { count: 8, seed: 42 } };
  const ds = await loadDataset(config, { baseDir: join(data, 'hippocampus') });
  assert.deepEqual([ds.split.train.length, ds.split.validation.length, ds.split.unlabelled.length], [32, 8, 119]);
  assert.deepEqual(ds.problems, []);
  const again = await loadDataset({ ...config, validation: { fraction: 0.2, seed: 42 } }, { baseDir: join(data, 'hippocampus') });
  assert.deepEqual(again.split.validation, ds.split.validation);
  // Pinned: a change here would silently move cases between training and validation for existing runs.
  assert.deepEqual(ds.split.validation, ['hippocampus_037', 'hippocampus_096', 'hippocampus_156', 'hippocampus_160', 'hippocampus_305', 'hippocampus_314', 'hippocampus_327', 'hippocampus_366']);

  // hippocampus_034 is stored as uint8 (0-255), hippocampus_019 as float32 (up to ~4200): raw 99th percentiles
  // differ by ~10×; after the non-zero z-score ('auto' picks it: no air) their 1st/99th percentiles agree within 0.5.
  const u8 = await ds.load('hippocampus_034');
  const f32 = await ds.load('hippocampus_019');
  assert.deepEqual([u8.image.sourceDatatype, f32.image.sourceDatatype], ['uint8', 'float32']);
  const sorted = new Map<Volume, Float32Array>();
  const pct = (v: Volume, f: number) => {
    if (!sorted.has(v)) sorted.set(v, v.data.slice().sort());
    return sorted.get(v)![Math.floor(f * (v.data.length - 1))]!;
  };
  assert.ok(pct(f32.image, 0.99) > 8 * pct(u8.image, 0.99), `raw 99th percentiles ${pct(u8.image, 0.99)} vs ${pct(f32.image, 0.99)}`);
  const a = preprocessCase(u8.image, u8.label, DEFAULT_PREPROCESS);
  const b = preprocessCase(f32.image, f32.label, DEFAULT_PREPROCESS);
  for (const p of [a, b]) assert.equal(p.record.steps[0]?.op === 'intensity' && p.record.steps[0].normalize, 'zscoreNonZero');
  for (const f of [0.01, 0.5, 0.99]) {
    assert.ok(Math.abs(pct(a.image, f) - pct(b.image, f)) < 0.5, `normalised percentile ${f}: ${pct(a.image, f)} vs ${pct(b.image, f)}`);
  }
  assert.deepEqual(u8.present, [1, 2]);
});

test('real data: abdomen-ct organ masks load as single-organ cases; the empty esophagus is recorded as absent', async (t) => {
  const data = sharedData();
  if (!data) return t.skip(SKIP_SHARED);
  const ds = await loadDataset({ organs: 'organs', organImage: 'example_ct_sm.nii.gz', labelRemap: 'totalsegmentatorToFlare13' }, { baseDir: join(data, 'abdomen-ct') });
  // 14 masks; portal_vein_and_splenic_vein has no FLARE id and is skipped.
  assert.equal(ds.cases.length, 13);
  assert.deepEqual(ds.cases.map((c) => c.annotates), ds.cases.map((c) => [c.maskLabel]));
  assert.equal(ds.caseById('liver').maskLabel, 1);
  assert.equal(ds.caseById('kidney_left').maskLabel, 13);
  const eso = await ds.load('esophagus');
  assert.deepEqual([eso.annotated, eso.present, eso.absent], [[10], [], [10]]);
  const spleen = await ds.load('spleen');
  assert.deepEqual([spleen.annotated, spleen.present, spleen.absent], [[3], [3], []]);
  assert.deepEqual(spleen.image.dims, [122, 101, 30]);
  assert.deepEqual(await ds.check(['esophagus', 'liver']), []);
});

test('a plain image/label folder without label names gets its classes from its label maps; names given win', async () => {
  const { root, read } = fakeDataset({
    'img/a.nii.gz': img(),
    'lab/a.nii.gz': lab([0, 1]),
    'img/b.nii.gz': img(),
    'lab/b.nii.gz': lab([0, 3]),
  });
  const scanned = await loadDataset({ images: 'img', labels: 'lab' }, { baseDir: root, read });
  assert.deepEqual(scanned.labelIds, [1, 3]);
  assert.deepEqual(scanned.labelNames, { 0: 'background', 1: 'label 1', 3: 'label 3' });
  const named = await loadDataset({ images: 'img', labels: 'lab', labelNames: { 1: 'liver', 2: 'spleen', 3: 'kidney' } }, { baseDir: root, read });
  assert.deepEqual(named.labelIds, [1, 2, 3]);
});
