import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { transposedConv3dK2 } from '../../../../src/engine/models/ops/transposedConv3dK2';
import { TEST_BACKENDS, onBackend, relError, seeded } from './naiveReference';

for (const backend of TEST_BACKENDS) {
  test(`transposedConv3dK2 ${backend}: forward, d-input and d-filter match loops over out[2z+a] += x[z]·w[a]`, async () => {
    await onBackend(backend);
    const [n, d, h, w, ci, co] = [2, 3, 2, 3, 3, 4];
    const xv = seeded(n * d * h * w * ci, 51);
    const wv = seeded(8 * co * ci, 52);
    const dyv = seeded(n * 8 * d * h * w * co, 53);
    const want = new Float64Array(dyv.length);
    const wantDx = new Float64Array(xv.length);
    const wantDw = new Float64Array(wv.length);
    for (let b = 0; b < n; b++)
      for (let z = 0; z < d; z++)
        for (let y = 0; y < h; y++)
          for (let x = 0; x < w; x++)
            for (let t = 0; t < 8; t++) {
              const [a, bb, cc] = [t >> 2, (t >> 1) & 1, t & 1];
              for (let o = 0; o < co; o++)
                for (let i = 0; i < ci; i++) {
                  const oi = (((b * 2 * d + 2 * z + a) * 2 * h + 2 * y + bb) * 2 * w + 2 * x + cc) * co + o;
                  const xi = (((b * d + z) * h + y) * w + x) * ci + i;
                  const wi = (t * co + o) * ci + i;
                  want[oi]! += xv[xi]! * wv[wi]!;
                  wantDx[xi]! += dyv[oi]! * wv[wi]!;
                  wantDw[wi]! += dyv[oi]! * xv[xi]!;
                }
            }
    const before = tf.memory().numTensors;
    const x = tf.tensor5d(Float32Array.from(xv), [n, d, h, w, ci]);
    const wt = tf.tensor5d(Float32Array.from(wv), [2, 2, 2, co, ci]);
    const dy = tf.tensor5d(Float32Array.from(dyv), [n, 2 * d, 2 * h, 2 * w, co]);
    const y = transposedConv3dK2(x, wt);
    const [dx, dw] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(transposedConv3dK2(a as tf.Tensor5D, b as tf.Tensor5D), dy)))([x, wt]);
    assert.ok(relError(y.dataSync(), want) <= 1e-5);
    assert.ok(relError(dx!.dataSync(), wantDx) <= 1e-5);
    assert.ok(relError(dw!.dataSync(), wantDw) <= 1e-5);
    if (backend === 'cpu') {
      // Same layout and meaning as tfjs's own (untrainable) conv3dTranspose.
      const ref = tf.conv3dTranspose(x, wt, [n, 2 * d, 2 * h, 2 * w, co], 2, 'same');
      assert.ok(relError(y.dataSync(), ref.dataSync()) <= 1e-5);
      ref.dispose();
    }
    tf.dispose([x, wt, dy, y, dx!, dw!]);
    assert.equal(tf.memory().numTensors, before);
  });
}
