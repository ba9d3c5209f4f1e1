import { test } from 'node:test';
import assert from 'node:assert/strict';
import { orientationCode } from '../../../src/engine/io/orientationCode';
import type { Mat4 } from '../../../src/engine/io/volume';

const diag = (x: number, y: number, z: number): Mat4 => [
  [x, 0, 0, 0],
  [0, y, 0, 0],
  [0, 0, z, 0],
  [0, 0, 0, 1],
];

test('axis-aligned affines: RAS, LPS, LPI, and the brats LPS-with-flip', () => {
  assert.equal(orientationCode(diag(1, 1, 1)), 'RAS');
  assert.equal(orientationCode(diag(-3, -3, 3)), 'LPS');
  assert.equal(orientationCode(diag(-1, -1, -1)), 'LPI');
  assert.equal(orientationCode(diag(3, -3, -3)), 'RPI');
});

test('permuted and oblique axes pick the dominant world axis', () => {
  // i → +y (A), j → -z (I), k → +x (R).
  const permuted: Mat4 = [
    [0, 0, 2, 0],
    [1, 0, 0, 0],
    [0, -1, 0, 0],
    [0, 0, 0, 1],
  ];
  assert.equal(orientationCode(permuted), 'AIR');
  // 30° tilt about x: j is mostly +y, k mostly +z.
  const c = Math.cos(Math.PI / 6), s = Math.sin(Math.PI / 6);
  assert.equal(orientationCode([[1, 0, 0, 0], [0, c, -s, 0], [0, s, c, 0], [0, 0, 0, 1]]), 'RAS');
});
