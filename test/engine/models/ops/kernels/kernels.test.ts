import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { depthFold, depthFoldOps } from '../../../../../src/engine/models/ops/kernels/depthFold';
import { interleavePhases, interleavePhasesOps } from '../../../../../src/engine/models/ops/kernels/interleavePhases';
import { resize2xAxis, resize2xAxisGrad, resize2xAxisOps } from '../../../../../src/engine/models/ops/kernels/resize2x';
import { shiftStack, shiftStackOps } from '../../../../../src/engine/models/ops/kernels/shiftStack';
import { TEST_BACKENDS, onBackend, relError, seeded } from '../naiveReference';

// Each TypeScript kernel equals its composition of tfjs ops (the path native backends take), exactly.
const ramp = (shape: number[], seed: number): tf.Tensor => tf.tensor(Float32Array.from(seeded(shape.reduce((a, b) => a * b, 1), seed)), shape);

for (const backend of TEST_BACKENDS) {
  test(`depthFold ${backend}: the kernel equals pad/slice/concat for taps, strides, pads and crops`, async () => {
    await onBackend(backend);
    const before = tf.memory().numTensors;
    const x = ramp([2, 5, 4, 6, 3], 1) as tf.Tensor5D;
    // x [2, 5, 4, 6, 3]: hand check of one element, out[(n=1, z=0), y=0, x=0, (kd=2, c=1)] = x[1, 0·2 + 2 − 1, 1, 2, 1].
    const a = { kD: 3, sD: 2, padD: 1, outD: 3, h0: 1, hN: 2, w0: 2, wN: 3 };
    const k = depthFold(x, a);
    assert.deepEqual(k.shape, [6, 2, 3, 9]);
    assert.equal(k.arraySync()[3]![0]![0]![7], x.arraySync()[1]![1]![1]![2]![1]);
    for (const attrs of [a, { kD: 2, sD: 1, padD: 0, outD: 5, h0: 0, hN: 4, w0: 0, wN: 6 }, { kD: 1, sD: 1, padD: -1, outD: 3, h0: 0, hN: 4, w0: 1, wN: 4 }, { kD: 1, sD: 2, padD: 1, outD: 3, h0: 0, hN: 4, w0: 0, wN: 6 }]) {
      const got = depthFold(x, attrs);
      const want = depthFoldOps(x, attrs);
      assert.deepEqual(got.arraySync(), want.arraySync());
      tf.dispose([got, want]);
    }
    tf.dispose([x, k]);
    assert.equal(tf.memory().numTensors, before);
  });

  test(`shiftStack ${backend}: the kernel equals pad/strided-slice/stack`, async () => {
    await onBackend(backend);
    const before = tf.memory().numTensors;
    const x = ramp([3, 7, 2], 2);
    for (const a of [{ rows: 3, len: 7, elem: 2, k: 3, s: 1, pad: 1, outLen: 7 }, { rows: 3, len: 7, elem: 2, k: 3, s: 2, pad: 0, outLen: 3 }, { rows: 6, len: 7, elem: 1, k: 2, s: 2, pad: 0, outLen: 4 }]) {
      const got = shiftStack(x, a);
      const want = shiftStackOps(x, a);
      assert.deepEqual(got.shape, [a.k, a.rows, a.outLen, a.elem]);
      assert.deepEqual(got.arraySync(), want.arraySync());
      tf.dispose([got, want]);
    }
    tf.dispose(x);
    assert.equal(tf.memory().numTensors, before);
  });

  test(`interleavePhases ${backend}: the kernel equals pad/stack/reshape, odd sizes and missing phases`, async () => {
    await onBackend(backend);
    const before = tf.memory().numTensors;
    // Output [1, 3, 4, 5, 2]: phase sizes ⌈(3 − pd)/2⌉ × ⌈(4 − ph)/2⌉ × ⌈(5 − pw)/2⌉.
    const phases: tf.Tensor5D[] = [];
    let mask = 0;
    for (let p = 0; p < 8; p++) {
      if (p === 5) continue;
      const [pd, ph, pw] = [p >> 2, (p >> 1) & 1, p & 1];
      phases.push(ramp([1, Math.ceil((3 - pd) / 2), Math.ceil((4 - ph) / 2), Math.ceil((5 - pw) / 2), 2], 10 + p) as tf.Tensor5D);
      mask |= 1 << p;
    }
    const a = { d: 3, h: 4, w: 5, mask };
    const got = interleavePhases(phases, a);
    const want = interleavePhasesOps(phases, a);
    assert.deepEqual(got.arraySync(), want.arraySync());
    // Phase 1 (pd 0, ph 0, pw 1) element [0, 1, 0, 1, 0] lands at [0, 2, 0, 3, 0]; phase 5 is missing, so zero.
    assert.equal(got.arraySync()[0]![2]![0]![3]![0], phases[1]!.arraySync()[0]![1]![0]![1]![0]);
    assert.equal(got.arraySync()[0]![1]![0]![1]![0], 0);
    tf.dispose([...phases, got, want]);
    assert.equal(tf.memory().numTensors, before);
  });
}

test('resize2xAxis cpu: kernel and adjoint equal the gather-lerp composition and its autodiff, every mode', async () => {
  await onBackend('cpu');
  const before = tf.memory().numTensors;
  const x = ramp([2, 3, 5, 2], 5);
  const dy = ramp([2, 3, 10, 2], 6);
  for (const mode of ['nearest', 'linear', 'linearAlignCorners'] as const) {
    const got = resize2xAxis(x, 2, mode);
    const want = resize2xAxisOps(x, 2, mode);
    const gotGrad = resize2xAxisGrad(dy, 2, mode);
    const wantGrad = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(resize2xAxisOps(a, 2, mode), dy)))(x);
    assert.ok(relError(got.dataSync(), want.dataSync()) <= 1e-6, mode);
    assert.ok(relError(gotGrad.dataSync(), wantGrad.dataSync()) <= 1e-6, mode);
    tf.dispose([got, want, gotGrad, wantGrad]);
  }
  tf.dispose([x, dy]);
  assert.equal(tf.memory().numTensors, before);
});
