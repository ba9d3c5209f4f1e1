import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { pseudoLabelDiceLoss } from '../../../src/engine/losses/pseudoLabelDiceLoss';
import { assertClose, assertNoLeak, take, useCpu } from '../models/testing';

before(useCpu);

test('pseudo-label Dice uses the argmax of the averaged target probabilities', () => {
  // [1, 1, 1, 2, 2]. Targets: T1 = [[.6, .4], [.3, .7]], T2 = [[.3, .7], [.4, .6]] → mean argmax = class 1 at both voxels
  // (T1 alone would say class 0 at voxel 0). Student [[.2, .8], [.6, .4]]: TP = 1.2, Σp = 1.2, Σg = 2
  // → −(2.4 + 1e-5)/(3.2 + 1e-5) = −0.75; with T1 alone (g = [0, 1]): −(0.8 + 1e-5)/(1.2 + 1 + 1e-5) ≈ −0.363640.
  const s = tf.tensor5d([0.2, 0.8, 0.6, 0.4], [1, 1, 1, 2, 2]);
  const t1 = tf.tensor5d([0.6, 0.4, 0.3, 0.7], [1, 1, 1, 2, 2]);
  const t2 = tf.tensor5d([0.3, 0.7, 0.4, 0.6], [1, 1, 1, 2, 2]);
  assertClose(assertNoLeak(() => take(pseudoLabelDiceLoss(s, [t1, t2])), 'pseudoLabelDiceLoss'), [-(2.4 + 1e-5) / (3.2 + 1e-5)], 1e-6);
  assertClose(take(pseudoLabelDiceLoss(s, t1)), [-(0.8 + 1e-5) / (2.2 + 1e-5)], 1e-6);
  const [gs, gt] = tf.grads((a: tf.Tensor, b: tf.Tensor) => pseudoLabelDiceLoss(a as tf.Tensor5D, b as tf.Tensor5D))([s, t1]);
  const student = take(gs as tf.Tensor);
  assert.ok(student.every(Number.isFinite) && student.some((x) => x !== 0));
  assert.deepEqual(take(gt as tf.Tensor), [0, 0, 0, 0]); // the target gets no gradient
  tf.dispose([s, t1, t2]);
});
