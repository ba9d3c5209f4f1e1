import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { p1DiceOptions, p3DiceOptions, softDiceLoss } from '../../../src/engine/losses/softDiceLoss';
import { assertClose, assertNoLeak, gradientCheck, randomTensor, take, useCpu } from '../models/testing';

before(useCpu);

// [1, 1, 1, 2, 2]: voxel 0 p = [0.2, 0.8], target class 1; voxel 1 p = [0.6, 0.4], target class 0.
const probs = (): tf.Tensor5D => tf.tensor5d([0.2, 0.8, 0.6, 0.4], [1, 1, 1, 2, 2]);
const target = (): tf.Tensor5D => tf.tensor5d([0, 1, 1, 0], [1, 1, 1, 2, 2]);

test('P1 Dice: −(2TP + 1e-5)/(Σp + Σg + 1e-5) over foreground only', () => {
  // Class 1: TP = 0.8, Σp = 1.2, Σg = 1 → −1.60001/2.20001 ≈ −0.727275. Tolerance 1e-6.
  const [p, g] = [probs(), target()];
  const v = assertNoLeak(() => take(softDiceLoss(p, g, p1DiceOptions)), 'softDiceLoss');
  assertClose(v, [-(1.6 + 1e-5) / (2.2 + 1e-5)], 1e-6);
  tf.dispose([p, g]);
});

test('P3 Dice: 1 − mean 2(Σpg + 1e-6)/(Σp² + Σg + 2e-6) over every channel', () => {
  // Class 0: Σpg = 0.6, Σp² = 0.4, Σg = 1; class 1: Σpg = 0.8, Σp² = 0.8, Σg = 1. → 1 − (1.2/1.4 + 1.6/1.8)/2 ≈ 0.126984.
  const [p, g] = [probs(), target()];
  const d0 = (1.2 + 2e-6) / (1.4 + 2e-6);
  const d1 = (1.6 + 2e-6) / (1.8 + 2e-6);
  assertClose(take(softDiceLoss(p, g, p3DiceOptions)), [1 - (d0 + d1) / 2], 1e-6);
  tf.dispose([p, g]);
});

test('batch Dice sums over samples; per-sample Dice averages them', () => {
  // N = 2, foreground class 1 only, smooth 0. Sample 0 as above: 1.6/2.2. Sample 1: p1 = [0.5, 0.1], both voxels class 1:
  // 2·0.6/(0.6 + 2) = 1.2/2.6. Batch: 2·1.4/(1.8 + 3) = 2.8/4.8.
  const p = tf.tensor5d([0.2, 0.8, 0.6, 0.4, 0.5, 0.5, 0.9, 0.1], [2, 1, 1, 2, 2]);
  const g = tf.tensor5d([0, 1, 1, 0, 0, 1, 0, 1], [2, 1, 1, 2, 2]);
  const o = { ...p1DiceOptions, smooth: 0 };
  assertClose(take(softDiceLoss(p, g, o)), [-2.8 / 4.8], 1e-6);
  assertClose(take(softDiceLoss(p, g, { ...o, batchDice: false })), [-(1.6 / 2.2 + 1.2 / 2.6) / 2], 1e-6);
  assert.notEqual(-2.8 / 4.8, -(1.6 / 2.2 + 1.2 / 2.6) / 2);
  tf.dispose([p, g]);
});

test('soft Dice gradient matches finite differences and stays finite at p = 0 and 1', () => {
  // [1, 1, 2, 2, 3] random probabilities against a fixed one-hot; step 1e-3 (the loss is smooth), tolerance 1e-2.
  const p = randomTensor([1, 1, 2, 2, 3], 11, 0.05, 0.95);
  const g = tf.tensor5d([1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 1, 0], [1, 1, 2, 2, 3]);
  for (const o of [p1DiceOptions, p3DiceOptions]) {
    assertNoLeak(() => gradientCheck((pi) => softDiceLoss(pi as tf.Tensor5D, g as tf.Tensor5D, o), [p], 1e-3), 'gradient check');
  }
  const edge = tf.tensor5d([1, 0, 0, 0, 1, 0], [1, 1, 1, 2, 3]);
  const grad = take(tf.grad((x: tf.Tensor) => softDiceLoss(x as tf.Tensor5D, edge, p3DiceOptions))(edge));
  assert.ok(grad.every(Number.isFinite), `gradient at 0/1: ${grad}`);
  tf.dispose([p, g, edge]);
});
