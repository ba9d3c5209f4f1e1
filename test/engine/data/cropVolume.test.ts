import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cropVolume, nonZeroBox, pasteVolume } from '../../../src/engine/data/cropVolume';
import { at, makeVolume } from './sharedData';

// 6×5×4 grid, non-zero only at (2,1,1) in channel 0 and (3,3,2) in channel 1.
const v = makeVolume([6, 5, 4], (x, y, z, c) => ((c === 0 && x === 2 && y === 1 && z === 1) || (c === 1 && x === 3 && y === 3 && z === 2) ? 7 : 0), 2, [2, 2, 2]);

test('the non-zero box spans every channel, with a margin clipped to the grid', () => {
  assert.deepEqual(nonZeroBox(v), { start: [2, 1, 1], end: [4, 4, 3] });
  assert.deepEqual(nonZeroBox(v, 2), { start: [0, 0, 0], end: [6, 5, 4] });
  assert.deepEqual(nonZeroBox(v, 1), { start: [1, 0, 0], end: [5, 5, 4] });
  assert.equal(nonZeroBox(makeVolume([2, 2, 2], () => 0)), undefined);
});

test('crop keeps world positions (affine shifted by start·spacing) and paste puts it back', () => {
  const box = { start: [2, 1, 1] as [number, number, number], end: [4, 4, 3] as [number, number, number] };
  const c = cropVolume(v, box);
  assert.deepEqual(c.dims, [2, 3, 2]);
  assert.equal(at(c, 0, 0, 0, 0), 7); // (2,1,1) → (0,0,0)
  assert.equal(at(c, 1, 2, 1, 1), 7); // (3,3,2) → (1,2,1)
  assert.deepEqual(c.affine.map((r) => r[3]), [4, 2, 2, 1]);
  const back = makeVolume([6, 5, 4], () => 0, 2, [2, 2, 2]);
  pasteVolume(back, c, box.start);
  assert.deepEqual(back.data, v.data);
  assert.throws(() => cropVolume(v, { start: [0, 0, 0], end: [7, 1, 1] }), /does not fit grid 6×5×4/);
});
