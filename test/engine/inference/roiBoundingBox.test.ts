import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Vec3 } from '../../../src/engine/io/volume';
import { fallbackBox, roiBoundingBox } from '../../../src/engine/inference/roiBoundingBox';
import { boxVoxels, paintVoxels } from './paintVoxels';

test('box by hand: normalised bounds, ×1.1 about the centre, clipped, scaled to the original grid', () => {
  // Coarse 10×10×10 mask, labels 1 and 3 (merged) at x 2..5, y 0..9, z 4; original grid 100×50×20.
  //   x: [0.2, 0.6] → centre 0.4, half 0.22 → [0.18, 0.62] → [18, 62)
  //   y: [0, 1]     → half 0.55 → [−0.05, 1.05] clipped to [0, 1] → [0, 50)
  //   z: [0.4, 0.5] → centre 0.45, half 0.055 → [0.395, 0.505] × 20 = [7.9, 10.1] → [8, 10)
  const dims: Vec3 = [10, 10, 10];
  const mask = paintVoxels(dims, [...boxVoxels(2, 4, 0, 10, 4, 5, 1), ...boxVoxels(4, 6, 0, 10, 4, 5, 3)]);
  const roi = roiBoundingBox(mask, dims, [100, 50, 20], { spacing: [1, 1, 1] });
  assert.deepEqual(roi, { box: { start: [18, 0, 8], end: [62, 50, 10] }, fallback: false });
  // margin 1 keeps the tight box: x [20, 60), z [8, 10).
  assert.deepEqual(roiBoundingBox(mask, dims, [100, 50, 20], { spacing: [1, 1, 1], margin: 1 }).box, { start: [20, 0, 8], end: [60, 50, 10] });
});

test('an empty coarse mask falls back to a centred 240×160×240 mm box in voxels', () => {
  // Original 100×80×50 at spacing [4, 2, 5] mm: 240/4 = 60 → [20, 80); 160/2 = 80 → [0, 80); 240/5 = 48 → [1, 49).
  const roi = roiBoundingBox(new Uint8Array(8), [2, 2, 2], [100, 80, 50], { spacing: [4, 2, 5] });
  assert.deepEqual(roi, { box: { start: [20, 0, 1], end: [80, 80, 49] }, fallback: true });
  // A box larger than the grid is clipped to it.
  assert.deepEqual(fallbackBox([10, 10, 10], [1, 1, 1], [240, 160, 5]), { start: [0, 0, 2], end: [10, 10, 7] });
});
