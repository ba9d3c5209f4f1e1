import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_AUGMENT } from '../../../src/engine/data/augment';
import type { BatchOptions } from '../../../src/engine/data/batchMaker';
import { BatchMaker } from '../../../src/engine/data/batchMaker';
import { loadDataset } from '../../../src/engine/data/loadDataset';
import { DEFAULT_PREPROCESS } from '../../../src/engine/data/preprocess';
import { fakeDataset, makeVolume } from './sharedData';

const synthetic = { synthetic: { cases: 5, size: [20, 20, 20] as [number, number, number] } };
const base: BatchOptions = { sampling: { patchSize: [8, 12, 16], batchSize: 3, foregroundFraction: 0.5, seed: 1 }, preprocess: DEFAULT_PREPROCESS, augment: { ...DEFAULT_AUGMENT, probability: 1 } };

test('batches are [N, D, H, W, C] = [n, z, y, x, c] with labels, case ids and annotated labels', async () => {
  const m = new BatchMaker(await loadDataset(synthetic), base);
  const b = await m.make('labelled', 0);
  assert.deepEqual(b.shape, [3, 16, 12, 8, 1]);
  assert.equal(b.image.length, 3 * 16 * 12 * 8);
  assert.equal(b.label!.length, 3 * 16 * 12 * 8);
  assert.equal(b.caseIds.length, 3);
  assert.deepEqual(b.annotated, [[1, 2, 3, 4], [1, 2, 3, 4], [1, 2, 3, 4]]);
  assert.ok(b.label!.every((l) => l <= 4));
});

test('every case once per epoch, reshuffled between epochs', async () => {
  const m = new BatchMaker(await loadDataset(synthetic), base);
  const epoch = (e: number) => [0, 1, 2, 3, 4].map((k) => m.caseFor('labelled', 5 * e + k));
  assert.deepEqual([...epoch(0)].sort(), ['phantom_000', 'phantom_001', 'phantom_002', 'phantom_003', 'phantom_004']);
  assert.deepEqual([...epoch(1)].sort(), [...epoch(0)].sort());
  assert.notDeepEqual([0, 1, 2].map(epoch), [0, 0, 0].map(epoch));
});

test('same seed, same batch; another seed, another batch', async () => {
  const ds = await loadDataset(synthetic);
  const a = await new BatchMaker(ds, base).make('labelled', 2);
  const b = await new BatchMaker(ds, base).make('labelled', 2);
  assert.deepEqual(a, b);
  const c = await new BatchMaker(ds, { ...base, sampling: { ...base.sampling, seed: 2 } }).make('labelled', 2);
  assert.notDeepEqual(c.image, a.image);
});

test('foreground fraction 1 puts foreground in every labelled patch', async () => {
  const ds = await loadDataset(synthetic);
  const m = new BatchMaker(ds, { ...base, augment: false, sampling: { patchSize: [6, 6, 6], batchSize: 4, foregroundFraction: 1, seed: 3 } });
  for (let i = 0; i < 5; i++) {
    const b = await m.make('labelled', i);
    for (let n = 0; n < 4; n++) assert.ok(b.label!.subarray(n * 216, (n + 1) * 216).some((l) => l > 0), `batch ${i} sample ${n}`);
  }
});

test('without augmentation a whole-volume patch is the preprocessed volume, channels interleaved', async () => {
  // Two channels on a 3×2×2 grid; normalisation off so values are checkable: c0 = x + 3y + 6z, c1 = 100 + that.
  const f = (x: number, y: number, z: number) => x + 3 * y + 6 * z;
  const { root, read } = fakeDataset({
    'img/a_0000.nii.gz': makeVolume([3, 2, 2], f),
    'img/a_0001.nii.gz': makeVolume([3, 2, 2], (x, y, z) => 100 + f(x, y, z)),
    'lab/a.nii.gz': makeVolume([3, 2, 2], (x) => (x === 2 ? 1 : 0)),
  });
  const ds = await loadDataset({ images: 'img', labels: 'lab' }, { baseDir: root, read });
  const m = new BatchMaker(ds, { sampling: { patchSize: [3, 2, 2], batchSize: 1, foregroundFraction: 0, seed: 0 }, preprocess: { ...DEFAULT_PREPROCESS, normalize: 'none' }, augment: false });
  const b = await m.make('labelled', 0);
  assert.deepEqual(b.shape, [1, 2, 2, 3, 2]);
  // Index ((z·2 + y)·3 + x)·2 + c.
  assert.deepEqual([...b.image], [0, 100, 1, 101, 2, 102, 3, 103, 4, 104, 5, 105, 6, 106, 7, 107, 8, 108, 9, 109, 10, 110, 11, 111]);
  assert.deepEqual([...b.label!], [0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1]);
  // No unlabelled pool: that stream reuses the labelled cases without their labels.
  const u = await m.make('unlabelled', 0);
  assert.deepEqual([u.kind, u.label, u.annotated, u.caseIds], ['unlabelled', undefined, undefined, ['a']]);
});

test('per-patch z-score (Choi) gives each patch channel mean 0 and std 1 before intensity augmentation', async () => {
  const ds = await loadDataset(synthetic);
  const m = new BatchMaker(ds, { ...base, augment: false, preprocess: { ...DEFAULT_PREPROCESS, normalizePerPatch: true } });
  const b = await m.make('labelled', 0);
  const n = 16 * 12 * 8;
  for (let s = 0; s < 3; s++) {
    const p = b.image.subarray(s * n, (s + 1) * n);
    const mean = p.reduce((a, v) => a + v, 0) / n;
    const sd = Math.sqrt(p.reduce((a, v) => a + (v - mean) ** 2, 0) / n);
    assert.ok(Math.abs(mean) < 1e-4 && Math.abs(sd - 1) < 1e-3, `sample ${s}: mean ${mean}, sd ${sd}`);
  }
});
