import { test } from 'node:test';
import assert from 'node:assert/strict';
import { windowStarts, windowStride } from '../../../src/engine/inference/windowStarts';

test('regular grid with the last window flush with the end (1-D by hand)', () => {
  // size 10, patch 4, overlap 0.5 → stride 2: 0, 2, 4, 6 (6 + 4 = 10 already flush).
  assert.deepEqual(windowStarts(10, 4, 0.5), [0, 2, 4, 6]);
  // size 11: 0, 2, 4, 6 leave x = 10 uncovered → one more window at 11 − 4 = 7.
  assert.deepEqual(windowStarts(11, 4, 0.5), [0, 2, 4, 6, 7]);
  // overlap 0: tiles, then a flush window overlapping the previous one.
  assert.deepEqual(windowStarts(8, 4, 0), [0, 4]);
  assert.deepEqual(windowStarts(9, 4, 0), [0, 4, 5]);
  // patch = size: one window.
  assert.deepEqual(windowStarts(4, 4, 0.5), [0]);
  // Paper 1's coarse stage: 96 voxels of y with 64-voxel windows → offsets 0 and 32.
  assert.deepEqual(windowStarts(96, 64, 0.5), [0, 32]);
});

test('stride = floor(patch·(1 − overlap)), at least 1, immune to float error', () => {
  assert.equal(windowStride(5, 0.5), 2);
  assert.equal(windowStride(10, 0.7), 3);
  assert.equal(windowStride(10, 0.9), 1);
  assert.equal(windowStride(4, 0.99), 1);
  assert.deepEqual(windowStarts(6, 4, 0.75), [0, 1, 2]);
});

test('rejects a patch larger than the size and overlaps outside [0, 1)', () => {
  assert.throws(() => windowStarts(3, 4, 0.5), /pad first/);
  assert.throws(() => windowStarts(8, 4, 1), /overlap/);
  assert.throws(() => windowStarts(8, 4, -0.1), /overlap/);
});
