import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { upsample3d } from '../../../../src/engine/models/ops/upsample3d';
import { TEST_BACKENDS, onBackend, relError, seeded } from './naiveReference';

for (const backend of TEST_BACKENDS) {
  test(`upsample3d ${backend}: nearest ×2 and its gradient (the sum over each 2×2×2 block) match loops`, async () => {
    await onBackend(backend);
    const [n, d, h, w, c] = [2, 3, 2, 5, 3];
    const xv = seeded(n * d * h * w * c, 31);
    const dyv = seeded(8 * xv.length, 32);
    const want = new Float64Array(8 * xv.length);
    const wantDx = new Float64Array(xv.length);
    for (let b = 0; b < n; b++)
      for (let z = 0; z < 2 * d; z++)
        for (let y = 0; y < 2 * h; y++)
          for (let x = 0; x < 2 * w; x++)
            for (let ch = 0; ch < c; ch++) {
              const o = (((b * 2 * d + z) * 2 * h + y) * 2 * w + x) * c + ch;
              const i = (((b * d + (z >> 1)) * h + (y >> 1)) * w + (x >> 1)) * c + ch;
              want[o] = xv[i]!;
              wantDx[i]! += dyv[o]!;
            }
    const before = tf.memory().numTensors;
    const x = tf.tensor5d(Float32Array.from(xv), [n, d, h, w, c]);
    const dy = tf.tensor5d(Float32Array.from(dyv), [n, 2 * d, 2 * h, 2 * w, c]);
    const y = upsample3d(x);
    const dx = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(upsample3d(a as tf.Tensor5D), dy)))(x);
    assert.deepEqual(y.shape, [n, 2 * d, 2 * h, 2 * w, c]);
    assert.ok(relError(y.dataSync(), want) <= 1e-6);
    assert.ok(relError(dx.dataSync(), wantDx) <= 1e-6);
    tf.dispose([x, dy, y, dx]);
    assert.equal(tf.memory().numTensors, before);
  });
}
