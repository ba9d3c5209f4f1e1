import { test } from 'node:test';
import assert from 'node:assert/strict';
import { choosePatchStart, extractPatch } from '../../../src/engine/data/samplePatch';
import { Rng } from '../../../src/engine/data/rng';
import { makeVolume } from './sharedData';

test('extractPatch writes [z][y][x][c] with channels interleaved last, filling outside the volume', () => {
  // 3×2×2 volume, 2 channels: value = 100c + x + 10y + 40z.
  const v = makeVolume([3, 2, 2], (x, y, z, c) => 100 * c + x + 10 * y + 40 * z, 2);
  const label = makeVolume([3, 2, 2], (x, y, z) => (x === 1 && y === 1 && z === 1 ? 3 : 0));
  // A 2×2×2 patch starting at (1, 1, 0): voxel (x,y,z) of the patch = volume (1+x, 1+y, z); y = 1 row exists, y = 2 does not.
  const p = extractPatch(v, label, [1, 1, 0], [2, 2, 2], [-1, -2]);
  const at = (x: number, y: number, z: number, c: number) => p.image[((z * 2 + y) * 2 + x) * 2 + c];
  assert.equal(at(0, 0, 0, 0), 11); // volume (1,1,0) c0
  assert.equal(at(0, 0, 0, 1), 111); // same voxel, c1 right after
  assert.equal(at(1, 0, 1, 0), 2 + 10 + 40); // volume (2,1,1)
  assert.equal(at(0, 1, 0, 0), -1); // y = 2 is outside: fill of channel 0
  assert.equal(at(0, 1, 0, 1), -2);
  assert.deepEqual([...p.label!], [0, 0, 0, 0, 3, 0, 0, 0]); // (1,1,1) → patch (0,0,1) = index 4
  assert.deepEqual(p.size, [2, 2, 2]);
});

test('a patch bigger than the volume places the volume inside it', () => {
  const v = makeVolume([2, 1, 1], (x) => x + 1);
  const p = extractPatch(v, undefined, [-1, 0, 0], [4, 1, 1], [0]);
  assert.deepEqual([...p.image], [0, 1, 2, 0]);
  assert.equal(p.label, undefined);
});

test('uniform starts stay inside a large volume, and cover both ends; foreground patches centre on the voxel', () => {
  const rng = new Rng(1);
  const xs = new Set<number>();
  for (let i = 0; i < 300; i++) {
    const s = choosePatchStart([10, 8, 6], [4, 8, 8], rng);
    xs.add(s[0]);
    assert.equal(s[1], 0); // exactly fits
    assert.ok(s[2] >= -2 && s[2] <= 0); // too small: the volume lands anywhere inside the patch
  }
  assert.deepEqual([...xs].sort(), [0, 1, 2, 3, 4, 5, 6]);
  // One foreground voxel at (7, 2, 3) in a 10×8×6 grid (index 7 + 10·(2 + 8·3) = 267): centred where it fits, clamped elsewhere.
  const fg = new Map([[2, new Int32Array([267])]]);
  assert.deepEqual(choosePatchStart([10, 8, 6], [4, 4, 4], new Rng(5), fg), [5, 0, 1]);
  // Classes without voxels are never chosen (uniform fallback when none has any).
  const empty = new Map([[1, new Int32Array(0)]]);
  const s = choosePatchStart([10, 8, 6], [4, 4, 4], new Rng(5), empty);
  assert.ok(s[0] >= 0 && s[0] <= 6);
});
