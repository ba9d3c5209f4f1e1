import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeData, zscoreChannelsLast } from '../../../src/engine/data/normalizeIntensity';

const close = (a: ArrayLike<number>, b: number[], tol = 1e-5) => b.forEach((v, i) => assert.ok(Math.abs(a[i]! - v) < tol, `[${i}] ${a[i]} vs ${v}`));

test('z-score over all voxels: [1,2,3,4] has mean 2.5 and std √1.25', () => {
  const d = new Float32Array([1, 2, 3, 4]);
  const [t] = normalizeData(d, 1, { normalize: 'zscore' });
  const sd = Math.sqrt(1.25) + 1e-5;
  assert.equal(t!.shift, 2.5);
  close(d, [-1.5 / sd, -0.5 / sd, 0.5 / sd, 1.5 / sd]);
});

test('z-score over non-zero voxels: statistics ignore zeros but apply to every voxel', () => {
  // Non-zero [2, 4]: mean 3, std 1 → 0 ↦ -3/(1+1e-5), 2 ↦ -1/(1+1e-5), 4 ↦ 1/(1+1e-5).
  const d = new Float32Array([0, 2, 4, 0]);
  normalizeData(d, 1, { normalize: 'zscoreNonZero' });
  close(d, [-3 / 1.00001, -1 / 1.00001, 1 / 1.00001, -3 / 1.00001]);
});

test('uint8-range and float-range copies of one image normalise to the same values', () => {
  const a = new Float32Array([0, 10, 20, 40, 80]);
  const b = a.map((v) => v * 52.5); // a float32 image up to 4200
  normalizeData(a, 1, { normalize: 'zscoreNonZero' });
  normalizeData(b, 1, { normalize: 'zscoreNonZero' });
  close(a, [...b], 1e-4);
});

test('CT window then min-max maps the window ends to 0 and 1; channels are independent', () => {
  const d = new Float32Array([-1000, 0, 300, 1000, 5, 5, 5, 5]);
  const t = normalizeData(d, 2, { clip: [-300, 300], normalize: 'minmax' });
  close(d.subarray(0, 4), [0, 0.5, 1, 1]);
  assert.deepEqual(t[0], { shift: -300, scale: 600 });
  // The window, not the data, sets the range: a flat channel of 5 HU maps to (5 + 300) / 600.
  close(d.subarray(4), [305 / 600, 305 / 600, 305 / 600, 305 / 600]);
  // Without a window a flat channel keeps scale 1 (no division by zero).
  const flat = new Float32Array([5, 5]);
  assert.deepEqual(normalizeData(flat, 1, { normalize: 'minmax' }), [{ shift: 5, scale: 1 }]);
  close(flat, [0, 0]);
});

test('per-patch z-score works on interleaved channels', () => {
  // channels-last [c0, c1] × 2 voxels: c0 = [1, 3] → [-1, 1]/(1+1e-5); c1 = [10, 10] → 0.
  const d = new Float32Array([1, 10, 3, 10]);
  zscoreChannelsLast(d, 2);
  close(d, [-1 / 1.00001, 0, 1 / 1.00001, 0]);
});
