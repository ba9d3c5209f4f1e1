import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { defaultMsKdLogitOptions, msKdLogitLoss } from '../../../src/engine/losses/msKdLogitLoss';
import { assertClose, assertNoLeak, gradientCheck, randomTensor, take, useCpu } from '../models/testing';

before(useCpu);

// [1, 1, 1, 2, 3]: voxel 0 student logits [0, 0, ln 2] → s = [.25, .25, .5]; voxel 1 anything (masked out).
// Teacher (organ = student channel 1) at voxel 0: [0, ln 3] → P = [.25, .75].
const student = (): tf.Tensor5D => tf.tensor5d([0, 0, Math.log(2), 5, -1, 2], [1, 1, 1, 2, 3]);
const teacher = (): tf.Tensor5D => tf.tensor5d([0, Math.log(3), 3, -3], [1, 1, 1, 2, 2]);
const region = (): tf.Tensor5D => tf.tensor5d([1, 0], [1, 1, 1, 2, 1]);

test('renormalised collapse: Q = [s0, s1]/(s0 + s1), KL(P ‖ Q) averaged over the region', () => {
  // Q = [.5, .5] → KL = .25 ln(.25/.5) + .75 ln(.75/.5) ≈ 0.130812. Tolerance 1e-6.
  const [s, t, r] = [student(), teacher(), region()];
  const v = assertNoLeak(() => take(msKdLogitLoss(s, [t], [r], defaultMsKdLogitOptions)), 'msKdLogitLoss');
  assertClose(v, [0.25 * Math.log(0.5) + 0.75 * Math.log(1.5)], 1e-6);
  tf.dispose([s, t, r]);
});

test('complement collapse: Q = [1 − s1, s1]; τ² scaling; empty region gives 0', () => {
  // Q = [.75, .25] → KL = .25 ln(.25/.75) + .75 ln(.75/.25) ≈ 0.549306.
  const [s, t, r] = [student(), teacher(), region()];
  const o = { ...defaultMsKdLogitOptions, collapse: 'complement' as const };
  assertClose(take(msKdLogitLoss(s, [t], [r], o)), [0.25 * Math.log(1 / 3) + 0.75 * Math.log(3)], 1e-6);
  // τ = 2 with ×τ² against τ = 2 without: exactly a factor 4.
  const a = take(msKdLogitLoss(s, [t], [r], { ...o, temperature: 2 }))[0] ?? NaN;
  const b = take(msKdLogitLoss(s, [t], [r], { ...o, temperature: 2, scaleByTemperatureSquared: false }))[0] ?? NaN;
  assert.ok(Math.abs(a - 4 * b) < 1e-6 && b > 0, `${a} vs 4·${b}`);
  const empty = tf.zeros([1, 1, 1, 2, 1]) as tf.Tensor5D;
  assertClose(take(msKdLogitLoss(s, [t], [empty], o)), [0], 0);
  assert.throws(() => msKdLogitLoss(s, [t], [r], { ...o, organChannels: [3] }), /organ channels 3 do not fit 3 student channels/);
  tf.dispose([s, t, r, empty]);
});

test('two teachers sum their terms; the teachers get no gradient; gradients match finite differences', () => {
  // Teacher 2 supervises student channel 2 over the whole patch. Step 1e-2, tolerance 1e-2.
  const s = randomTensor([1, 1, 1, 2, 3], 41, -2, 2);
  const ta = randomTensor([1, 1, 1, 2, 2], 42, -2, 2);
  const tb = randomTensor([1, 1, 1, 2, 2], 43, -2, 2);
  const ra = region();
  const rb = tf.ones([1, 1, 1, 2, 1]) as tf.Tensor5D;
  for (const collapse of ['renormalize', 'complement'] as const) {
    const o = { ...defaultMsKdLogitOptions, collapse, temperature: 2 };
    const both = take(msKdLogitLoss(s, [ta, tb], [ra, rb], o))[0] ?? NaN;
    const one = take(msKdLogitLoss(s, [ta], [ra], o))[0] ?? NaN;
    const two = take(msKdLogitLoss(s, [tb], [rb], { ...o, organChannels: [2] }))[0] ?? NaN;
    assert.ok(Math.abs(both - one - two) < 1e-6, `${both} vs ${one} + ${two}`);
    assertNoLeak(() => gradientCheck((si) => msKdLogitLoss(si as tf.Tensor5D, [ta, tb], [ra, rb], o), [s]), 'gradient check');
  }
  const g = tf.grads((a: tf.Tensor, b: tf.Tensor) => msKdLogitLoss(a as tf.Tensor5D, [b as tf.Tensor5D], [ra]))([s, ta]);
  assert.deepEqual(take(g[1] as tf.Tensor), [0, 0, 0, 0]);
  assert.ok(take(g[0] as tf.Tensor).every(Number.isFinite));
  tf.dispose([s, ta, tb, ra, rb]);
});
