import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_PREPROCESS, intensityPlan, preprocessCase } from '../../../src/engine/data/preprocess';
import { at, makeVolume } from './sharedData';

test('auto normalisation: CT when the dataset says so or air (< -500) is present, else the non-zero z-score', () => {
  const ct = makeVolume([2, 1, 1], (x) => (x ? 40 : -1000));
  const mr = makeVolume([2, 1, 1], (x) => (x ? 400 : 0));
  assert.deepEqual(intensityPlan(ct, DEFAULT_PREPROCESS), { clip: [-300, 300], normalize: 'zscore' });
  assert.deepEqual(intensityPlan(mr, DEFAULT_PREPROCESS), { normalize: 'zscoreNonZero' });
  assert.deepEqual(intensityPlan(mr, DEFAULT_PREPROCESS, { modality: 'ct' }), { clip: [-300, 300], normalize: 'zscore' });
  assert.deepEqual(intensityPlan(ct, { ...DEFAULT_PREPROCESS, normalizePerPatch: true }), { clip: [-300, 300], normalize: 'none' });
});

test('crop → normalise → resample → pad, each step recorded with what inversion needs', () => {
  // 8×4×4 image: a 2×2×2 block of value 2 at x 2-3, y 1-2, z 1-2 (the rest 0), label 1 on the same block.
  const inBlock = (x: number, y: number, z: number) => x >= 2 && x <= 3 && y >= 1 && y <= 2 && z >= 1 && z <= 2;
  const image = makeVolume([8, 4, 4], (x, y, z) => (inBlock(x, y, z) ? 2 : 0));
  const label = makeVolume([8, 4, 4], (x, y, z) => (inBlock(x, y, z) ? 1 : 0));
  const out = preprocessCase(image, label, { ...DEFAULT_PREPROCESS, normalize: 'minmax', cropToForeground: true, cropMargin: 1, grid: [7, 7, 7], padMultiple: 8 });
  assert.deepEqual(out.record.steps.map((s) => s.op), ['crop', 'intensity', 'resample', 'pad']);
  const [crop, intensity, resample, pad] = out.record.steps;
  // Block ±1 voxel: x 1..4, y 0..3, z 0..3 → end exclusive 5, 4, 4.
  assert.deepEqual(crop, { op: 'crop', box: { start: [1, 0, 0], end: [5, 4, 4] }, inDims: [8, 4, 4] });
  assert.deepEqual(intensity, { op: 'intensity', normalize: 'minmax', channels: [{ shift: 0, scale: 2 }] });
  assert.equal(resample?.op, 'resample');
  if (resample?.op === 'resample') assert.deepEqual(resample.map.map((m) => m.scale), [0.5, 0.5, 0.5]); // (4-1)/(7-1)
  assert.deepEqual(pad, { op: 'pad', padding: { before: [0, 0, 0], after: [1, 1, 1] }, inDims: [7, 7, 7], values: [0] });
  assert.deepEqual(out.image.dims, [8, 8, 8]);
  // Cropped x 1..4 holds [0, 1, 1, 0] after min-max; new voxel i samples old x = i/2: i=1 → 0.5, i=2 → 1, i=3 → 1.
  assert.deepEqual([0, 1, 2, 3, 4, 5, 6].map((i) => at(out.image, i, 2, 2)), [0, 0.5, 1, 1, 1, 0.5, 0]);
  assert.equal(at(out.label!, 3, 2, 2), 1);
  assert.equal(at(out.label!, 7, 7, 7), 0); // padding
  // Origin moves with the crop (x + 1 mm) and the resampled voxel is 0.5 mm.
  assert.deepEqual(out.image.affine[0], [0.5, 0, 0, 1]);
});

test('preprocessing never changes the caller\'s volume', () => {
  const image = makeVolume([2, 2, 2], (x) => x * 100);
  const copy = image.data.slice();
  preprocessCase(image, undefined, { ...DEFAULT_PREPROCESS, normalize: 'none' });
  preprocessCase(image, undefined, { ...DEFAULT_PREPROCESS, normalize: 'zscore' });
  assert.deepEqual(image.data, copy);
});

test('a case already at the target spacing or grid is not resampled', () => {
  const image = makeVolume([4, 4, 2], (x) => x, 1, [0.8, 0.8, 3]);
  assert.deepEqual(preprocessCase(image, undefined, { ...DEFAULT_PREPROCESS, normalize: 'none', spacing: [0.8, 0.8, 3] }).record.steps, []);
  assert.deepEqual(preprocessCase(image, undefined, { ...DEFAULT_PREPROCESS, normalize: 'none', grid: [4, 4, 2] }).record.steps, []);
  // 3 mm → 1.5 mm along z only: 2 slices become floor(1·3/1.5) + 1 = 3.
  const r = preprocessCase(image, undefined, { ...DEFAULT_PREPROCESS, normalize: 'none', spacing: [0.8, 0.8, 1.5] });
  assert.deepEqual([r.image.dims, r.image.spacing], [[4, 4, 3], [0.8, 0.8, 1.5]]);
});
