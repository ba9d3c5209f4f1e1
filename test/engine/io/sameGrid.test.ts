import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sameGrid } from '../../../src/engine/io/sameGrid';
import { identityAffine } from '../../../src/engine/io/volume';
import type { Mat4, Vec3 } from '../../../src/engine/io/volume';

const grid = (dims: Vec3, affine: Mat4 = identityAffine([3, 3, 3])): { dims: Vec3; affine: Mat4 } => ({ dims, affine });

test('same dims and affine within tolerance are the same grid', () => {
  const a = grid([4, 5, 6]);
  const b = grid([4, 5, 6], identityAffine([3, 3, 3.0005]));
  assert.deepEqual(sameGrid(a, b), { same: true, differences: [] });
});

test('dims and the largest affine difference are reported', () => {
  const shifted = identityAffine([3, 3, 3]);
  shifted[2][3] = 246; // the example_ct_sm trap: 82 slices × 3 mm
  shifted[0][3] = 0.5;
  const r = sameGrid(grid([122, 101, 112]), grid([122, 101, 30], shifted));
  assert.equal(r.same, false);
  assert.deepEqual(r.differences, ['dims 122×101×112 vs 122×101×30', 'affine[2][3] 0 vs 246 (largest difference of the affines, tolerance 0.001)']);
  assert.deepEqual(sameGrid(grid([1, 1, 1]), grid([1, 1, 1], identityAffine([1, 1, 1.01])), 0.1).same, false);
  assert.deepEqual(sameGrid(grid([1, 1, 1], identityAffine([3, 3, 3])), grid([1, 1, 1], identityAffine([3, 3, 3.05])), 0.1).same, true);
});
