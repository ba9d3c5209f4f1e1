import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { instanceNormAct, instanceNormActOps } from '../../../../src/engine/models/ops/instanceNormAct';
import { assertClose, assertNoLeak, gradientCheck, probe, randomTensor, take, useCpu } from '../testing';
import { TEST_BACKENDS, onBackend } from './naiveReference';

before(useCpu);

test('instanceNormAct normalises each sample and channel over D, H, W, then scales and shifts', () => {
  // x: [1, 1, 2, 2, 1] = 1, 2, 3, 4 → mean 2.5, biased var 1.25; γ = 2, β = 0.5.
  const x = tf.tensor5d([1, 2, 3, 4], [1, 1, 2, 2, 1]);
  const g = tf.tensor1d([2]);
  const b = tf.tensor1d([0.5]);
  const y = assertNoLeak(() => take(instanceNormAct(x, g, b)), 'instanceNormAct');
  const s = 1 / Math.sqrt(1.25 + 1e-5);
  assertClose(y, [-1.5, -0.5, 0.5, 1.5].map((d) => 2 * d * s + 0.5), 1e-5);
  // LeakyReLU 0.01 after the affine: the two negative outputs shrink 100-fold, the positive ones stay.
  const leaky = take(instanceNormAct(x, g, b, 0.01));
  assertClose(leaky, [-1.5, -0.5, 0.5, 1.5].map((d) => 2 * d * s + 0.5).map((v) => (v > 0 ? v : 0.01 * v)), 1e-5);
  tf.dispose([x, g, b]);
});

test('instanceNormAct keeps samples and channels apart', () => {
  // x: [2, 1, 1, 2, 2]; sample 1 is sample 0 scaled by 10 and shifted, so both normalise to the same values.
  const x = tf.tensor5d([0, 5, 2, 1, 3, 60, 23, 20], [2, 1, 1, 2, 2]);
  const one = tf.ones([2]) as tf.Tensor1D;
  const zero = tf.zeros([2]) as tf.Tensor1D;
  const y = take(instanceNormAct(x, one, zero, 1, 0));
  assertClose(y, [-1, 1, 1, -1, -1, 1, 1, -1], 1e-6);
  tf.dispose([x, one, zero]);
});

test('instanceNormAct keeps its precision on a large offset (CT values in HU: 1000 ± 0.5)', () => {
  // 1000 + (−0.5, 0.5): mean 1000, biased variance 0.25 → ±2·0.5/√0.25… = ±1 exactly; float32 E[x²] − E[x]² would give 0.
  const x = tf.tensor5d([999.5, 1000.5, 999.5, 1000.5], [1, 1, 2, 2, 1]);
  const one = tf.ones([1]) as tf.Tensor1D;
  const zero = tf.zeros([1]) as tf.Tensor1D;
  assertClose(take(instanceNormAct(x, one, zero, 1, 0)), [-1, 1, -1, 1], 1e-6);
  tf.dispose([x, one, zero]);
});

test('instanceNormAct gradient matches finite differences for x, γ and β', () => {
  // x: [2, 2, 1, 2, 2]; float32 central differences, step 1e-2, tolerance 1e-2 of the largest gradient. Without the
  // activation: a step of 1e-2 can cross the LeakyReLU kink; the slope's gradient is checked against autodiff below.
  const x = randomTensor([2, 2, 1, 2, 2], 1);
  const g = randomTensor([2], 2, 0.5, 1.5);
  const b = randomTensor([2], 3);
  assertNoLeak(() => gradientCheck((xi, gi, bi) => probe(instanceNormAct(xi as tf.Tensor5D, gi as tf.Tensor1D, bi as tf.Tensor1D)), [x, g, b]), 'gradient check');
  tf.dispose([x, g, b]);
});

// 3 channels: the one-channel loops alone; 11: two blocks of four plus three; 12³ voxels: more than one chunk of 1024.
const SHAPES: [number, number, number, number, number][] = [
  [2, 5, 6, 7, 3],
  [2, 3, 4, 5, 11],
  [1, 12, 12, 12, 8],
];
for (const backend of TEST_BACKENDS) for (const shape of SHAPES) {
  test(`${backend} ${shape.join('×')}: the fused kernels agree with the tfjs-op composition (forward, dx, dγ, dβ ≤ 1e-4 relative) and leave no tensor behind`, async () => {
    await onBackend(backend);
    // A channel offset and scale, γ around 1, β around 0: the composition is PyTorch's layer from tfjs ops.
    const c = shape[4];
    const x = tf.tidy(() => tf.add(tf.mul(randomTensor(shape, 11), randomTensor<tf.Rank.R1>([c], 15, 0.5, 4)), randomTensor<tf.Rank.R1>([c], 16, -5, 10))) as tf.Tensor5D;
    const g = randomTensor<tf.Rank.R1>([c], 12, 0.5, 1.5);
    const b = randomTensor<tf.Rank.R1>([c], 13, -0.5, 0.5);
    const w = randomTensor(shape, 14);
    const run = (f: typeof instanceNormActOps) => {
      const loss = (xi: tf.Tensor, gi: tf.Tensor, bi: tf.Tensor) => tf.sum(tf.mul(f(xi as tf.Tensor5D, gi as tf.Tensor1D, bi as tf.Tensor1D, 0.01), w));
      const y = f(x, g, b, 0.01);
      const grads = tf.grads(loss)([x, g, b]);
      return [y, ...grads].map((t) => {
        const v = take(t);
        t.dispose();
        return v;
      });
    };
    const before = tf.memory().numTensors;
    const fused = run(instanceNormAct);
    assert.equal(tf.memory().numTensors, before, 'tensors after forward and gradients');
    const reference = run(instanceNormActOps);
    ['forward', 'dx', 'dγ', 'dβ'].forEach((what, i) => {
      const r = reference[i]!;
      const scale = Math.max(...r.map(Math.abs));
      assertClose(fused[i]!, r, 1e-4 * scale, what);
    });
    tf.dispose([x, g, b, w]);
    await useCpu();
  });
}
