import { test } from 'node:test';
import assert from 'node:assert/strict';
import { affineToQform, qformToAffine } from '../../../src/engine/io/qform';
import type { Mat4 } from '../../../src/engine/io/volume';

const close = (a: Mat4, b: Mat4, tol: number, what: string): void =>
  a.forEach((row, i) => row.forEach((x, j) => assert.ok(Math.abs(x - b[i]![j]!) <= tol, `${what} [${i}][${j}] ${x} vs ${b[i]![j]}`)));

test('quaternion (0,0,1) is a 180° turn about z; qfac -1 flips k', () => {
  // a = 0, b = c = 0, d = 1: R = diag(-1, -1, 1).
  const m = qformToAffine({ quatern: [0, 0, 1], qoffset: [0, 239, 0], pixdim: [1, 2, 3], qfac: -1 });
  close(m, [[-1, 0, 0, 0], [0, -2, 0, 239], [0, 0, -3, 0], [0, 0, 0, 1]], 1e-12, 'qform');
});

test('quaternion for 90° about x: b = sin 45°', () => {
  // R_x(90°) = [[1,0,0],[0,0,-1],[0,1,0]]; quaternion a = cos 45°, b = sin 45°.
  const s = Math.SQRT1_2;
  const m = qformToAffine({ quatern: [s, 0, 0], qoffset: [1, 2, 3], pixdim: [1, 1, 1], qfac: 1 });
  close(m, [[1, 0, 0, 1], [0, 0, -1, 2], [0, 1, 0, 3], [0, 0, 0, 1]], 1e-12, 'qform');
  const q = affineToQform(m);
  assert.ok(Math.abs(q.quatern[0] - s) < 1e-12 && Math.abs(q.quatern[1]) < 1e-12 && Math.abs(q.quatern[2]) < 1e-12);
});

test('affine → qform → affine round-trips rotations, flips and voxel sizes', () => {
  // LPS-like, RAS, an oblique rotation (30° about y, then 20° about z) with a left-handed grid.
  const c30 = Math.cos(Math.PI / 6), s30 = Math.sin(Math.PI / 6), c20 = Math.cos(Math.PI / 9), s20 = Math.sin(Math.PI / 9);
  const rot = [
    [c20 * c30, -s20, c20 * s30],
    [s20 * c30, c20, s20 * s30],
    [-s30, 0, c30],
  ];
  const sizes = [0.8, 0.8, 2.5];
  const oblique = [0, 1, 2].map((i) => [...[0, 1, 2].map((j) => rot[i]![j]! * sizes[j]! * (j === 1 ? -1 : 1)), [12, -40, 7][i]!]);
  const affines: Mat4[] = [
    [[-3, 0, 0, 178], [0, -3, 0, 11], [0, 0, 3, 94], [0, 0, 0, 1]],
    [[1, 0, 0, 1], [0, 1, 0, 1], [0, 0, 1, 1], [0, 0, 0, 1]],
    [[0, 0, 4, -1], [2, 0, 0, -2], [0, 3, 0, -3], [0, 0, 0, 1]],
    [...oblique, [0, 0, 0, 1]] as Mat4,
  ];
  for (const [k, a] of affines.entries()) close(qformToAffine(affineToQform(a)), a, 1e-9, `affine ${k}`);
});
