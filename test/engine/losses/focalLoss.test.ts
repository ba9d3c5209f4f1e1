import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { focalLoss, p1FocalOptions } from '../../../src/engine/losses/focalLoss';
import { assertClose, assertNoLeak, gradientCheck, randomTensor, take, useCpu } from '../models/testing';

before(useCpu);

test('P1 focal loss: clamp-smoothed targets, p_t = Σ t·p + s, −α(1 − p_t)²·log p_t', () => {
  // [1, 1, 1, 1, 2]: p = [0.3, 0.7], target class 1. t = [1e-5, 1 − 1e-5] → p_t = 0.7 + 0.6e-5 = 0.700006;
  // FL = −0.5·0.299994²·log 0.700006 ≈ 0.0160488. Tolerance 1e-7.
  const p = tf.tensor5d([0.3, 0.7], [1, 1, 1, 1, 2]);
  const y = tf.tensor5d([0, 1], [1, 1, 1, 1, 2]);
  const pt = 1e-5 * 0.3 + (1 - 1e-5) * 0.7 + 1e-5;
  assertClose(assertNoLeak(() => take(focalLoss(p, y, p1FocalOptions)), 'focalLoss'), [-0.5 * (1 - pt) ** 2 * Math.log(pt)], 1e-7);
  tf.dispose([p, y]);
});

test('per-class α is taken at the target class; the loss is a mean over voxels', () => {
  // [1, 1, 1, 2, 3], γ = 1, smooth 0: voxel 0 p = [0.5, 0.25, 0.25] class 0 (α 1): −0.5·log 0.5;
  // voxel 1 p = [0.1, 0.1, 0.8] class 2 (α 3): −3·0.2·log 0.8. Mean of the two.
  const p = tf.tensor5d([0.5, 0.25, 0.25, 0.1, 0.1, 0.8], [1, 1, 1, 2, 3]);
  const y = tf.tensor5d([1, 0, 0, 0, 0, 1], [1, 1, 1, 2, 3]);
  const expected = (-0.5 * Math.log(0.5) - 3 * 0.2 * Math.log(0.8)) / 2;
  assertClose(take(focalLoss(p, y, { gamma: 1, alpha: [1, 2, 3], smooth: 0 })), [expected], 1e-6);
  assert.throws(() => focalLoss(p, y, { gamma: 1, alpha: [1, 2], smooth: 0 }), /2 alphas for 3 classes/);
  tf.dispose([p, y]);
});

test('focal gradient matches finite differences and is finite at p = 0 and 1', () => {
  // [1, 1, 1, 2, 3] random probabilities; step 1e-3, tolerance 1e-2.
  const p = randomTensor([1, 1, 1, 2, 3], 13, 0.05, 0.95);
  const y = tf.tensor5d([0, 1, 0, 0, 0, 1], [1, 1, 1, 2, 3]);
  assertNoLeak(() => gradientCheck((pi) => focalLoss(pi as tf.Tensor5D, y), [p], 1e-3), 'gradient check');
  const edge = tf.tensor5d([1, 0, 0, 0, 0, 1], [1, 1, 1, 2, 3]); // voxel 0 wrong with certainty, voxel 1 right
  const g = take(tf.grad((x: tf.Tensor) => focalLoss(x as tf.Tensor5D, y))(edge));
  assert.ok(g.every(Number.isFinite), `gradient: ${g}`);
  tf.dispose([p, y, edge]);
});
