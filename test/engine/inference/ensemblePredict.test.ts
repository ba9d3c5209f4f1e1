import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { ensemblePredict } from '../../../src/engine/inference/ensemblePredict';
import type { Predictor } from '../../../src/engine/inference/predictor';
import { useCpuBackend } from './fakePredictors';

before(useCpuBackend);

/** Every voxel: P(class 0) = 1 − p, P(class 1) = p. */
const constant = (p: number): Predictor => (x) => {
  const [n, d, h, w] = x.shape;
  return tf.tidy(() => tf.concat([tf.fill([n, d, h, w, 1], 1 - p), tf.fill([n, d, h, w, 1], p)], 4));
};

test('equal weights average the members; weights are normalised', () => {
  // [1, 1, 1, 2, 1] input, 2 classes. Members say P(1) = 0.2 and 0.8.
  const x = tf.zeros<tf.Rank.R5>([1, 1, 1, 2, 1]);
  const before = tf.memory().numTensors;
  const mean = ensemblePredict([constant(0.2), constant(0.8)])(x);
  Array.from(mean.dataSync()).forEach((v) => assert.ok(Math.abs(v - 0.5) < 1e-6));
  // Weights [3, 1] → 0.75·0.2 + 0.25·0.8 = 0.35.
  const weighted = ensemblePredict([constant(0.2), constant(0.8)], [3, 1])(x);
  const w = Array.from(weighted.dataSync());
  assert.ok(Math.abs(w[1]! - 0.35) < 1e-6 && Math.abs(w[0]! - 0.65) < 1e-6);
  tf.dispose([mean, weighted]);
  assert.equal(tf.memory().numTensors, before);
  x.dispose();
});

test('a member returning its input leaves the input alive; bad weights are rejected', () => {
  const x = tf.tensor5d([2, 4], [1, 1, 1, 2, 1]);
  const y = ensemblePredict([(b) => b, (b) => tf.mul(b, 3)], [1, 1])(x);
  assert.deepEqual(Array.from(y.dataSync()), [4, 8]);
  assert.equal(x.isDisposed, false);
  tf.dispose([x, y]);
  assert.throws(() => ensemblePredict([]), /at least one model/);
  assert.throws(() => ensemblePredict([constant(0.1)], [1, 2]), /2 weights for 1 models/);
  assert.throws(() => ensemblePredict([constant(0.1), constant(0.2)], [0, 0]), /not all 0/);
  assert.throws(() => ensemblePredict([constant(0.1), constant(0.2)], [1, -1]), /≥ 0/);
});
