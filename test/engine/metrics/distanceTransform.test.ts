import { test } from 'node:test';
import assert from 'node:assert/strict';
import { squaredDistanceTransform } from '../../../src/engine/metrics/distanceTransform';
import type { Vec3 } from '../../../src/engine/io/volume';

test('one feature voxel on a line: squared distances scale with spacing', () => {
  // 4×1×1, feature at x = 1, spacing 2 mm: distances 2, 0, 2, 4 → squares 4, 0, 4, 16.
  const d = squaredDistanceTransform(Uint8Array.from([0, 1, 0, 0]), [4, 1, 1], [2, 1, 1]);
  assert.deepEqual(Array.from(d), [4, 0, 4, 16]);
});

test('no feature: Infinity everywhere', () => {
  assert.deepEqual(Array.from(squaredDistanceTransform(new Uint8Array(6), [3, 2, 1], [1, 1, 1])), new Array(6).fill(Infinity));
});

test('matches brute force on a random anisotropic volume (exact to 1e-9 mm²)', () => {
  const dims: Vec3 = [9, 7, 5];
  const spacing: Vec3 = [0.8, 1.5, 3];
  let seed = 12345;
  const rand = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const n = dims[0] * dims[1] * dims[2];
  const feature = new Uint8Array(n);
  for (let i = 0; i < n; i++) feature[i] = rand() < 0.06 ? 1 : 0;
  const coords = (i: number): Vec3 => [i % dims[0], Math.floor(i / dims[0]) % dims[1], Math.floor(i / (dims[0] * dims[1]))];
  const points = [...feature.keys()].filter((i) => feature[i]).map(coords);
  assert.ok(points.length > 5);
  const d = squaredDistanceTransform(feature, dims, spacing);
  for (let i = 0; i < n; i++) {
    const [x, y, z] = coords(i);
    let best = Infinity;
    for (const [px, py, pz] of points) best = Math.min(best, ((x - px) * spacing[0]) ** 2 + ((y - py) * spacing[1]) ** 2 + ((z - pz) * spacing[2]) ** 2);
    assert.ok(Math.abs(d[i]! - best) < 1e-9, `voxel ${i}: ${d[i]} vs ${best}`);
  }
});
