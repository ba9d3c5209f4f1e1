import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { concatChannels } from '../../../../src/engine/models/ops/concatChannels';
import { TEST_BACKENDS, onBackend, seeded } from './naiveReference';

for (const backend of TEST_BACKENDS) {
  test(`concatChannels ${backend}: equals tf.concat on the last axis; the gradient splits dy back per input`, async () => {
    await onBackend(backend);
    const before = tf.memory().numTensors;
    // [2, 3, 2, 2, c] for c = 3, 1, 4 → [2, 3, 2, 2, 8].
    const xs = [3, 1, 4].map((c, i) => tf.tensor5d(Float32Array.from(seeded(24 * c, 60 + i)), [2, 3, 2, 2, c]));
    const dy = tf.tensor5d(Float32Array.from(seeded(24 * 8, 70)), [2, 3, 2, 2, 8]);
    const y = concatChannels(xs);
    const want = tf.concat(xs, 4);
    assert.deepEqual(y.arraySync(), want.arraySync());
    // Σ y·dy: each input's gradient is its own channels of dy, exactly.
    const grads = tf.grads((a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) => tf.sum(tf.mul(concatChannels([a, b, c] as tf.Tensor5D[]), dy)))(xs);
    const slices = tf.split(dy, [3, 1, 4], 4);
    grads.forEach((g, i) => assert.deepEqual(g.arraySync(), slices[i]!.arraySync()));
    // A voxel's channels, by hand: x0 then x1 then x2.
    const v = y.arraySync()[1]![2]![0]![1]!;
    assert.deepEqual(v, [...xs[0]!.arraySync()[1]![2]![0]![1]!, ...xs[1]!.arraySync()[1]![2]![0]![1]!, ...xs[2]!.arraySync()[1]![2]![0]![1]!]);
    const odd = tf.zeros([2, 3, 2, 1, 1]) as tf.Tensor5D;
    assert.throws(() => concatChannels([xs[0]!, odd]), /does not match/);
    tf.dispose([...xs, dy, y, want, ...grads, ...slices, odd]);
    assert.equal(tf.memory().numTensors, before);
  });
}
