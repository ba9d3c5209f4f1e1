import { test } from 'node:test';
import assert from 'node:assert/strict';
import { surfaceMask } from '../../../src/engine/metrics/surfaceMask';
import type { Vec3 } from '../../../src/engine/io/volume';

function box(dims: Vec3, lo: Vec3, hi: Vec3): Uint8Array {
  const m = new Uint8Array(dims[0] * dims[1] * dims[2]);
  for (let z = lo[2]; z <= hi[2]; z++) for (let y = lo[1]; y <= hi[1]; y++) for (let x = lo[0]; x <= hi[0]; x++) m[x + dims[0] * (y + dims[1] * z)] = 1;
  return m;
}
const sum = (m: Uint8Array): number => m.reduce((s, x) => s + x, 0);

test('a 3×3×3 cube has 26 surface voxels: all but its centre', () => {
  const dims: Vec3 = [5, 5, 5];
  const s = surfaceMask(box(dims, [1, 1, 1], [3, 3, 3]), dims);
  assert.equal(sum(s), 26);
  assert.equal(s[2 + 5 * (2 + 5 * 2)], 0);
});

test('a 4×4×4 cube has 64 - 8 = 56; a cube filling the grid has its border as surface', () => {
  assert.equal(sum(surfaceMask(box([6, 6, 6], [1, 1, 1], [4, 4, 4]), [6, 6, 6])), 56);
  // The whole 3×3×3 grid: every voxel but the centre touches the outside.
  assert.equal(sum(surfaceMask(new Uint8Array(27).fill(1), [3, 3, 3])), 26);
});
