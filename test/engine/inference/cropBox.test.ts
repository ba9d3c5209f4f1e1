import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Vec3 } from '../../../src/engine/io/volume';
import { cropBox } from '../../../src/engine/inference/cropBox';
import { pasteBox } from '../../../src/engine/inference/pasteBox';

// 4×3×2 grid, value = 100·z + 10·y + x (x fastest).
const dims: Vec3 = [4, 3, 2];
const grid = Float32Array.from({ length: 24 }, (_, i) => 100 * Math.floor(i / 12) + 10 * (Math.floor(i / 4) % 3) + (i % 4));

test('crop a box inside the grid; the element type is kept', () => {
  // x [1, 3), y [1, 3), z [1, 2) → 2×2×1.
  const c = cropBox(grid, dims, { start: [1, 1, 1], end: [3, 3, 2] });
  assert.ok(c instanceof Float32Array);
  assert.deepEqual(Array.from(c), [111, 112, 121, 122]);
  const u8 = cropBox(Uint8Array.from([1, 2, 3, 4]), [2, 2, 1], { start: [1, 0, 0], end: [2, 2, 1] });
  assert.ok(u8 instanceof Uint8Array);
  assert.deepEqual(Array.from(u8), [2, 4]);
});

test('a box reaching outside the grid pads with fill; channel planes are cropped alike', () => {
  // x [−1, 1), y [2, 4), z [0, 1) on 2 channels (channel 1 = channel 0 + 1000) → 2×2×1 per channel.
  const two = new Float32Array(48);
  two.set(grid);
  two.set(grid.map((v) => v + 1000), 24);
  const c = cropBox(two, dims, { start: [-1, 2, 0], end: [1, 4, 1] }, { channels: 2, fill: -1 });
  assert.deepEqual(Array.from(c), [-1, 20, -1, -1, -1, 1020, -1, -1]);
  assert.throws(() => cropBox(grid, dims, { start: [1, 1, 1], end: [1, 2, 2] }), /start < end/);
  assert.throws(() => cropBox(grid, dims, { start: [0, 0, 0], end: [1, 1, 1] }, { channels: 2 }), /24 values for 4×3×2 × 2 channels/);
});

test('paste puts the box back, background elsewhere; paste(crop) restores the box', () => {
  const box = { start: [1, 0, 1] as Vec3, end: [4, 2, 2] as Vec3 };
  const back = pasteBox(cropBox(grid, dims, box), box, dims);
  for (let i = 0; i < 24; i++) {
    const x = i % 4;
    const y = Math.floor(i / 4) % 3;
    const z = Math.floor(i / 12);
    const inside = x >= 1 && y < 2 && z === 1;
    assert.equal(back[i], inside ? grid[i] : 0, `voxel ${i}`);
  }
  // A box hanging over the edge: only the overlap is written. 2×1×1 at x [3, 5) → only x = 3 lands.
  const edge = pasteBox(Uint8Array.from([7, 9]), { start: [3, 2, 0], end: [5, 3, 1] }, dims, { fill: 5 });
  assert.deepEqual(Array.from(edge).filter((v) => v !== 5), [7]);
  assert.equal(edge[3 + 4 * 2], 7);
  assert.throws(() => pasteBox(Uint8Array.from([1]), box, dims), /1 values for a 3×2×1 box/);
});
