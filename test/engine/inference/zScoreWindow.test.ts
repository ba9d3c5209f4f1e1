import { test } from 'node:test';
import assert from 'node:assert/strict';
import { zScoreWindow } from '../../../src/engine/inference/zScoreWindow';

test('per channel: clip, then (x − mean)/(std + eps) with population statistics', () => {
  // Window [D, H, W, C] = [1, 1, 2, 2], interleaved: voxel 0 = (1, −5), voxel 1 = (3, 5).
  const w = Float32Array.from([1, -5, 3, 5]);
  zScoreWindow({ clip: [0, 4], eps: 0 })(w, [1, 1, 2, 2]);
  // Channel 0: [1, 3] → mean 2, std 1 → [−1, 1]. Channel 1 clipped to [0, 4] → mean 2, std 2 → [−1, 1].
  assert.deepEqual(Array.from(w), [-1, -1, 1, 1]);
  // Default eps 1e-5; a constant window becomes 0 instead of NaN.
  const c = Float32Array.from([7, 7, 7]);
  zScoreWindow()(c, [1, 1, 3, 1]);
  assert.deepEqual(Array.from(c), [0, 0, 0]);
  const e = Float32Array.from([0, 2]);
  zScoreWindow()(e, [1, 1, 2, 1]);
  assert.ok(Math.abs(e[1]! - 1 / (1 + 1e-5)) < 1e-7);
});
