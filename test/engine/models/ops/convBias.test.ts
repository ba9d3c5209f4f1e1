import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { conv3d } from '../../../../src/engine/models/ops/conv3d';
import { depthwiseConv3d } from '../../../../src/engine/models/ops/depthwiseConv3d';
import { TEST_BACKENDS, onBackend, relError, seeded } from './naiveReference';

const t = (shape: number[], seed: number) => tf.tensor(Float32Array.from(seeded(shape.reduce((a, b) => a * b, 1), seed)), shape);

// The bias inside the conv's kernel must equal a bias added after it: forward, and the gradients of x, w and b
// (b's gradient checked against the sum of the upstream gradient, by hand: every output voxel adds b once).
for (const backend of TEST_BACKENDS) {
  for (const [kind, stride] of [['full', 1], ['full', 2], ['depthwise', 1], ['depthwise', 2]] as const) {
    test(`${backend}: ${kind} conv3d stride ${stride} with a fused bias = conv3d then add (forward, dx, dw, db ≤ 1e-5 relative)`, async () => {
      await onBackend(backend);
      // 7×6×5 input: stride 2 'same' pads are asymmetric, the depthwise bias takes the unfused path there.
      const x = t([2, 7, 6, 5, 3], 1) as tf.Tensor5D;
      const w = (kind === 'full' ? t([3, 3, 3, 3, 4], 2) : t([3, 3, 3, 3], 2)) as tf.Tensor5D | tf.Tensor4D;
      const b = t([kind === 'full' ? 4 : 3], 3) as tf.Tensor1D;
      const apply = (xi: tf.Tensor, wi: tf.Tensor, bi: tf.Tensor | undefined): tf.Tensor5D =>
        kind === 'full'
          ? conv3d(xi as tf.Tensor5D, wi as tf.Tensor5D, { stride, ...(bi ? { bias: bi as tf.Tensor1D } : {}) })
          : depthwiseConv3d(xi as tf.Tensor5D, wi as tf.Tensor4D, { stride, ...(bi ? { bias: bi as tf.Tensor1D } : {}) });
      const before = tf.memory().numTensors;
      const probeW = tf.tidy(() => t(apply(x, w, b).shape, 4));
      const fused = tf.grads((xi: tf.Tensor, wi: tf.Tensor, bi: tf.Tensor) => tf.sum(tf.mul(apply(xi, wi, bi), probeW)));
      const after = tf.grads((xi: tf.Tensor, wi: tf.Tensor, bi: tf.Tensor) => tf.sum(tf.mul(tf.add(apply(xi, wi, undefined), bi), probeW)));
      const yF = apply(x, w, b);
      const yA = tf.tidy(() => tf.add(apply(x, w, undefined), b));
      const gF = fused([x, w, b]);
      const gA = after([x, w, b]);
      assert.ok(relError(yF.dataSync(), yA.dataSync()) <= 1e-5, 'forward');
      ['dx', 'dw', 'db'].forEach((what, i) => assert.ok(relError(gF[i]!.dataSync(), gA[i]!.dataSync()) <= 1e-5, what));
      // db = Σ probe over batch and space, per channel.
      const byHand = tf.sum(probeW, [0, 1, 2, 3]);
      assert.ok(relError(gF[2]!.dataSync(), byHand.dataSync()) <= 1e-5, 'db by hand');
      tf.dispose([yF, yA, ...gF, ...gA, byHand, probeW]);
      assert.equal(tf.memory().numTensors, before, 'tensors');
      tf.dispose([x, w, b]);
    });
  }
}
