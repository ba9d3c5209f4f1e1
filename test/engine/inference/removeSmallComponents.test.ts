import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Vec3 } from '../../../src/engine/io/volume';
import { removeSmallComponents } from '../../../src/engine/inference/removeSmallComponents';
import { boxVoxels, paintVoxels } from './paintVoxels';

// 10×4×1 grid, tumour components (binary mask over labels 1, 2, 4):
//   big:   x 0..4, y 0..3 = 20 voxels, mixed labels (left half 2, right half 1)
//   small: (7, 0) (8, 0) = 2 voxels, label 4
//   mid:   (7, 3) (8, 3) (9, 3) = 3 voxels, label 2
// Total 25; 10 % = 2.5 → only the 2-voxel component is removed (3 ≥ 2.5 stays).
const dims: Vec3 = [10, 4, 1];
const big = [...boxVoxels(0, 2, 0, 4, 0, 1, 2), ...boxVoxels(2, 5, 0, 4, 0, 1, 1)];
const small = boxVoxels(7, 9, 0, 1, 0, 1, 4);
const mid = boxVoxels(7, 10, 3, 4, 0, 1, 2);

test("paper 3's rule: drop tumour components below 10 % of the tumour volume", () => {
  const labels = paintVoxels(dims, [...big, ...small, ...mid]);
  const r = removeSmallComponents(labels, dims, { minFraction: 0.1 });
  assert.deepEqual(r, { removedComponents: 1, removedVoxels: 2 });
  assert.deepEqual(labels, paintVoxels(dims, [...big, ...mid]));
  // 20 % = 5 → the 3-voxel one goes too; the mixed-label big one is one component in binary mode and stays.
  const again = paintVoxels(dims, [...big, ...small, ...mid]);
  assert.deepEqual(removeSmallComponents(again, dims, { minFraction: 0.2 }), { removedComponents: 2, removedVoxels: 5 });
  assert.deepEqual(again, paintVoxels(dims, big));
});

test('absolute minVoxels; per-class mode measures fractions within the class', () => {
  const labels = paintVoxels(dims, [...big, ...small, ...mid]);
  assert.deepEqual(removeSmallComponents(labels, dims, { minVoxels: 3 }), { removedComponents: 1, removedVoxels: 2 });
  // Per class: label 2 has 8 (big's left half) + 3 (mid) = 11 voxels, 30 % = 3.3 → mid (3) goes;
  // label 1 (12 voxels) is one component; label 4 (2 voxels) is 100 % of its class and stays.
  const perClass = paintVoxels(dims, [...big, ...small, ...mid]);
  assert.deepEqual(removeSmallComponents(perClass, dims, { minFraction: 0.3, binary: false }), { removedComponents: 1, removedVoxels: 3 });
  assert.deepEqual(perClass, paintVoxels(dims, [...big, ...small]));
  assert.throws(() => removeSmallComponents(perClass, dims, { minFraction: 2 }), /minFraction/);
});
