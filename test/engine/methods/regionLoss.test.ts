import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { regionLoss } from '../../../src/engine/methods/regionLoss';
import { assertClose, gradientCheck, take, useCpu } from '../models/testing';

before(useCpu);

test('½(P3 Dice + background-weighted BCE) on sigmoid outputs, hand-computed', () => {
  // One voxel, two regions, logits 0 → p = .5 each; targets [1, 0].
  const z = tf.zeros([1, 1, 1, 1, 2]) as tf.Tensor5D;
  const g = tf.tensor5d([1, 0], [1, 1, 1, 1, 2]);
  const t = regionLoss(z, g);
  // Dice_r = (2Σpg + 2e-6)/(Σp² + Σg + 2e-6): region 0 → (1 + 2e-6)/(1.25 + 2e-6), region 1 → 2e-6/(.25 + 2e-6).
  const dice = 1 - ((1 + 2e-6) / (1.25 + 2e-6) + 2e-6 / (0.25 + 2e-6)) / 2;
  // BCE = −mean[ln(.5 + 1e-6), .01 · ln(1 + 1e-6 − .5)].
  const bce = -(Math.log(0.5 + 1e-6) + 0.01 * Math.log(0.5 + 1e-6)) / 2;
  assertClose(take(t.dice), [dice], 1e-6, 'dice');
  assertClose(take(t.bce), [bce], 1e-6, 'bce');
  assertClose(take(t.total), [(dice + bce) / 2], 1e-6, 'total');
  // A background weight of 1 is the plain BCE.
  const plain = regionLoss(z, g, 1);
  assertClose(take(plain.bce), [-Math.log(0.5 + 1e-6)], 1e-6, 'plain bce');
  tf.dispose([plain.dice, plain.total]);
  const [x0, g2] = [tf.tensor5d([0.3, -0.2, 1, 0.5], [1, 1, 1, 2, 2]), tf.tensor5d([1, 0, 0, 1], [1, 1, 1, 2, 2])];
  gradientCheck((x) => tf.tidy(() => regionLoss(x as tf.Tensor5D, g2).total), [x0]);
  tf.dispose([z, g, x0, g2]);
});
