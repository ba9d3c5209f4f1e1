// Dice, NSD and HD95 on two 3×3×3 cubes offset by one voxel along x, computed by hand.
//
// A = x 1..3, B = x 2..4 (y, z 1..3) in a 7×5×5 grid. |A| = |B| = 27, |A∩B| = 18 → Dice = 36/54 = 2/3.
// Surfaces: 26 voxels each (cube minus centre). A's surface to B's surface: the 9 voxels of A's x=1 face are
// 1 voxel from B's x=2 face; A's (3,2,2) lies in B but is B's centre, 1 voxel (in y or z) from B's surface;
// the other 16 are on B's surface (0). By symmetry B → A is the same: pooled 32 zeros and 20 ones.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dice } from '../../../src/engine/metrics/dice';
import { surfaceDistances } from '../../../src/engine/metrics/surfaceDistances';
import { normalizedSurfaceDice } from '../../../src/engine/metrics/normalizedSurfaceDice';
import { hd95, percentile } from '../../../src/engine/metrics/hd95';
import type { Vec3 } from '../../../src/engine/io/volume';

const dims: Vec3 = [7, 5, 5];
function box(lo: Vec3, hi: Vec3): Uint8Array {
  const m = new Uint8Array(dims[0] * dims[1] * dims[2]);
  for (let z = lo[2]; z <= hi[2]; z++) for (let y = lo[1]; y <= hi[1]; y++) for (let x = lo[0]; x <= hi[0]; x++) m[x + dims[0] * (y + dims[1] * z)] = 1;
  return m;
}
const A = box([1, 1, 1], [3, 3, 3]);
const B = box([2, 1, 1], [4, 3, 3]);
const histogram = (xs: Float64Array): Record<string, number> => {
  const h: Record<string, number> = {};
  for (const x of xs) h[String(x)] = (h[String(x)] ?? 0) + 1;
  return h;
};

test('isotropic 1 mm: Dice 2/3, distances 16×0 + 10×1 each way, HD95 1, NSD(0.5 mm) 32/52', () => {
  assert.equal(dice(A, B), 2 / 3);
  const d = surfaceDistances(A, B, dims, [1, 1, 1]);
  assert.deepEqual(histogram(d.aToB), { 0: 16, 1: 10 });
  assert.deepEqual(histogram(d.bToA), { 0: 16, 1: 10 });
  // Pooled sorted: ranks 0-31 are 0, 32-51 are 1; the 95th percentile sits at rank 0.95·51 = 48.45 → 1.
  assert.equal(hd95(d), 1);
  assert.equal(normalizedSurfaceDice(d, 0.5), 32 / 52);
  assert.equal(normalizedSurfaceDice(d, 1), 1);
});

test('anisotropic 2×1×1 mm: the x face moves 2 mm, the centre voxel still 1 mm (via y/z)', () => {
  const d = surfaceDistances(A, B, dims, [2, 1, 1]);
  assert.deepEqual(histogram(d.aToB), { 0: 16, 1: 1, 2: 9 });
  // Pooled: 32 zeros, 2 ones, 18 twos; rank 48.45 falls among the twos.
  assert.equal(hd95(d), 2);
  assert.equal(normalizedSurfaceDice(d, 1), 34 / 52);
  assert.equal(normalizedSurfaceDice(d, 1.99), 34 / 52);
  assert.equal(normalizedSurfaceDice(d, 2), 1);
});

test('shifted by two voxels with 3 mm along x: distances 0, 3 and 6 mm', () => {
  // B2 = x 3..5: A's x=1 face is 2 voxels (6 mm) from B2's x=3 face, A's x=2 slice (8 surface voxels) 1 voxel (3 mm),
  // A's x=3 slice lies on B2's face (0). Each way: 9×6, 8×3, 9×0 → pooled 18 zeros, 16 threes, 18 sixes.
  const B2 = box([3, 1, 1], [5, 3, 3]);
  const d = surfaceDistances(A, B2, dims, [3, 1, 1]);
  assert.deepEqual(histogram(d.aToB), { 0: 9, 3: 8, 6: 9 });
  assert.equal(dice(A, B2), 18 / 54);
  assert.equal(hd95(d), 6);
  assert.equal(normalizedSurfaceDice(d, 3), 34 / 52);
});

test('percentile interpolates like numpy: p95 of 0..4 is 3.8, of [0, 10] is 9.5', () => {
  assert.ok(Math.abs(percentile(Float64Array.from([0, 1, 2, 3, 4]), 95) - 3.8) < 1e-12);
  assert.equal(percentile(Float64Array.from([0, 10]), 95), 9.5);
  assert.equal(percentile(Float64Array.from([7]), 95), 7);
  assert.equal(percentile(Float64Array.from([Infinity, Infinity]), 95), Infinity);
});

test('empty masks: both empty → Dice 1, NSD 1, HD95 0; one empty → 0, 0, Infinity', () => {
  const empty = new Uint8Array(A.length);
  assert.equal(dice(empty, empty), 1);
  const none = surfaceDistances(empty, empty, dims, [1, 1, 1]);
  assert.equal(normalizedSurfaceDice(none, 1), 1);
  assert.equal(hd95(none), 0);
  for (const [p, r] of [[A, empty], [empty, A]] as const) {
    assert.equal(dice(p, r), 0);
    const d = surfaceDistances(p, r, dims, [1, 1, 1]);
    assert.equal(normalizedSurfaceDice(d, 100), 0);
    assert.equal(hd95(d), Infinity);
  }
});
