import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { p3BceOptions, regionBceLoss } from '../../../src/engine/losses/regionBceLoss';
import { assertClose, assertNoLeak, gradientCheck, randomTensor, take, useCpu } from '../models/testing';

before(useCpu);

test('region BCE: −mean[g·log(p + ε) + 0.01·(1 − g)·log(1 + ε − p)]', () => {
  // [1, 1, 1, 1, 2]: p = [0.8, 0.3], g = [1, 0] → −(log 0.800001 + 0.01·log 0.700001)/2 ≈ 0.113354. Tolerance 1e-6.
  const p = tf.tensor5d([0.8, 0.3], [1, 1, 1, 1, 2]);
  const g = tf.tensor5d([1, 0], [1, 1, 1, 1, 2]);
  const expected = -(Math.log(0.8 + 1e-6) + 0.01 * Math.log(1 + 1e-6 - 0.3)) / 2;
  assertClose(assertNoLeak(() => take(regionBceLoss(p, g, p3BceOptions)), 'regionBceLoss'), [expected], 1e-6);
  assertClose(take(regionBceLoss(p, g, { backgroundWeight: 1, eps: 0 })), [-(Math.log(0.8) + Math.log(0.7)) / 2], 1e-6);
  tf.dispose([p, g]);
});

test('region BCE gradient matches finite differences and is finite at p = 0 and 1', () => {
  // [1, 1, 1, 2, 2] random p in [0.1, 0.9], soft g; step 1e-3, tolerance 1e-2.
  const p = randomTensor([1, 1, 1, 2, 2], 31, 0.1, 0.9);
  const g = tf.tensor5d([1, 0, 0.5, 0.2], [1, 1, 1, 2, 2]);
  assertNoLeak(() => gradientCheck((pi) => regionBceLoss(pi as tf.Tensor5D, g), [p], 1e-3), 'gradient check');
  const edge = tf.tensor5d([0, 1, 1, 0], [1, 1, 1, 2, 2]);
  const grad = take(tf.grad((x: tf.Tensor) => regionBceLoss(x as tf.Tensor5D, g))(edge));
  assert.ok(grad.every(Number.isFinite), `gradient: ${grad}`);
  tf.dispose([p, g, edge]);
});
