import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { createFeatureAdapter } from '../../../src/engine/losses/featureAdapter';
import { msKdFeatureLoss } from '../../../src/engine/losses/msKdFeatureLoss';
import { assertClose, assertNoLeak, gradientCheck, randomTensor, take, useCpu, variableGradientCheck } from '../models/testing';

before(useCpu);

function adapterWith(w: number[], b: number[]): ReturnType<typeof createFeatureAdapter> {
  const a = createFeatureAdapter('adapter0', 1, 2);
  a.variables.get('adapter0.w')?.assign(tf.tensor5d(w, [1, 1, 1, 1, 2]));
  a.variables.get('adapter0.b')?.assign(tf.tensor1d(b));
  return a;
}

// Student feature [1, 1, 1, 2, 1] = [1, 2]; adapter w = [1, 2], b = 0 → adapted [[1, 2], [2, 4]].
// Teacher feature [1, 1, 1, 2, 2] = [[1, 0], [0, 0]]. Region mask at full resolution [1, 1, 2, 4, 1]:
// nearest downsampling by 2 in H and W keeps mask[0, 0, 0] = 1 and mask[0, 0, 2] = 0.
const mask = (): tf.Tensor5D => tf.tensor5d([1, 0, 0, 1, 1, 1, 1, 1], [1, 1, 2, 4, 1]);

test('feature loss: squared L2 between adapted student and teacher features, averaged over the region', () => {
  // Only voxel 0 counts: ‖[1, 2] − [1, 0]‖² = 4.
  const adapter = adapterWith([1, 2], [0, 0]);
  const fs = tf.tensor5d([1, 2], [1, 1, 1, 2, 1]);
  const ft = tf.tensor5d([1, 0, 0, 0], [1, 1, 1, 2, 2]);
  const m = mask();
  assertClose(assertNoLeak(() => take(msKdFeatureLoss(fs, [ft], [adapter], [m])), 'msKdFeatureLoss'), [4], 1e-6);
  // Cosine: 1 − [1, 2]·[1, 0]/(√5·1) ≈ 0.552786.
  assertClose(take(msKdFeatureLoss(fs, [ft], [adapter], [m], { distance: 'cosine' })), [1 - 1 / Math.sqrt(5)], 1e-6);
  const bad = tf.zeros([1, 1, 3, 3, 1]) as tf.Tensor5D;
  assert.throws(() => msKdFeatureLoss(fs, [ft], [adapter], [bad]), /mask 1×3×3 is not a multiple of features 1×1×2/);
  tf.dispose([fs, ft, m, bad]);
  adapter.dispose();
});

test('feature loss gradients reach the student and the adapter, never the teacher', () => {
  // [1, 1, 2, 2, 1] student features, 2-channel teacher; step 1e-2, tolerance 1e-2, both distances.
  const adapter = createFeatureAdapter('adapter0', 1, 2, 5);
  const fs = randomTensor<tf.Rank.R5>([1, 1, 2, 2, 1], 51);
  const ft = randomTensor<tf.Rank.R5>([1, 1, 2, 2, 2], 52);
  const m = tf.tensor5d([1, 0, 1, 1], [1, 1, 2, 2, 1]);
  for (const distance of ['l2', 'cosine'] as const) {
    assertNoLeak(() => {
      gradientCheck((x) => msKdFeatureLoss(x as tf.Tensor5D, [ft], [adapter], [m], { distance }), [fs]);
      variableGradientCheck(() => msKdFeatureLoss(fs, [ft], [adapter], [m], { distance }), [...adapter.variables.values()]);
    }, 'gradient checks');
  }
  const g = tf.grads((t: tf.Tensor) => msKdFeatureLoss(fs, [t as tf.Tensor5D], [adapter], [m]))([ft]);
  assert.ok(take(g[0] as tf.Tensor).every((x) => x === 0));
  tf.dispose([fs, ft, m]);
  adapter.dispose();
});
