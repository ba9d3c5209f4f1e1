import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { collapsedAxes, transposeInto } from '../../../src/engine/backend/transposeInto';
import { useBackend } from '../../../src/engine/backend/initBackend';

test('adjacent axes merge: [N,D,H,W,C] → [C,H,W,N,D] is a 3-axis copy', () => {
  // shape [2,3,4,5,6]: strides D·H·W·C=360, H·W·C=120, W·C=30, C=6, 1.
  assert.deepEqual(collapsedAxes([2, 3, 4, 5, 6], [4, 2, 3, 0, 1]), { sizes: [6, 20, 6], strides: [1, 6, 120] });
  assert.deepEqual(collapsedAxes([2, 1, 4], [1, 0, 2]), { sizes: [8], strides: [1] });
});

test('a 2×3 transpose by hand', () => {
  const out = new Float32Array(6);
  transposeInto(new Float32Array([1, 2, 3, 4, 5, 6]), [2, 3], [1, 0], out);
  assert.deepEqual([...out], [1, 4, 2, 5, 3, 6]);
});

test('the WASM Transpose kernel matches the cpu backend for rank 2-6 permutations, tiled blocks and int32', async () => {
  const cases: [number[], number[]][] = [
    [[2, 3, 4, 5, 6], [4, 2, 3, 0, 1]],
    [[2, 3, 4, 5, 6], [0, 2, 3, 1, 4]],
    [[3, 1, 5, 7], [3, 1, 0, 2]],
    [[2, 2, 3, 2, 2, 3], [5, 0, 4, 1, 3, 2]],
    [[7, 40], [1, 0]],
    // Past one 64×64 tile on both block axes, with partial tiles.
    [[2, 67, 3, 70], [3, 0, 2, 1]],
    [[1, 65, 4, 3, 66], [4, 2, 3, 0, 1]],
  ];
  const inputs = cases.map(([shape]) => Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => (i * 7919) % 1000));
  const read = (t: tf.Tensor) => {
    const a = t.arraySync();
    t.dispose();
    return a;
  };
  const run = () => cases.map(([shape, perm], i) => [read(tf.tidy(() => tf.transpose(tf.tensor(inputs[i]!, shape), perm))), read(tf.tidy(() => tf.transpose(tf.tensor(inputs[i]!, shape, 'int32'), perm)))]);
  await useBackend('cpu');
  const expected = run();
  await useBackend('wasm');
  const before = tf.memory().numTensors;
  assert.deepEqual(run(), expected);
  assert.equal(tf.memory().numTensors, before);
});
