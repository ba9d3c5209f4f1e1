import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gaussianImportanceMap } from '../../../src/engine/inference/gaussianImportanceMap';

const close = (actual: Float32Array, expected: number[], tol: number): void => {
  assert.equal(actual.length, expected.length);
  expected.forEach((e, i) => assert.ok(Math.abs(actual[i]! - e) <= tol, `index ${i}: ${actual[i]} vs ${e}`));
};

test('1×1×5 patch, σ = 5·0.2 = 1: exp(−(x − 2)²/2), peak 1', () => {
  // [D, H, W] = [1, 1, 5]; tolerance: float32 rounding.
  const m = gaussianImportanceMap([1, 1, 5], { sigmaScale: 0.2 });
  close(m, [Math.exp(-2), Math.exp(-0.5), 1, Math.exp(-0.5), Math.exp(-2)], 1e-7);
});

test('default σ = size/8 on a 1×2×3 patch: the even axis is flat after normalising, the odd one is exp(−32/9) at the ends', () => {
  // x: σ = 3/8, distance 1 from centre → exp(−1/(2·9/64)) = exp(−32/9). y: both samples 0.5 from the centre → equal → 1.
  const a = Math.exp(-32 / 9);
  close(gaussianImportanceMap([1, 2, 3]), [a, 1, a, a, 1, a], 1e-7);
});

test('separable: value(d, h, w) = gz(d)·gy(h)·gx(w)', () => {
  // [D, H, W] = [3, 1, 3], σ = 3·(1/3) = 1 per axis: g = [exp(−1/2), 1, exp(−1/2)].
  const g = [Math.exp(-0.5), 1, Math.exp(-0.5)];
  const expected: number[] = [];
  for (let d = 0; d < 3; d++) for (let w = 0; w < 3; w++) expected.push(g[d]! * g[w]!);
  close(gaussianImportanceMap([3, 1, 3], { sigmaScale: 1 / 3 }), expected, 1e-7);
});

test('zeros (float32 underflow) are raised to the smallest positive weight', () => {
  // σ = 9·0.01 = 0.09: distance 1 → exp(−1/0.0162) ≈ 1.6e-27 (representable); distance ≥ 2 underflows to 0.
  const p = Math.fround(Math.exp(-1 / (2 * 0.09 * 0.09)));
  assert.ok(p > 0);
  close(gaussianImportanceMap([1, 1, 9], { sigmaScale: 0.01 }), [p, p, p, p, 1, p, p, p, p], 0);
});

test('minWeight floors the map; constant mode is all ones', () => {
  close(gaussianImportanceMap([1, 1, 5], { sigmaScale: 0.2, minWeight: 0.5 }), [0.5, Math.exp(-0.5), 1, Math.exp(-0.5), 0.5], 1e-7);
  close(gaussianImportanceMap([2, 1, 2], { mode: 'constant' }), [1, 1, 1, 1], 0);
  assert.throws(() => gaussianImportanceMap([0, 1, 1]), /positive integers/);
  assert.throws(() => gaussianImportanceMap([1, 1, 1], { sigmaScale: 0 }), /sigmaScale/);
});
