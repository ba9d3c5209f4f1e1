import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { BRATS_TTA_FLIPS, flipTTA } from '../../../src/engine/inference/flipTTA';
import type { Predictor } from '../../../src/engine/inference/predictor';
import { useCpuBackend } from './fakePredictors';

before(useCpuBackend);

/** Not flip-equivariant: out = in + ramp, ramp depending on the position along the given tensor axis. */
function rampPredict(shape: [number, number, number, number, number], ramp: (d: number, h: number, w: number) => number): Predictor {
  const [, D, H, W, C] = shape;
  const r = new Float32Array(D * H * W * C);
  for (let d = 0; d < D; d++) for (let h = 0; h < H; h++) for (let w = 0; w < W; w++) for (let c = 0; c < C; c++) r[((d * H + h) * W + w) * C + c] = ramp(d, h, w);
  return (x) => tf.tidy(() => tf.add(x, tf.tensor5d(r, [1, D, H, W, C])));
}

test('identity + flip x of a model that adds x²: a + (x² + (2 − x)²)/2', () => {
  // [N, D, H, W, C] = [1, 1, 1, 3, 1], a = [5, 7, 11]: un-flipped outputs a + x² and a + (2 − x)² → a + [2, 1, 2].
  const x = tf.tensor5d([5, 7, 11], [1, 1, 1, 3, 1]);
  const tta = flipTTA(rampPredict([1, 1, 1, 3, 1], (_d, _h, w) => w * w), [[], ['x']]);
  const before = tf.memory().numTensors;
  const y = tta(x);
  assert.deepEqual(Array.from(y.dataSync()), [7, 8, 13]);
  y.dispose();
  assert.equal(tf.memory().numTensors, before);
  assert.equal(x.isDisposed, false);
  x.dispose();
});

test("paper 3's four flips (id, x, y, x+y) on a model adding x² + 10·y² over a 2×3 plane", () => {
  // Mean over flips: a + (x² + (2 − x)²)/2 + 10·(y² + (1 − y)²)/2 = a + [2, 1, 2] + 5 on both rows.
  const a = [1, 2, 3, 4, 5, 6];
  const x = tf.tensor5d(a, [1, 1, 2, 3, 1]);
  const tta = flipTTA(rampPredict([1, 1, 2, 3, 1], (_d, h, w) => w * w + 10 * h * h), BRATS_TTA_FLIPS);
  const y = tta(x);
  const want = [1 + 7, 2 + 6, 3 + 7, 4 + 7, 5 + 6, 6 + 7];
  Array.from(y.dataSync()).forEach((v, i) => assert.ok(Math.abs(v - want[i]!) < 1e-5, `${i}: ${v}`));
  tf.dispose([x, y]);
});

test("'z' flips tensor axis 1 (D), and the un-flip is applied to the output", () => {
  // [1, 3, 1, 1, 2]: ramp 100·d on both channels. Flip z alone: input reversed, + 100·d, reversed back → a + 100·(2 − d).
  const a = [1, 2, 3, 4, 5, 6];
  const x = tf.tensor5d(a, [1, 3, 1, 1, 2]);
  const y = flipTTA(rampPredict([1, 3, 1, 1, 2], (d) => 100 * d), [['z']])(x);
  assert.deepEqual(Array.from(y.dataSync()), [201, 202, 103, 104, 5, 6]);
  tf.dispose([x, y]);
});

test('a predict that returns its input is not disposed from under the caller', () => {
  const x = tf.tensor5d([1, 2], [1, 1, 1, 2, 1]);
  const before = tf.memory().numTensors;
  const y = flipTTA((b) => b, [[], ['x']])(x);
  assert.deepEqual(Array.from(y.dataSync()), [1, 2]);
  assert.equal(x.isDisposed, false);
  y.dispose();
  assert.equal(tf.memory().numTensors, before);
  x.dispose();
  assert.throws(() => flipTTA((b) => b, []), /at least one flip/);
});
