import { test } from 'node:test';
import assert from 'node:assert/strict';
import { alignCornersMap, resampleToGrid, resampleToSpacing, spacingDims } from '../../../src/engine/data/resampleVolume';
import { at, makeVolume } from './sharedData';

// 2×2×2 ramp v = x + 2y + 4z (a linear function, so trilinear resampling reproduces it exactly).
const ramp = makeVolume([2, 2, 2], (x, y, z) => x + 2 * y + 4 * z);

test('trilinear, align corners: 2×2×2 ramp → 3×3×3 gives 0.5i + j + 2k', () => {
  const r = resampleToGrid(ramp, [3, 3, 3], 'linear');
  assert.deepEqual(r.dims, [3, 3, 3]);
  for (let k = 0; k < 3; k++) for (let j = 0; j < 3; j++) for (let i = 0; i < 3; i++) assert.equal(at(r, i, j, k), 0.5 * i + j + 2 * k);
  // Corners coincide, so the new voxel size is half the old: (2-1)/(3-1) = 0.5 mm.
  assert.deepEqual(r.spacing, [0.5, 0.5, 0.5]);
  assert.equal(r.affine[0]![0], 0.5);
});

test('nearest rounds half-way positions up; label-linear takes the argmax with ties to the lower id', () => {
  const n = resampleToGrid(ramp, [3, 2, 2], 'nearest');
  // x positions 0, 0.5, 1 → voxels 0, 1, 1.
  assert.deepEqual([at(n, 0, 0, 0), at(n, 1, 0, 0), at(n, 2, 0, 0)], [0, 1, 1]);
  const labels = makeVolume([4, 1, 1], (x) => [0, 2, 2, 5][x]!);
  const l = resampleToGrid(labels, [7, 1, 1], 'labelLinear');
  // Source positions 0, .5, 1, 1.5, 2, 2.5, 3: at .5 the one-hots of 0 and 2 tie (0.5 each) → 0; at 2.5, 2 vs 5 tie → 2.
  assert.deepEqual([...l.data], [0, 0, 2, 2, 2, 2, 5]);
});

test('at a half-way point nearest takes the upper voxel, label-linear the lower id', () => {
  // [1, 1, 2] → 5 voxels at source positions 0, .5, 1, 1.5, 2; at 1.5 the two disagree.
  const labels = makeVolume([3, 1, 1], (x) => [1, 1, 2][x]!);
  assert.deepEqual([...resampleToGrid(labels, [5, 1, 1], 'nearest').data], [1, 1, 1, 2, 2]);
  assert.deepEqual([...resampleToGrid(labels, [5, 1, 1], 'labelLinear').data], [1, 1, 1, 1, 2]);
});

test('resampling to a spacing keeps the first voxel centre and steps exactly the new spacing', () => {
  // 1D: values [0, 10, 20] at 3 mm → 1 mm: floor(2·3/1)+1 = 7 voxels at 0..6 mm → 0, 3.33, ..., 20.
  const v = makeVolume([3, 1, 1], (x) => 10 * x, 1, [3, 1, 1]);
  const r = resampleToSpacing(v, [1, 1, 1], 'linear');
  assert.deepEqual(r.dims, [7, 1, 1]);
  const expected = [0, 10 / 3, 20 / 3, 10, 40 / 3, 50 / 3, 20];
  [...r.data].forEach((x, i) => assert.ok(Math.abs(x - expected[i]!) < 1e-5, `voxel ${i}: ${x} vs ${expected[i]}`));
  assert.deepEqual(r.spacing, [1, 1, 1]);
  assert.deepEqual(spacingDims([10, 10, 10], [1, 1, 1], [2, 2, 3]), [5, 5, 4]);
});

test('multi-channel volumes resample channel by channel; a 1-voxel target samples the centre', () => {
  const v = makeVolume([2, 1, 1], (x, _y, _z, c) => (c === 0 ? x : 100 + 10 * x), 2);
  const r = resampleToGrid(v, [3, 1, 1], 'linear');
  assert.deepEqual([...r.data], [0, 0.5, 1, 100, 105, 110]);
  assert.deepEqual(alignCornersMap([5, 4, 1], [1, 1, 1]).map((m) => m.offset), [2, 1.5, 0]);
  assert.deepEqual([...resampleToGrid(makeVolume([5, 1, 1], (x) => x * x), [1, 1, 1], 'linear').data], [4]);
});
