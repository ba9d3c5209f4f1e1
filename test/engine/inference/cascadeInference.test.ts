import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Vec3, Volume } from '../../../src/engine/io/volume';
import { identityAffine } from '../../../src/engine/io/volume';
import { cascadeInference } from '../../../src/engine/inference/cascadeInference';
import { boxVoxels, paintVoxels } from './paintVoxels';

// Image 20×10×4 at spacing [2, 1, 3] mm, intensity = x / 20.
const dims: Vec3 = [20, 10, 4];
const image: Volume = {
  data: Float32Array.from({ length: 800 }, (_, i) => (i % 20) / 20),
  dims,
  channels: 1,
  spacing: [2, 1, 3],
  affine: identityAffine([2, 1, 3]),
  sourceDatatype: 'float32',
};

test('coarse mask → ROI by hand → fine stage on the crop → pasted back on the input grid', async () => {
  // Coarse grid 10×5×2, foreground x 4..5, y 1..3, all z:
  //   x [0.4, 0.6] → ×1.1 → [0.39, 0.61] × 20 → [8, 12);  y [0.2, 0.8] → [0.17, 0.83] × 10 → [2, 8);  z [0, 1] → [0, 4).
  const coarseDims: Vec3 = [10, 5, 2];
  const seen: { dims?: Vec3; origin?: number[] } = {};
  const result = await cascadeInference(image, {
    coarse: async () => ({ labels: paintVoxels(coarseDims, boxVoxels(4, 6, 1, 4, 0, 2, 5)), dims: coarseDims }),
    fine: async (roi) => {
      seen.dims = roi.dims;
      seen.origin = roi.affine.map((r) => r[3]);
      // Fine model: label 3 where intensity > 0.5 (x ≥ 11 in the input grid).
      return Uint8Array.from(roi.data, (v) => (v > 0.5 ? 3 : 0));
    },
  });
  assert.deepEqual(result.roi, { box: { start: [8, 2, 0], end: [12, 8, 4] }, fallback: false });
  assert.deepEqual(seen.dims, [4, 6, 4]);
  // The crop keeps world positions: origin moves by spacing · start = [16, 2, 0] mm.
  assert.deepEqual(seen.origin, [16, 2, 0, 1]);
  assert.deepEqual(result.labels, paintVoxels(dims, boxVoxels(11, 12, 2, 8, 0, 4, 3)));
});

test('an empty coarse mask uses the mm fallback box', async () => {
  // 240 mm / 2 = 120 > 20 → whole x; 160 / 1 → whole y; 240 / 3 = 80 > 4 → whole z.
  const result = await cascadeInference(image, {
    coarse: async () => ({ labels: new Uint8Array(8), dims: [2, 2, 2] }),
    fine: async (roi) => new Uint8Array(roi.data.length).fill(1),
  });
  assert.equal(result.roi.fallback, true);
  assert.deepEqual(result.roi.box, { start: [0, 0, 0], end: [20, 10, 4] });
  assert.ok(result.labels.every((v) => v === 1));
  await assert.rejects(
    cascadeInference(image, { coarse: async () => ({ labels: new Uint8Array(8), dims: [2, 2, 2] }), fine: async () => new Uint8Array(3) }),
    /fine stage returned 3 voxels for a 20×10×4 ROI/,
  );
});
