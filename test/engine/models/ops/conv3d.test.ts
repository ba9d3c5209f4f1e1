import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { conv3d } from '../../../../src/engine/models/ops/conv3d';
import { TEST_BACKENDS, onBackend, refConv3d, relError, seeded } from './naiveReference';
import type { Dims5 } from './naiveReference';

// Odd sizes so 'same' stride 2 pads asymmetrically and 'valid' stride 2 leaves rows unused; tolerance 1e-4 relative.
const CASES: { xs: Dims5; k: [number, number, number]; cout: number; stride: 1 | 2; padding: 'same' | 'valid' }[] = [];
for (const k of [1, 2, 3]) {
  for (const stride of [1, 2] as const) {
    for (const padding of ['same', 'valid'] as const) {
      CASES.push({ xs: [2, 5, 6, 7, 3], k: [k, k, k], cout: 4, stride, padding });
    }
  }
}
// Mixed kernel sizes per axis, batch 1 with even sizes.
CASES.push({ xs: [1, 4, 6, 6, 2], k: [3, 1, 2], cout: 3, stride: 2, padding: 'same' });
CASES.push({ xs: [1, 3, 4, 5, 4], k: [1, 3, 3], cout: 2, stride: 1, padding: 'same' });
// More output channels than one filter-gradient conv2d call takes (8), more input channels than the stem's 1-4.
CASES.push({ xs: [1, 3, 4, 3, 5], k: [3, 3, 3], cout: 10, stride: 2, padding: 'same' });
// Pointwise with blocks of 4 × 4 channel pairs and both rests, over more than one chunk of 512 voxels.
CASES.push({ xs: [2, 4, 8, 9, 9], k: [1, 1, 1], cout: 6, stride: 1, padding: 'same' });

for (const backend of TEST_BACKENDS) {
  for (const cs of CASES) {
    const name = `conv3d ${backend} x${cs.xs.join('×')} k${cs.k.join('')} s${cs.stride} ${cs.padding}: forward, d-input, d-filter match the naive reference`;
    test(name, async () => {
      await onBackend(backend);
      const [kd, kh, kw] = cs.k;
      const xv = seeded(cs.xs.reduce((a, b) => a * b, 1), 1);
      const wv = seeded(kd * kh * kw * cs.xs[4] * cs.cout, 2);
      const ref = refConv3d(xv, cs.xs, wv, cs.k, cs.cout, cs.stride, cs.padding, (s) => seeded(s.reduce((a, b) => a * b, 1), 3));
      const before = tf.memory().numTensors;
      const x = tf.tensor5d(Float32Array.from(xv), cs.xs);
      const w = tf.tensor5d(Float32Array.from(wv), [kd, kh, kw, cs.xs[4], cs.cout]);
      const dy = tf.tensor5d(Float32Array.from(seeded(ref.y.length, 3)), ref.yShape);
      const y = conv3d(x, w, { stride: cs.stride, padding: cs.padding });
      assert.deepEqual(y.shape, ref.yShape);
      const [dx, dw] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(conv3d(a as tf.Tensor5D, b as tf.Tensor5D, cs), dy)))([x, w]);
      assert.ok(relError(y.dataSync(), ref.y) <= 1e-4, `forward ${relError(y.dataSync(), ref.y)}`);
      assert.ok(relError(dx!.dataSync(), ref.dx) <= 1e-4, `d-input ${relError(dx!.dataSync(), ref.dx)}`);
      assert.ok(relError(dw!.dataSync(), ref.dw) <= 1e-4, `d-filter ${relError(dw!.dataSync(), ref.dw)}`);
      tf.dispose([x, w, dy, y, dx!, dw!]);
      assert.equal(tf.memory().numTensors, before);
    });
  }
}

test('the naive reference itself agrees with tfjs-cpu conv3d and its backprop kernels (stride 2, same)', async () => {
  await onBackend('cpu');
  const xs: Dims5 = [1, 5, 4, 3, 2];
  const xv = seeded(120, 21);
  const wv = seeded(3 * 3 * 3 * 2 * 3, 22);
  const ref = refConv3d(xv, xs, wv, [3, 3, 3], 3, 2, 'same', (s) => seeded(s.reduce((a, b) => a * b, 1), 23));
  const before = tf.memory().numTensors;
  const x = tf.tensor5d(Float32Array.from(xv), xs);
  const w = tf.tensor5d(Float32Array.from(wv), [3, 3, 3, 2, 3]);
  const dy = tf.tensor5d(Float32Array.from(seeded(ref.y.length, 23)), ref.yShape);
  const y = tf.conv3d(x, w, 2, 'same');
  const dx = tf.conv3dTranspose(dy, w, xs, 2, 'same');
  const dw = tf.grad((b: tf.Tensor) => tf.sum(tf.mul(tf.conv3d(x, b as tf.Tensor5D, 2, 'same'), dy)))(w);
  assert.ok(relError(y.dataSync(), ref.y) <= 1e-5);
  assert.ok(relError(dx.dataSync(), ref.dx) <= 1e-5);
  assert.ok(relError(dw.dataSync(), ref.dw) <= 1e-5);
  tf.dispose([x, w, dy, y, dx, dw]);
  assert.equal(tf.memory().numTensors, before);
});
