import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { conv3dPads } from '../../../../src/engine/models/ops/conv3d';
import { depthwiseConv3d } from '../../../../src/engine/models/ops/depthwiseConv3d';
import { depthwiseFilterGradGemm } from '../../../../src/engine/models/ops/depthwiseConv3dBackpropFilter';
import { TEST_BACKENDS, onBackend, refConv3d, relError, seeded } from './naiveReference';
import type { Dims5 } from './naiveReference';

// Odd sizes, every stride/padding pair, kernels 1-3 (and a mixed one); tolerance 1e-4 relative.
const CASES: { xs: Dims5; k: [number, number, number]; stride: 1 | 2; padding: 'same' | 'valid' }[] = [];
for (const k of [1, 2, 3]) {
  for (const stride of [1, 2] as const) {
    for (const padding of ['same', 'valid'] as const) CASES.push({ xs: [2, 5, 6, 7, 3], k: [k, k, k], stride, padding });
  }
}
CASES.push({ xs: [1, 6, 4, 5, 4], k: [3, 2, 1], stride: 2, padding: 'same' });
// More channels than one filter-gradient group of the GEMM route (8) and than one block of four of the direct kernel.
CASES.push({ xs: [2, 3, 4, 3, 20], k: [3, 3, 3], stride: 2, padding: 'same' });

for (const backend of TEST_BACKENDS) {
  for (const cs of CASES) {
    test(`depthwiseConv3d ${backend} x${cs.xs.join('×')} k${cs.k.join('')} s${cs.stride} ${cs.padding}: forward, d-input, d-filter match the naive reference`, async () => {
      await onBackend(backend);
      const c = cs.xs[4];
      const xv = seeded(cs.xs.reduce((a, b) => a * b, 1), 11);
      const wv = seeded(cs.k[0] * cs.k[1] * cs.k[2] * c, 12);
      const ref = refConv3d(xv, cs.xs, wv, cs.k, c, cs.stride, cs.padding, (s) => seeded(s.reduce((a, b) => a * b, 1), 13), true);
      const before = tf.memory().numTensors;
      const x = tf.tensor5d(Float32Array.from(xv), cs.xs);
      const w = tf.tensor4d(Float32Array.from(wv), [...cs.k, c]);
      const dy = tf.tensor5d(Float32Array.from(seeded(ref.y.length, 13)), ref.yShape);
      const y = depthwiseConv3d(x, w, cs);
      assert.deepEqual(y.shape, ref.yShape);
      const [dx, dw] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(depthwiseConv3d(a as tf.Tensor5D, b as tf.Tensor4D, cs), dy)))([x, w]);
      assert.ok(relError(y.dataSync(), ref.y) <= 1e-4, `forward ${relError(y.dataSync(), ref.y)}`);
      assert.ok(relError(dx!.dataSync(), ref.dx) <= 1e-4, `d-input ${relError(dx!.dataSync(), ref.dx)}`);
      assert.ok(relError(dw!.dataSync(), ref.dw) <= 1e-4, `d-filter ${relError(dw!.dataSync(), ref.dw)}`);
      tf.dispose([x, w, dy, y, dx!, dw!]);
      assert.equal(tf.memory().numTensors, before);
    });
  }
}

// The GEMM route serves the native backends (not installable here): checked against the naive reference on the cpu backend.
for (const cs of [CASES[11]!, CASES[CASES.length - 1]!, CASES[CASES.length - 2]!]) {
  test(`depthwiseFilterGradGemm x${cs.xs.join('×')} k${cs.k.join('')} s${cs.stride} ${cs.padding}: d-filter matches the naive reference`, async () => {
    await onBackend('cpu');
    const c = cs.xs[4];
    const xv = seeded(cs.xs.reduce((a, b) => a * b, 1), 11);
    const wv = seeded(cs.k[0] * cs.k[1] * cs.k[2] * c, 12);
    const ref = refConv3d(xv, cs.xs, wv, cs.k, c, cs.stride, cs.padding, (s) => seeded(s.reduce((a, b) => a * b, 1), 13), true);
    const x = tf.tensor5d(Float32Array.from(xv), cs.xs);
    const dy = tf.tensor5d(Float32Array.from(seeded(ref.y.length, 13)), ref.yShape);
    const pads = conv3dPads([cs.xs[1], cs.xs[2], cs.xs[3]], cs.k, cs.stride, cs.padding);
    const dw = depthwiseFilterGradGemm(x, dy, cs.k, cs.stride, pads);
    assert.ok(relError(dw.dataSync(), ref.dw) <= 1e-4, `d-filter ${relError(dw.dataSync(), ref.dw)}`);
    tf.dispose([x, dy, dw]);
  });
}
