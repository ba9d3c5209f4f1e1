import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { crossEntropyLoss } from '../../../src/engine/losses/crossEntropyLoss';
import { assertClose, assertNoLeak, gradientCheck, randomTensor, take, useCpu } from '../models/testing';

before(useCpu);

// [1, 1, 1, 2, 3]: voxel 0 logits [1, 2, 3], class 2 → −log p = log(e + e² + e³) − 3 ≈ 0.407606;
// voxel 1 logits [0, 0, 0], class 0 → log 3 ≈ 1.098612.
const logits = (): tf.Tensor5D => tf.tensor5d([1, 2, 3, 0, 0, 0], [1, 1, 1, 2, 3]);
const target = (): tf.Tensor5D => tf.tensor5d([0, 0, 1, 1, 0, 0], [1, 1, 1, 2, 3]);
const ce0 = Math.log(Math.E + Math.E ** 2 + Math.E ** 3) - 3;

test('cross-entropy from logits: mean over voxels of −log softmax at the target', () => {
  const [z, y] = [logits(), target()];
  assertClose(assertNoLeak(() => take(crossEntropyLoss(z, y)), 'crossEntropyLoss'), [(ce0 + Math.log(3)) / 2], 1e-6);
  tf.dispose([z, y]);
});

test('class weights give the weighted mean Σ w_y·CE / Σ w_y', () => {
  // weights [2, 1, 1]: voxel 0 (class 2) weight 1, voxel 1 (class 0) weight 2 → (ce0 + 2 log 3)/3 ≈ 0.868277.
  const [z, y] = [logits(), target()];
  assertClose(take(crossEntropyLoss(z, y, { classWeights: [2, 1, 1] })), [(ce0 + 2 * Math.log(3)) / 3], 1e-6);
  assert.throws(() => crossEntropyLoss(z, y, { classWeights: [1, 1] }), /2 class weights for 3 classes/);
  tf.dispose([z, y]);
});

test('cross-entropy gradient matches finite differences and is finite for extreme logits', () => {
  // [1, 1, 1, 2, 3] random logits, soft target; step 1e-2, tolerance 1e-2.
  const z = randomTensor([1, 1, 1, 2, 3], 12, -3, 3);
  const y = tf.tensor5d([0.2, 0.3, 0.5, 1, 0, 0], [1, 1, 1, 2, 3]);
  assertNoLeak(() => gradientCheck((zi) => crossEntropyLoss(zi as tf.Tensor5D, y, { classWeights: [1, 2, 3] }), [z]), 'gradient check');
  const big = tf.tensor5d([200, -200, 0, -200, 200, 0], [1, 1, 1, 2, 3]);
  const g = take(tf.grad((x: tf.Tensor) => crossEntropyLoss(x as tf.Tensor5D, y))(big));
  assert.ok(g.every(Number.isFinite), `gradient: ${g}`);
  tf.dispose([z, y, big]);
});
