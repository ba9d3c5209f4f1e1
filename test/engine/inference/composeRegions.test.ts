import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bratsCompositionRules, composeRegions } from '../../../src/engine/inference/composeRegions';

/** A 0/1 mask of length n with ones on [from, to). */
const mask = (n: number, from: number, to: number): Uint8Array => Uint8Array.from({ length: n }, (_, i) => (i >= from && i < to ? 1 : 0));

test('WT → 2, TC → 1 overwriting, ET → 4 when ET has more than 32 voxels', () => {
  // 60 voxels: WT = [0, 50), TC = [10, 50), ET = [15, 48) = 33 voxels (> 32), plus ET voxel 55 outside WT.
  const et = mask(60, 15, 48);
  et[55] = 1;
  const out = composeRegions([mask(60, 0, 50), mask(60, 10, 50), et]);
  const want = Uint8Array.from({ length: 60 }, (_, i) => (i === 55 || (i >= 15 && i < 48) ? 4 : i >= 10 && i < 50 ? 1 : i < 10 ? 2 : 0));
  assert.deepEqual(out, want);
});

test('ET with exactly 32 voxels is not labelled: those voxels keep TC (1) or WT (2)', () => {
  // ET = [5, 37): 32 voxels, 5..9 inside WT only, 10..36 inside TC.
  const out = composeRegions([mask(60, 0, 50), mask(60, 10, 50), mask(60, 5, 37)]);
  const want = Uint8Array.from({ length: 60 }, (_, i) => (i >= 10 && i < 50 ? 1 : i < 10 ? 2 : 0));
  assert.deepEqual(out, want);
  assert.ok(!out.includes(4));
});

test('ids and the ET threshold are options; custom rules paint in order', () => {
  const rules = bratsCompositionRules({ wholeTumour: 7, tumourCore: 8, enhancing: 9, minEnhancingVoxels: 2 });
  // 6 voxels: WT [0, 6), TC [2, 6), ET [3, 6) = 3 voxels > 2 → labelled 9.
  assert.deepEqual(Array.from(composeRegions([mask(6, 0, 6), mask(6, 2, 6), mask(6, 3, 6)], rules)), [7, 7, 8, 9, 9, 9]);
  assert.deepEqual(Array.from(composeRegions([mask(4, 0, 2), mask(4, 1, 4)], [{ region: 1, label: 3 }, { region: 0, label: 5 }])), [5, 5, 3, 3]);
  assert.throws(() => composeRegions([mask(4, 0, 2)], rules), /region 1, only 1 given/);
  assert.throws(() => composeRegions([mask(4, 0, 2), mask(3, 0, 1)]), /differ in length/);
});
