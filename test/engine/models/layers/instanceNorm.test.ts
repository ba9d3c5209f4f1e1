import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { instanceNorm } from '../../../../src/engine/models/layers/instanceNorm';
import { assertClose, assertNoLeak, gradientCheck, probe, randomTensor, take, useCpu } from '../testing';

before(useCpu);

test('instanceNorm normalises each sample and channel over D, H, W, then scales and shifts', () => {
  // x: [1, 1, 2, 2, 1] = 1, 2, 3, 4 → mean 2.5, biased var 1.25; γ = 2, β = 0.5.
  const x = tf.tensor5d([1, 2, 3, 4], [1, 1, 2, 2, 1]);
  const g = tf.tensor1d([2]);
  const b = tf.tensor1d([0.5]);
  const y = assertNoLeak(() => take(instanceNorm(x, g, b)), 'instanceNorm');
  const s = 1 / Math.sqrt(1.25 + 1e-5);
  assertClose(y, [-1.5, -0.5, 0.5, 1.5].map((d) => 2 * d * s + 0.5), 1e-5);
  tf.dispose([x, g, b]);
});

test('instanceNorm keeps samples and channels apart', () => {
  // x: [2, 1, 1, 2, 2]; sample 1 is sample 0 scaled by 10 and shifted, so both normalise to the same values.
  const x = tf.tensor5d([0, 5, 2, 1, 3, 60, 23, 20], [2, 1, 1, 2, 2]);
  const one = tf.ones([2]) as tf.Tensor1D;
  const zero = tf.zeros([2]) as tf.Tensor1D;
  const y = take(instanceNorm(x, one, zero, 0));
  assertClose(y, [-1, 1, 1, -1, -1, 1, 1, -1], 1e-6);
  tf.dispose([x, one, zero]);
});

test('instanceNorm gradient matches finite differences for x, γ and β', () => {
  // x: [2, 2, 1, 2, 2]; float32 central differences, step 1e-2, tolerance 1e-2 of the largest gradient.
  const x = randomTensor([2, 2, 1, 2, 2], 1);
  const g = randomTensor([2], 2, 0.5, 1.5);
  const b = randomTensor([2], 3);
  assertNoLeak(() => gradientCheck((xi, gi, bi) => probe(instanceNorm(xi as tf.Tensor5D, gi as tf.Tensor1D, bi as tf.Tensor1D)), [x, g, b]), 'gradient check');
  tf.dispose([x, g, b]);
});
