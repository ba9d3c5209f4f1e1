import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { groupNorm } from '../../../../src/engine/models/layers/groupNorm';
import { assertClose, assertNoLeak, gradientCheck, probe, randomTensor, take, useCpu } from '../testing';

before(useCpu);

test('groupNorm normalises over space and the channels of each group', () => {
  // x: [1, 1, 1, 2, 4], 2 groups of 2 channels. Group 0 holds 1, 2, 10, 20 → mean 8.25, var 58.1875;
  // group 1 holds 3, 4, 30, 40 → mean 19.25, var 260.6875. γ = 1, β = 0, eps 1e-5.
  const x = tf.tensor5d([1, 2, 3, 4, 10, 20, 30, 40], [1, 1, 1, 2, 4]);
  const g = tf.ones([4]) as tf.Tensor1D;
  const b = tf.zeros([4]) as tf.Tensor1D;
  const y = assertNoLeak(() => take(groupNorm(x, g, b, 2)), 'groupNorm');
  const n0 = (v: number): number => (v - 8.25) / Math.sqrt(58.1875 + 1e-5);
  const n1 = (v: number): number => (v - 19.25) / Math.sqrt(260.6875 + 1e-5);
  assertClose(y, [n0(1), n0(2), n1(3), n1(4), n0(10), n0(20), n1(30), n1(40)], 1e-5);
  tf.dispose([x, g, b]);
});

test('groupNorm with one channel per group equals instance norm', () => {
  // x: [1, 1, 2, 1, 2]: channel 0 = 1, 3 → ∓1; channel 1 = 4, 2 → ±1 (eps 0).
  const x = tf.tensor5d([1, 4, 3, 2], [1, 1, 2, 1, 2]);
  const g = tf.tensor1d([2, 1]);
  const b = tf.tensor1d([0, 1]);
  assertClose(take(groupNorm(x, g, b, 2, 0)), [-2, 2, 2, 0], 1e-6);
  tf.dispose([x, g, b]);
});

test('groupNorm rejects groups that do not divide the channels', () => {
  const x = tf.zeros([1, 1, 1, 1, 3]) as tf.Tensor5D;
  const g = tf.ones([3]) as tf.Tensor1D;
  assert.throws(() => groupNorm(x, g, g, 2), /2 groups do not divide 3 channels/);
  tf.dispose([x, g]);
});

test('groupNorm gradient matches finite differences for x, γ and β', () => {
  // x: [2, 1, 2, 2, 4], 2 groups; step 1e-2, tolerance 1e-2 of the largest gradient.
  const x = randomTensor([2, 1, 2, 2, 4], 4);
  const g = randomTensor([4], 5, 0.5, 1.5);
  const b = randomTensor([4], 6);
  assertNoLeak(() => gradientCheck((xi, gi, bi) => probe(groupNorm(xi as tf.Tensor5D, gi as tf.Tensor1D, bi as tf.Tensor1D, 2)), [x, g, b]), 'gradient check');
  tf.dispose([x, g, b]);
});
