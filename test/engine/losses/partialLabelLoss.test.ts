import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { partialLabelLoss } from '../../../src/engine/losses/partialLabelLoss';
import { assertClose, assertNoLeak, gradientCheck, take } from '../models/testing';

before(useCpuBackend);

async function useCpuBackend(): Promise<void> {
  await tf.setBackend('cpu');
  await tf.ready();
}

// [1, 1, 1, 2, 3]: voxel a logits [0, ln 2, 0] → s = [.25, .5, .25]; voxel b [ln 3, 0, 0] → s = [.6, .2, .2].
const logits = (): tf.Tensor5D => tf.tensor5d([0, Math.log(2), 0, Math.log(3), 0, 0], [1, 1, 1, 2, 3]);
const labels = (a: number, b: number): tf.Tensor4D => tf.tensor4d([a, b], [1, 1, 1, 2], 'int32');
const EPS = 1e-5;

test('one annotated organ: unannotated classes merge into background (marginal CE), Dice over that organ only', () => {
  const [z, y] = [logits(), labels(1, 0)];
  const [dice, ce] = assertNoLeak(() => {
    const t = partialLabelLoss(z, y, [[1]]);
    return [take(t.dice), take(t.ce)];
  }, 'partialLabelLoss');
  // CE: a → −ln .5; b → −ln(s0 + s2) = −ln .8. Dice of class 1: p = [.5, .2], g = [1, 0] → (2·.5 + ε)/(.7 + 1 + ε). Tolerance 1e-6.
  assertClose(ce!, [(-Math.log(0.5) - Math.log(0.8)) / 2], 1e-6, 'ce');
  assertClose(dice!, [1 - (1 + EPS) / (1.7 + EPS)], 1e-6, 'dice');
  tf.dispose([z, y]);
});

test('a voxel labelled with an unannotated id counts as background; all annotated gives plain CE and mean Dice', () => {
  const z = logits();
  const y2 = labels(1, 2);
  const { dice: d1, ce: c1 } = partialLabelLoss(z, y2, [[1]]);
  assertClose(take(c1), [(-Math.log(0.5) - Math.log(0.8)) / 2], 1e-6, 'ce with unannotated label 2');
  d1.dispose();
  const y0 = labels(1, 0);
  const { dice, ce } = partialLabelLoss(z, y0, undefined);
  assertClose(take(ce), [(-Math.log(0.5) - Math.log(0.6)) / 2], 1e-6, 'full ce');
  // Class 1 as above; class 2: p = [.25, .2], g = [0, 0] → ε/(.45 + ε).
  assertClose(take(dice), [1 - ((1 + EPS) / (1.7 + EPS) + EPS / (0.45 + EPS)) / 2], 1e-6, 'full dice');
  tf.dispose([z, y2, y0]);
});

test('samples annotating different organs: each class scored only over the samples annotating it; gradients match finite differences', () => {
  // Two samples of one voxel each; sample 0 annotates 1, sample 1 annotates 2. Logits give s = [.25, .5, .25] and [.6, .2, .2].
  const z = tf.tensor5d([0, Math.log(2), 0, Math.log(3), 0, 0], [2, 1, 1, 1, 3]);
  const y = tf.tensor4d([1, 2], [2, 1, 1, 1], 'int32');
  const { dice, ce } = partialLabelLoss(z, y, [[1], [2]]);
  // CE: sample 0 → −ln .5; sample 1 (label 2 annotated) → −ln .2. Dice: class 1 over sample 0: (1 + ε)/(.5 + 1 + ε); class 2 over sample 1: (.4 + ε)/(.2 + 1 + ε).
  assertClose(take(ce), [(-Math.log(0.5) - Math.log(0.2)) / 2], 1e-6, 'ce');
  assertClose(take(dice), [1 - ((1 + EPS) / (1.5 + EPS) + (0.4 + EPS) / (1.2 + EPS)) / 2], 1e-6, 'dice');
  gradientCheck((x) => tf.tidy(() => {
    const t = partialLabelLoss(x as tf.Tensor5D, y, [[1], [2]]);
    return tf.add(t.dice, t.ce) as tf.Scalar;
  }), [z], 1e-2, 2e-2);
  tf.dispose([z, y]);
});

test('annotation lists must match the batch', () => {
  const [z, y] = [logits(), labels(0, 0)];
  assert.throws(() => partialLabelLoss(z, y, [[1], [2]]), /2 annotation lists for 1 samples/);
  tf.dispose([z, y]);
});
