import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PHANTOM_ORGANS, generatePhantom, phantomLabels } from '../../../src/engine/data/phantom';
import type { PhantomCase } from '../../../src/engine/data/phantom';

/** Per label: voxel count and mean intensity. */
function labelStats(p: PhantomCase): { count: number[]; mean: number[] } {
  const count: number[] = [];
  const sum: number[] = [];
  p.label.data.forEach((l, i) => {
    count[l] = (count[l] ?? 0) + 1;
    sum[l] = (sum[l] ?? 0) + p.image.data[i]!;
  });
  return { count, mean: sum.map((s, l) => s / count[l]!) };
}

test('same seed and index give identical volumes; another index or seed gives others', () => {
  const a = generatePhantom(3, { size: [24, 24, 24] });
  const b = generatePhantom(3, { size: [24, 24, 24] });
  assert.deepEqual(a.image.data, b.image.data);
  assert.deepEqual(a.label.data, b.label.data);
  assert.equal(a.id, 'phantom_003');
  assert.notDeepEqual(generatePhantom(4, { size: [24, 24, 24] }).label.data, a.label.data);
  assert.notDeepEqual(generatePhantom(3, { size: [24, 24, 24], seed: 2 }).label.data, a.label.data);
});

test('default CT phantom: 48³, HU-like air outside, four organs of distinct size and contrast', () => {
  const p = generatePhantom(0);
  assert.deepEqual(p.image.dims, [48, 48, 48]);
  assert.deepEqual(p.image.spacing, [2, 2, 2]);
  assert.equal(p.image.sourceDatatype, 'int16');
  assert.ok(p.image.data.every((v) => Number.isInteger(v)), 'int16-like: every HU value is an integer');
  assert.ok(Math.abs(p.image.data[0]! + 1000) < 60, `corner voxel ${p.image.data[0]} is air (-1000 ± 5σ)`);
  const { count, mean } = labelStats(p);
  assert.equal(count.length, 5);
  // Liver is the large organ, the gallbladder the small one (≥ 50 voxels, so still learnable).
  assert.ok(count[1]! > 3 * Math.max(count[2]!, count[3]!), `sizes ${count}`);
  assert.ok(count[4]! < Math.min(count[2]!, count[3]!) / 3 && count[4]! >= 50, `sizes ${count}`);
  // Organ means within 15 HU of the catalogue (±10 per-case jitter; texture and noise average out).
  for (let l = 1; l <= 4; l++) assert.ok(Math.abs(mean[l]! - PHANTOM_ORGANS[l - 1]!.ct) < 15, `label ${l}: mean ${mean[l]}`);
  // Foreground is a few percent of the grid, like real organ segmentation.
  const fg = (p.label.data.length - count[0]!) / p.label.data.length;
  assert.ok(fg > 0.03 && fg < 0.15, `foreground fraction ${fg}`);
});

test('MRI variant: positive values, exactly 0 outside the body, organ contrast ratios kept under the bias field', () => {
  for (const index of [0, 1]) {
    const p = generatePhantom(index, { modality: 'mri', size: [32, 32, 32] });
    assert.equal(p.image.data[0], 0);
    assert.ok(p.image.data.every((v) => v >= 0));
    const { mean } = labelStats(p);
    // kidney / liver = 800 / 550 and spleen / liver = 330 / 550 in the catalogue, within 12 %.
    assert.ok(Math.abs(mean[2]! / mean[1]! / (800 / 550) - 1) < 0.12, `kidney/liver ${mean[2]! / mean[1]!}`);
    assert.ok(Math.abs(mean[3]! / mean[1]! / (330 / 550) - 1) < 0.12, `spleen/liver ${mean[3]! / mean[1]!}`);
  }
});

test('organ count, label names and bad options', () => {
  assert.deepEqual([...new Set(generatePhantom(0, { organs: 8, size: [40, 40, 40] }).label.data)].sort(), [0, 1, 2, 3, 4, 5, 6, 7, 8]);
  assert.deepEqual(phantomLabels(2), { 0: 'background', 1: 'liver', 2: 'kidney' });
  assert.throws(() => generatePhantom(0, { organs: 9 }), /organs must be an integer from 1 to 8, got 9/);
  assert.throws(() => generatePhantom(0, { size: [4, 48, 48] }), /size must be integers ≥ 8/);
});
