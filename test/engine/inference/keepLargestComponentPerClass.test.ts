import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Vec3 } from '../../../src/engine/io/volume';
import { keepLargestComponentPerClass } from '../../../src/engine/inference/keepLargestComponentPerClass';
import { boxVoxels, paintVoxels } from './paintVoxels';

// 8×4×2 grid.
//   class 1: a 3-voxel bar at y = 0 (x 0..2, z 0) and a 2×2×2 cube at x 5..6, y 2..3 (8 voxels)
//   class 2: a 2-voxel bar at y = 2 (x 0..1, z 0) and one voxel (4, 2, 1), face-adjacent to the class-1 cube's (5, 2, 1)
//   class 3: one voxel (7, 0, 0)
const dims: Vec3 = [8, 4, 2];
const bar1 = boxVoxels(0, 3, 0, 1, 0, 1, 1);
const cube1 = boxVoxels(5, 7, 2, 4, 0, 2, 1);
const bar2 = boxVoxels(0, 2, 2, 3, 0, 1, 2);
const dot2 = boxVoxels(4, 5, 2, 3, 1, 2, 2);
const dot3 = boxVoxels(7, 8, 0, 1, 0, 1, 3);

test('keeps the largest blob of each class; a different label touching it stays a separate component', () => {
  const labels = paintVoxels(dims, [...bar1, ...cube1, ...bar2, ...dot2, ...dot3]);
  const { removedVoxels } = keepLargestComponentPerClass(labels, dims);
  // Removed: the class-1 bar (3) and the class-2 dot (1), although the dot touches the class-1 cube.
  assert.equal(removedVoxels, 4);
  assert.deepEqual(labels, paintVoxels(dims, [...cube1, ...bar2, ...dot3]));
});

test('classes limits the filter; 6-connectivity splits diagonal neighbours', () => {
  const labels = paintVoxels(dims, [...bar1, ...cube1, ...bar2, ...dot2, ...dot3]);
  keepLargestComponentPerClass(labels, dims, { classes: [2] });
  assert.deepEqual(labels, paintVoxels(dims, [...bar1, ...cube1, ...bar2, ...dot3]));
  // Two class-1 voxels touching at an edge: one component at 26, two at 6 (the first in scan order wins the tie).
  const diag = paintVoxels([2, 2, 1], [[0, 0, 0, 1], [1, 1, 0, 1]]);
  keepLargestComponentPerClass(diag, [2, 2, 1]);
  assert.deepEqual(Array.from(diag), [1, 0, 0, 1]);
  keepLargestComponentPerClass(diag, [2, 2, 1], { connectivity: 6 });
  assert.deepEqual(Array.from(diag), [1, 0, 0, 0]);
});
