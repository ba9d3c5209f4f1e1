import { test } from 'node:test';
import assert from 'node:assert/strict';
import { padVolume, paddingFor } from '../../../src/engine/data/padVolume';
import { at, makeVolume } from './sharedData';

test('padding reaches the minimum size and a multiple of k, centred with the odd voxel after', () => {
  // targets: x max(5,8)=8 → 8; y max(6,4)=6 → 8; z 7 → 8. Extras 3, 2, 1.
  assert.deepEqual(paddingFor([5, 6, 7], [8, 4, 7], 4), { before: [1, 1, 0], after: [2, 1, 1] });
  assert.deepEqual(paddingFor([16, 16, 16], [8, 8, 8], 16), { before: [0, 0, 0], after: [0, 0, 0] });
});

test('padVolume fills each channel with its own value and moves the origin back by `before`', () => {
  const v = makeVolume([2, 1, 1], (x, _y, _z, c) => 10 * c + x + 1, 2, [3, 3, 3]);
  const p = padVolume(v, { before: [1, 0, 0], after: [0, 1, 0] }, [-5, 9]);
  assert.deepEqual(p.dims, [3, 2, 1]);
  // channel 0 rows: y=0 → [-5, 1, 2], y=1 → [-5, -5, -5]; channel 1: [9, 11, 12], [9, 9, 9]
  assert.deepEqual([...p.data], [-5, 1, 2, -5, -5, -5, 9, 11, 12, 9, 9, 9]);
  assert.equal(p.affine[0]![3], -3);
  assert.equal(at(p, 1, 0, 0, 1), 11);
});
