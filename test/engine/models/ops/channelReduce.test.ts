import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { channelMean, channelSum } from '../../../../src/engine/models/ops/channelReduce';
import { assertClose, randomTensor, take, useCpu } from '../testing';
import { TEST_BACKENDS, onBackend } from './naiveReference';

test('channelMean (per sample and channel over D, H, W) and channelSum (per channel over N, D, H, W) of a hand-made volume', async () => {
  await useCpu();
  // [2, 1, 1, 2, 2]: sample 0 has channel values (1, 3) and (10, 30); sample 1 (−1, 5) and (2, 2).
  const x = tf.tensor5d([1, 10, 3, 30, -1, 2, 5, 2], [2, 1, 1, 2, 2]);
  assert.deepEqual(tf.tidy(() => take(channelMean(x))), [2, 20, 2, 2]);
  assert.deepEqual(tf.tidy(() => take(channelSum(x))), [8, 44]);
  x.dispose();
});

for (const backend of TEST_BACKENDS) for (const shape of [[2, 3, 4, 5, 3], [1, 4, 6, 5, 11]] as [number, number, number, number, number][]) {
  test(`${backend} ${shape.join('×')}: channelMean and its gradient match tf.mean over axes 1-3, no tensor left behind`, async () => {
    await onBackend(backend);
    const x = randomTensor(shape, 21) as tf.Tensor5D;
    const w = randomTensor<tf.Rank.R2>([shape[0], shape[4]], 22);
    const run = (f: (t: tf.Tensor5D) => tf.Tensor2D): number[][] => {
      const y = f(x);
      const dx = tf.grad((xi: tf.Tensor) => tf.sum(tf.mul(f(xi as tf.Tensor5D), w)))(x);
      const out = [take(y), take(dx)];
      tf.dispose([y, dx]);
      return out;
    };
    const before = tf.memory().numTensors;
    const fast = run(channelMean);
    assert.equal(tf.memory().numTensors, before, 'tensors after forward and gradient');
    const reference = run((t) => tf.mean(t, [1, 2, 3]) as tf.Tensor2D);
    assertClose(tf.tidy(() => take(channelSum(x))), tf.tidy(() => take(tf.sum(x, [0, 1, 2, 3]))), 1e-5, 'sum');
    assertClose(fast[0]!, reference[0]!, 1e-6, 'mean');
    assertClose(fast[1]!, reference[1]!, 1e-7, 'gradient');
    tf.dispose([x, w]);
    await useCpu();
  });
}
