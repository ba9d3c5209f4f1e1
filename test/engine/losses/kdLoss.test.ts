import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { kdLoss } from '../../../src/engine/losses/kdLoss';
import { assertClose, assertNoLeak, gradientCheck, randomTensor, take, useCpu } from '../models/testing';

before(useCpu);

const v = (a: number, b: number): tf.Tensor5D => tf.tensor5d([a, b], [1, 1, 1, 1, 2]);

test('KD is KL(q ‖ p) with q averaged over teachers in probability space', () => {
  // Student [ln 4, 0] → p = [0.8, 0.2]. Teachers [ln 3, 0] and [0, ln 3] → q = ([.75, .25] + [.25, .75])/2 = [.5, .5].
  // KL = 0.5·ln(0.5/0.8) + 0.5·ln(0.5/0.2) ≈ 0.223144. One teacher [ln 3, 0]: 0.75 ln(.75/.8) + 0.25 ln(.25/.2) ≈ 0.007382.
  const s = v(Math.log(4), 0);
  const t1 = v(Math.log(3), 0);
  const t2 = v(0, Math.log(3));
  assertClose(assertNoLeak(() => take(kdLoss(s, [t1, t2])), 'kdLoss'), [0.5 * Math.log(0.5 / 0.8) + 0.5 * Math.log(0.5 / 0.2)], 1e-6);
  assertClose(take(kdLoss(s, t1)), [0.75 * Math.log(0.75 / 0.8) + 0.25 * Math.log(0.25 / 0.2)], 1e-6);
  tf.dispose([s, t1, t2]);
});

test('temperature softens both sides; T² scaling is optional', () => {
  // T = 2: student [ln 4, 0]/2 → p = [2/3, 1/3]; teacher [ln 9, 0]/2 → q = [.75, .25].
  // KL = .75 ln(.75/(2/3)) + .25 ln(.25/(1/3)) ≈ 0.016417; × T² = 4 → 0.065668.
  const s = v(Math.log(4), 0);
  const t = v(Math.log(9), 0);
  const kl = 0.75 * Math.log(0.75 / (2 / 3)) + 0.25 * Math.log(0.25 / (1 / 3));
  assertClose(take(kdLoss(s, t, { temperature: 2, scaleByTemperatureSquared: true })), [4 * kl], 1e-6);
  assertClose(take(kdLoss(s, t, { temperature: 2, scaleByTemperatureSquared: false })), [kl], 1e-6);
  tf.dispose([s, t]);
});

test('KD averages over voxels (not sums) and trains only the student', () => {
  // [1, 1, 1, 2, 2]: voxel 0 as the first test (0.007382 with one teacher), voxel 1 identical student and teacher (0).
  const s = tf.tensor5d([Math.log(4), 0, 1, 2], [1, 1, 1, 2, 2]);
  const t = tf.tensor5d([Math.log(3), 0, 1, 2], [1, 1, 1, 2, 2]);
  assertClose(take(kdLoss(s, t)), [(0.75 * Math.log(0.75 / 0.8) + 0.25 * Math.log(0.25 / 0.2)) / 2], 1e-6);
  const [gs, gt] = tf.grads((a: tf.Tensor, b: tf.Tensor) => kdLoss(a as tf.Tensor5D, b as tf.Tensor5D))([s, t]);
  assert.ok(take(gs as tf.Tensor).some((x) => x !== 0));
  assert.deepEqual(take(gt as tf.Tensor), [0, 0, 0, 0]);
  tf.dispose([s, t]);
});

test('KD gradient matches finite differences and is finite where q has zeros', () => {
  // [1, 1, 1, 2, 3] random student logits, T = 2; step 1e-2, tolerance 1e-2.
  const s = randomTensor([1, 1, 1, 2, 3], 21, -2, 2);
  const t = randomTensor([1, 1, 1, 2, 3], 22, -2, 2);
  assertNoLeak(() => gradientCheck((si) => kdLoss(si as tf.Tensor5D, t, { temperature: 2, scaleByTemperatureSquared: true }), [s]), 'gradient check');
  const hard = tf.tensor5d([500, -500, 0, 0, 0, 0], [1, 1, 1, 2, 3]);
  const g = take(tf.grad((x: tf.Tensor) => kdLoss(x as tf.Tensor5D, hard))(s));
  assert.ok(g.every(Number.isFinite), `gradient: ${g}`);
  assert.ok(Number.isFinite(take(kdLoss(hard, s))[0] ?? NaN));
  tf.dispose([s, t, hard]);
});
