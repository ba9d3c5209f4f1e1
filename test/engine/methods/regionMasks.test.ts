import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Vec3 } from '../../../src/engine/io/volume';
import { labelsToRegionMasks, regionMasksToLabels } from '../../../src/engine/methods/regionMasks';
import { regionPreset, validateRegionSpec } from '../../../src/engine/methods/regionSpec';
import type { RegionSpec } from '../../../src/engine/methods/regionSpec';

const DIMS: Vec3 = [8, 8, 1];
/** An 8×8×1 map whose label depends on x only (each column holds 8 voxels). */
function columns(labelOfX: (x: number) => number): Uint8Array {
  const out = new Uint8Array(64);
  for (let y = 0; y < 8; y++) for (let x = 0; x < 8; x++) out[x + 8 * y] = labelOfX(x);
  return out;
}
const count = (m: ArrayLike<number>, v = 1) => Array.from(m).filter((x) => x === v).length;
const spec = (preset: 'brats2015' | 'brats2023', minComponentFraction = 0.1): RegionSpec => ({ ...regionPreset(preset), threshold: 0.5, minComponentFraction });

test('BraTS 2015 ids → WT, TC, ET masks; back to ids with the ET volume rule (16 ET voxels ≤ 32 stay core)', () => {
  // x 0-1 background, 2-3 oedema (2), 4 necrosis (1), 5 non-enhancing (3), 6-7 enhancing (4).
  const labels = columns((x) => [0, 0, 2, 2, 1, 3, 4, 4][x]!);
  const [wt, tc, et] = labelsToRegionMasks(labels, spec('brats2015').regions);
  assert.deepEqual([count(wt!), count(tc!), count(et!)], [48, 32, 16]);
  assert.deepEqual(wt, columns((x) => (x >= 2 ? 1 : 0)));
  assert.deepEqual(tc, columns((x) => (x >= 4 ? 1 : 0)));
  assert.deepEqual(et, columns((x) => (x >= 6 ? 1 : 0)));
  // WT → 2, TC → 1 over it, ET (16 voxels, not > 32) not painted: its voxels keep 1.
  assert.deepEqual(regionMasksToLabels([wt!, tc!, et!], DIMS, spec('brats2015')), columns((x) => [0, 0, 2, 2, 1, 1, 1, 1][x]!));
  // Pseudo-labels skip the volume rule: ET is painted 4.
  assert.deepEqual(regionMasksToLabels([wt!, tc!, et!], DIMS, spec('brats2015'), { volumeRules: false, componentFilter: false }), columns((x) => [0, 0, 2, 2, 1, 1, 4, 4][x]!));
});

test('ET above 32 voxels is painted (4 in BraTS 2015, 3 in the 2023 / 4-modal convention)', () => {
  // x 2 oedema, x 3-7 enhancing: 40 ET voxels.
  const l2015 = columns((x) => (x === 2 ? 2 : x >= 3 ? 4 : 0));
  assert.deepEqual(regionMasksToLabels(labelsToRegionMasks(l2015, spec('brats2015').regions), DIMS, spec('brats2015')), l2015);
  // The same tumour in 2023 ids (1 NETC, 2 oedema, 3 ET) round-trips exactly too.
  const l2023 = columns((x) => (x === 2 ? 2 : x === 3 ? 1 : x >= 4 ? 3 : 0));
  const masks = labelsToRegionMasks(l2023, spec('brats2023').regions);
  assert.deepEqual(masks.map((m) => count(m)), [48, 40, 32]);
  // ET has exactly 32 voxels: not more than 32, so it stays core (1).
  assert.deepEqual(regionMasksToLabels(masks, DIMS, spec('brats2023')), columns((x) => (x === 2 ? 2 : x >= 3 ? 1 : 0)));
});

test('the small-component filter drops tumour pieces under 10 % of the tumour', () => {
  // A 40-voxel oedema block (x 0-4) and a separate 3-voxel speck at x = 7, y 0-2: 3 < 0.1 · 43.
  const wt = new Uint8Array(64);
  for (let y = 0; y < 8; y++) for (let x = 0; x < 5; x++) wt[x + 8 * y] = 1;
  for (let y = 0; y < 3; y++) wt[7 + 8 * y] = 1;
  const empty = new Uint8Array(64);
  const filtered = regionMasksToLabels([wt, empty, empty], DIMS, spec('brats2015'));
  assert.equal(count(filtered, 2), 40);
  assert.equal(filtered[7], 0);
  const kept = regionMasksToLabels([wt, empty, empty], DIMS, spec('brats2015', 0));
  assert.equal(count(kept, 2), 43);
});

test('region specs are checked against the dataset labels', () => {
  assert.throws(() => validateRegionSpec(spec('brats2015'), [1, 2, 3]), /regions\[0\] \(WT\): label ids 4 are not in the dataset/);
  assert.throws(() => validateRegionSpec({ ...spec('brats2023'), composition: [{ region: 3, label: 1 }] }, [1, 2, 3]), /composition\[0\]: region 3 does not exist/);
  validateRegionSpec(spec('brats2023'), [1, 2, 3]);
});
