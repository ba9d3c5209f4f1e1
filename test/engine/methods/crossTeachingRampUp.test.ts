import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crossTeachingRampUp } from '../../../src/engine/methods/crossTeachingRampUp';

const close = (a: number, e: number, tol = 1e-6) => assert.ok(Math.abs(a - e) <= tol, `${a} vs ${e}`);

test('per step: r(0) = e^−5 ≈ 0.0067, r(E/2) = e^−1.25 ≈ 0.29, r(E) = 1 and after', () => {
  const s = { lengthSteps: 1000, per: 'step' as const, stepsPerEpoch: 100 };
  close(crossTeachingRampUp(0, s), 0.006738, 1e-6);
  close(crossTeachingRampUp(500, s), 0.286505, 1e-6);
  close(crossTeachingRampUp(1000, s), 1);
  close(crossTeachingRampUp(5000, s), 1);
});

test('per epoch: r is held for each epoch of stepsPerEpoch steps (Choi counts epochs)', () => {
  // 40 steps of 4 per epoch: E = 10 epochs. Steps 0–3 are epoch 0, steps 19 and 20 are epochs 4 and 5.
  const s = { lengthSteps: 40, per: 'epoch' as const, stepsPerEpoch: 4 };
  close(crossTeachingRampUp(0, s), Math.exp(-5));
  close(crossTeachingRampUp(3, s), Math.exp(-5));
  close(crossTeachingRampUp(19, s), Math.exp(-5 * 0.6 ** 2)); // epoch 4: e^−1.8 ≈ 0.1653
  close(crossTeachingRampUp(20, s), Math.exp(-1.25)); // epoch 5 = E/2
  close(crossTeachingRampUp(40, s), 1);
});

test('a length of 0 switches the ramp off (r = 1)', () => {
  assert.equal(crossTeachingRampUp(0, { lengthSteps: 0, per: 'epoch', stepsPerEpoch: 4 }), 1);
});
