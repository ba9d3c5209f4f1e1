import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { trilinearUpsample3d } from '../../../../src/engine/models/ops/trilinearUpsample3d';
import { TEST_BACKENDS, onBackend, relError, seeded } from './naiveReference';

/** PyTorch's 1D linear weights for ×2: out index → [(in index, weight)], align_corners or half-pixel (clamped at 0). */
function weights1d(inSize: number, align: boolean): [number, number][][] {
  const out = 2 * inSize;
  const rows: [number, number][][] = [];
  for (let o = 0; o < out; o++) {
    const src = align ? (out > 1 ? (o * (inSize - 1)) / (out - 1) : 0) : Math.max(0, (o + 0.5) / 2 - 0.5);
    const i0 = Math.min(Math.floor(src), inSize - 1);
    const i1 = Math.min(i0 + 1, inSize - 1);
    const l = src - i0;
    rows.push([
      [i0, 1 - l],
      [i1, l],
    ]);
  }
  return rows;
}

for (const backend of TEST_BACKENDS) {
  for (const align of [false, true]) {
    test(`trilinearUpsample3d ${backend} alignCorners=${align}: ×2 forward and gradient match separable PyTorch weights`, async () => {
      await onBackend(backend);
      const [n, d, h, w, c] = [1, 3, 4, 2, 2];
      const xv = seeded(n * d * h * w * c, 41);
      const dyv = seeded(8 * xv.length, 42);
      const [wd, wh, ww] = [weights1d(d, align), weights1d(h, align), weights1d(w, align)];
      const want = new Float64Array(8 * xv.length);
      const wantDx = new Float64Array(xv.length);
      for (let z = 0; z < 2 * d; z++)
        for (let y = 0; y < 2 * h; y++)
          for (let x = 0; x < 2 * w; x++)
            for (let ch = 0; ch < c; ch++) {
              const o = ((z * 2 * h + y) * 2 * w + x) * c + ch;
              for (const [iz, az] of wd[z]!)
                for (const [iy, ay] of wh[y]!)
                  for (const [ix, ax] of ww[x]!) {
                    const i = ((iz * h + iy) * w + ix) * c + ch;
                    want[o]! += az * ay * ax * xv[i]!;
                    wantDx[i]! += az * ay * ax * dyv[o]!;
                  }
            }
      const before = tf.memory().numTensors;
      const x = tf.tensor5d(Float32Array.from(xv), [n, d, h, w, c]);
      const dy = tf.tensor5d(Float32Array.from(dyv), [n, 2 * d, 2 * h, 2 * w, c]);
      const y = trilinearUpsample3d(x, { alignCorners: align });
      const dx = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(trilinearUpsample3d(a as tf.Tensor5D, { alignCorners: align }), dy)))(x);
      assert.ok(relError(y.dataSync(), want) <= 1e-5, `forward ${relError(y.dataSync(), want)}`);
      assert.ok(relError(dx.dataSync(), wantDx) <= 1e-5, `gradient ${relError(dx.dataSync(), wantDx)}`);
      tf.dispose([x, dy, y, dx]);
      assert.equal(tf.memory().numTensors, before);
    });
  }
}

test('trilinearUpsample3d: hand-computed half-pixel values along depth (x = [0, 4] → 0, 1, 3, 4)', async () => {
  await onBackend('cpu');
  const x = tf.tensor5d([0, 4], [1, 2, 1, 1, 1]);
  const y = trilinearUpsample3d(x);
  // src = (o + 0.5)/2 − 0.5 = −0.25 (clamped to 0), 0.25, 0.75, 1.25 (clamped to the last voxel).
  assert.deepEqual(Array.from(tf.reshape(tf.slice(y, [0, 0, 0, 0, 0], [1, 4, 1, 1, 1]), [4]).dataSync()), [0, 1, 3, 4]);
  tf.dispose([x, y]);
});
