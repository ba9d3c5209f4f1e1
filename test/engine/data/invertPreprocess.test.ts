import { test } from 'node:test';
import assert from 'node:assert/strict';
import { invertPreprocess } from '../../../src/engine/data/invertPreprocess';
import { DEFAULT_PREPROCESS, preprocessCase } from '../../../src/engine/data/preprocess';
import { makeVolume } from './sharedData';

test('a label map predicted on the preprocessed grid pastes back onto the original grid and affine', () => {
  // 9×5×5 image at 2 mm, labels 1 and 2 on blocks; crop (margin 1) → 2 mm → 1 mm (×2 upsampling) → pad to a multiple of 4.
  const lab = (x: number, y: number, z: number) => (y >= 1 && y <= 3 && z >= 1 && z <= 3 ? (x >= 2 && x <= 3 ? 1 : x >= 4 && x <= 5 ? 2 : 0) : 0);
  const image = makeVolume([9, 5, 5], (x, y, z) => (lab(x, y, z) ? 100 : 0), 1, [2, 2, 2]);
  image.affine[0]![3] = 50; // an origin that must survive the round trip
  const label = makeVolume([9, 5, 5], lab, 1, [2, 2, 2]);
  const pre = preprocessCase(image, label, { ...DEFAULT_PREPROCESS, cropToForeground: true, cropMargin: 1, spacing: [1, 1, 1], padMultiple: 4 });
  assert.deepEqual(pre.record.steps.map((s) => s.op), ['crop', 'intensity', 'resample', 'pad']);
  // Pretend the network predicted the preprocessed label map exactly; going back must give the original labels.
  const back = invertPreprocess(pre.label!, pre.record, 'nearest');
  assert.deepEqual(back.dims, [9, 5, 5]);
  assert.deepEqual(back.affine, image.affine);
  assert.deepEqual(back.spacing, [2, 2, 2]);
  assert.deepEqual(back.data, label.data);
});

test('probabilities go back with linear interpolation and a fill for the cropped-away region', () => {
  const image = makeVolume([6, 1, 1], (x) => (x >= 2 && x <= 3 ? 5 : 0));
  const pre = preprocessCase(image, undefined, { ...DEFAULT_PREPROCESS, normalize: 'none', cropToForeground: true, grid: [3, 1, 1] });
  // Cropped x 2..3 → 3 voxels at old positions 2, 2.5, 3. Two-channel "probabilities" [bg, fg] on that grid:
  const probs = { ...pre.image, channels: 2, data: new Float32Array([0.2, 0.4, 0.6, 0.8, 0.6, 0.4]) };
  const back = invertPreprocess(probs, pre.record, 'linear', [1, 0]);
  // Outside the crop: bg 1, fg 0. Inside: old x 2 ↔ new 0, old x 3 ↔ new 2.
  assert.deepEqual([...back.data], [1, 1, 0.2, 0.6, 1, 1, 0, 0, 0.8, 0.4, 0, 0].map(Math.fround));
});
