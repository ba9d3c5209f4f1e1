import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '../../../src/engine/backend/initBackend';
import { copySlice, reduceMiddle } from '../../../src/engine/backend/wasmKernelFixes';
import { seeded } from '../models/ops/naiveReference';

test('copySlice: a hand-checked 2×3×4 slice', () => {
  const x = Float32Array.from({ length: 24 }, (_, i) => i);
  const out = new Float32Array(2 * 2 * 2);
  // x[0:2, 1:3, 2:4]: rows start at 1·4 + 2 = 6 and 12 + 6 = 18.
  copySlice(x, [2, 3, 4], [0, 1, 2], [2, 2, 2], out);
  assert.deepEqual(Array.from(out), [6, 7, 10, 11, 18, 19, 22, 23]);
});

test('reduceMiddle: sums and means over the middle of [2, 3, 2]', () => {
  const x = Float32Array.from({ length: 12 }, (_, i) => i);
  const out = new Float32Array(4);
  reduceMiddle(x, 2, 3, 2, 1, out);
  assert.deepEqual(Array.from(out), [0 + 2 + 4, 1 + 3 + 5, 6 + 8 + 10, 7 + 9 + 11]);
  reduceMiddle(x, 2, 3, 2, 1 / 3, out);
  assert.deepEqual(Array.from(out), [2, 3, 8, 9]);
});

/** Runs f on the cpu backend and on wasm (with the fixes); returns both results' shapes and values. */
async function both(f: () => tf.Tensor | tf.Tensor[]): Promise<[unknown, unknown]> {
  const out: unknown[] = [];
  for (const b of ['cpu', 'wasm'] as const) {
    await useBackend(b);
    const before = tf.memory().numTensors;
    const r = f();
    const list = Array.isArray(r) ? r : [r];
    out.push(list.map((t) => ({ shape: t.shape, values: Array.from(t.dataSync()) })));
    tf.dispose(list);
    assert.equal(tf.memory().numTensors, before, `${b} leaked`);
  }
  return [out[0], out[1]];
}

const vol = (shape: number[], seed: number, dtype: 'float32' | 'int32' = 'float32'): tf.Tensor =>
  dtype === 'float32' ? tf.tensor(Float32Array.from(seeded(shape.reduce((a, b) => a * b, 1), seed)), shape) : tf.tensor(Int32Array.from(seeded(shape.reduce((a, b) => a * b, 1), seed), (v) => Math.round(v * 100)), shape, 'int32');

test('WASM Slice/SplitV fixes equal the cpu backend: ranks 1-6, partial and whole axes, int32 delegated', async () => {
  const cases: [number[], number[], number[]][] = [
    [[7], [2], [4]],
    [[3, 5], [1, 0], [2, 5]],
    [[2, 3, 4, 5, 6], [0, 1, 0, 2, 1], [2, 2, 4, 3, 4]],
    [[1, 4, 3, 2, 8], [0, 0, 0, 0, 3], [1, 4, 3, 2, 5]],
    [[2, 3, 2, 3, 2, 3], [1, 0, 1, 1, 0, 2], [1, 3, 1, 2, 2, 1]],
    [[2, 3, 4], [0, 0, 0], [2, 3, 4]],
  ];
  for (const [shape, begin, size] of cases) {
    const [cpu, wasm] = await both(() => tf.tidy(() => tf.slice(vol(shape, 1), begin, size)));
    assert.deepEqual(wasm, cpu, `slice ${shape} ${begin} ${size}`);
  }
  const [ci, wi] = await both(() => tf.tidy(() => tf.slice(vol([2, 3, 4, 2, 3], 2, 'int32'), [0, 1, 0, 0, 1], [2, 2, 4, 1, 2])));
  assert.deepEqual(wi, ci);
  for (const axis of [0, 2, 4]) {
    const [cs, ws] = await both(() => tf.tidy(() => tf.split(vol([4, 3, 4, 2, 6], 3), axis === 4 ? [1, 2, 3] : 2, axis)));
    assert.deepEqual(ws, cs, `split axis ${axis}`);
  }
});

test('WASM Sum/Mean fixes equal the cpu backend: leading, middle, trailing, single and non-consecutive axes, keepDims', async () => {
  const axesList: number[][] = [[0, 1, 2, 3], [1, 2, 3], [4], [2], [0], [1, 3], [0, 1, 2, 3, 4]];
  for (const axes of axesList) {
    for (const keepDims of [false, true]) {
      for (const op of [tf.sum, tf.mean]) {
        const [c, w] = (await both(() => tf.tidy(() => op(vol([2, 3, 4, 5, 3], 4), axes, keepDims)))) as { shape: number[]; values: number[] }[][];
        assert.deepEqual(w![0]!.shape, c![0]!.shape);
        const a = c![0]!.values;
        const b = w![0]!.values;
        a.forEach((v, i) => assert.ok(Math.abs(v - b[i]!) <= 1e-5 * Math.max(1, Math.abs(v)), `${axes} keepDims=${keepDims}: ${v} vs ${b[i]}`));
      }
    }
  }
});
