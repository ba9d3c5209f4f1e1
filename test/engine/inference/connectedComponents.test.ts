import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Vec3 } from '../../../src/engine/io/volume';
import { connectedComponents } from '../../../src/engine/inference/connectedComponents';
import { paintVoxels } from './paintVoxels';
import type { Voxel } from './paintVoxels';

// A 5×5×5 grid with blobs that touch only diagonally:
//   A = (0,0,0) (1,0,0) (0,1,0)        3 voxels
//   B = (2,1,0) (3,1,0)                2 voxels, meets A's (1,0,0) along an edge diagonal (dx = dy = 1)
//   C = (4,2,1)                        1 voxel, meets B's (3,1,0) only at a corner (dx = dy = dz = 1)
//   D = (0,4,3) (1,4,3) (0,4,4) (1,4,4) 4 voxels, far from the rest
const dims: Vec3 = [5, 5, 5];
const A: Voxel[] = [[0, 0, 0, 1], [1, 0, 0, 1], [0, 1, 0, 1]];
const B: Voxel[] = [[2, 1, 0, 1], [3, 1, 0, 1]];
const C: Voxel[] = [[4, 2, 1, 1]];
const D: Voxel[] = [[0, 4, 3, 1], [1, 4, 3, 1], [0, 4, 4, 1], [1, 4, 4, 1]];
const idx = (x: number, y: number, z: number): number => x + 5 * (y + 5 * z);

test('26 vs 18 vs 6 connectivity on diagonally touching blobs: 2, 3 and 4 components', () => {
  const labels = paintVoxels(dims, [...A, ...B, ...C, ...D]);
  const c26 = connectedComponents(labels, dims);
  assert.equal(c26.count, 2);
  assert.deepEqual(Array.from(c26.sizes), [0, 6, 4]);
  assert.equal(c26.ids[idx(4, 2, 1)], c26.ids[idx(0, 0, 0)]);
  const c18 = connectedComponents(labels, dims, { connectivity: 18 });
  assert.equal(c18.count, 3);
  // Numbered in scan order (x fastest): A+B from index 0, C at index 39, D from index 95.
  assert.deepEqual(Array.from(c18.sizes), [0, 5, 1, 4]);
  const c6 = connectedComponents(labels, dims, { connectivity: 6 });
  assert.equal(c6.count, 4);
  assert.deepEqual(Array.from(c6.sizes), [0, 3, 2, 1, 4]);
  assert.equal(c6.ids[idx(0, 1, 0)], 1);
  assert.equal(c6.ids[idx(3, 1, 0)], 2);
  assert.equal(c6.ids[idx(1, 4, 4)], 4);
  assert.equal(c6.ids[idx(2, 2, 2)], 0);
});

test('multi-label: only equal labels connect, unless binary', () => {
  // B relabelled 2: A, B, C and D all separate at 26-connectivity (C touches only B).
  const labels = paintVoxels(dims, [...A, ...B.map(([x, y, z]): Voxel => [x, y, z, 2]), ...C, ...D]);
  const multi = connectedComponents(labels, dims);
  assert.equal(multi.count, 4);
  assert.deepEqual(Array.from(multi.sizes), [0, 3, 2, 1, 4]);
  assert.deepEqual(Array.from(multi.values), [0, 1, 2, 1, 1]);
  const binary = connectedComponents(labels, dims, { binary: true });
  assert.equal(binary.count, 2);
  assert.deepEqual(Array.from(binary.sizes), [0, 6, 4]);
});

test('a U shape seen as two arms first is merged into one component (union-find)', () => {
  // One z slice, 3×3: arms at x = 0 and x = 2 in rows y = 0, 1, joined by row y = 2.
  //   y0: 1 . 1
  //   y1: 1 . 1
  //   y2: 1 1 1
  const labels = Uint8Array.from([1, 0, 1, 1, 0, 1, 1, 1, 1]);
  const cc = connectedComponents(labels, [3, 3, 1], { connectivity: 6 });
  assert.equal(cc.count, 1);
  assert.deepEqual(Array.from(cc.ids), [1, 0, 1, 1, 0, 1, 1, 1, 1]);
  assert.deepEqual(Array.from(cc.sizes), [0, 7]);
});

test('a custom background value and length / connectivity checks', () => {
  const cc = connectedComponents(Float32Array.from([9, 3, 9, 3]), [4, 1, 1], { background: 9 });
  assert.equal(cc.count, 2);
  assert.deepEqual(Array.from(cc.ids), [0, 1, 0, 2]);
  assert.throws(() => connectedComponents(new Uint8Array(3), [2, 2, 1]), /3 voxels for a 2×2×1 grid/);
  assert.throws(() => connectedComponents(new Uint8Array(4), [2, 2, 1], { connectivity: 8 as 6 }), /6, 18 or 26/);
});
