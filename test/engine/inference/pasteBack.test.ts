import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Vec3 } from '../../../src/engine/io/volume';
import { pasteBack } from '../../../src/engine/inference/pasteBack';

test('a label map on the cropped grid goes back into the original dims, background outside', () => {
  // Original 4×3×2; the prediction (2×2×1) covers x [1, 3), y [0, 2), z [1, 2).
  const out = pasteBack(Uint8Array.from([1, 2, 3, 4]), [2, 2, 1], { originalDims: [4, 3, 2], box: { start: [1, 0, 1], end: [3, 2, 2] } });
  const want = new Uint8Array(24);
  want[12 + 1] = 1;
  want[12 + 2] = 2;
  want[12 + 4 + 1] = 3;
  want[12 + 4 + 2] = 4;
  assert.deepEqual(out, want);
});

test('padding after the crop (box past the grid edge) is dropped', () => {
  // Prediction 3×1×1 whose first voxel is padding at x = −1: only x 0, 1 land.
  const out = pasteBack(Uint8Array.from([9, 1, 2]), [3, 1, 1], { originalDims: [4, 1, 1], box: { start: [-1, 0, 0], end: [2, 1, 1] } });
  assert.deepEqual(Array.from(out), [1, 2, 0, 0]);
});

test('a resampled prediction goes through the given resample function first', () => {
  // Prediction 1×1×1 on a grid resampled from the 2×2×1 box: the fake resample repeats the value (nearest ×2 in x, y).
  const calls: string[] = [];
  const resample = (labels: Uint8Array, from: Vec3, to: Vec3): Uint8Array => {
    calls.push(`${from.join('×')}→${to.join('×')}`);
    return new Uint8Array(to[0] * to[1] * to[2]).fill(labels[0]!);
  };
  const out = pasteBack(Uint8Array.from([6]), [1, 1, 1], { originalDims: [3, 2, 1], box: { start: [1, 0, 0], end: [3, 2, 1] } }, { resample });
  assert.deepEqual(calls, ['1×1×1→2×2×1']);
  assert.deepEqual(Array.from(out), [0, 6, 6, 0, 6, 6]);
  assert.throws(() => pasteBack(Uint8Array.from([6]), [1, 1, 1], { originalDims: [3, 2, 1], box: { start: [1, 0, 0], end: [3, 2, 1] } }), /give a resample function/);
});
