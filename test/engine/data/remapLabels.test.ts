import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readNifti } from '../../../src/engine/io/readNifti';
import { FLARE13_LABELS, LABEL_REMAP_PRESETS, remapLabels, resolveLabelRemap } from '../../../src/engine/data/remapLabels';
import { presentLabels } from '../../../src/engine/data/loadCase';
import { SKIP_SHARED, sharedData } from './sharedData';

test('TotalSegmentator → FLARE13: the README ids land on the FLARE ids, everything else on background', () => {
  const ts = new Float32Array([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 15, 19, 52, 63, 10, 51, 64, 117]);
  const out = remapLabels(ts, resolveLabelRemap('totalsegmentatorToFlare13'));
  // spleen 3, kidney_right 2, kidney_left 13, gallbladder 9, liver 1, stomach 11, pancreas 4, adrenals 7/8,
  // esophagus 10, duodenum 12, aorta 5, IVC 6; lung lobe 10, heart 51, portal vein 64, 117 → 0.
  assert.deepEqual([...out], [0, 3, 2, 13, 9, 1, 11, 4, 7, 8, 10, 12, 5, 6, 0, 0, 0, 0]);
  assert.equal(Object.keys(LABEL_REMAP_PRESETS.totalsegmentatorToFlare13).length, 13);
  assert.deepEqual(new Set(Object.values(LABEL_REMAP_PRESETS.totalsegmentatorToFlare13)), new Set(Object.keys(FLARE13_LABELS).map(Number).filter((l) => l > 0)));
});

test('explicit maps, rounding, and one-line errors', () => {
  assert.deepEqual([...remapLabels(new Float32Array([4, 1.0000001, 3, 4]), { 4: 2, 1: 1 })], [2, 1, 0, 2]);
  assert.throws(() => resolveLabelRemap('flare'), /unknown preset "flare" \(known: totalsegmentatorToFlare13\)/);
  assert.throws(() => resolveLabelRemap({ x: 1 }), /labelRemap: entry "x"/);
  assert.throws(() => resolveLabelRemap({ 3: 300 }), /integer 0-255/);
});

test('real data: the 61-label TotalSegmentator map remaps to the 13 FLARE organs', async (t) => {
  const data = sharedData();
  if (!data) return t.skip(SKIP_SHARED);
  const seg = await readNifti(join(data, 'abdomen-ct', 'example_seg_fast_force_split.nii.gz'));
  const before = presentLabels(seg.data);
  assert.equal(before.length, 61);
  assert.equal(before.includes(15), false); // no esophagus in this map (its organs/esophagus mask is empty too)
  const remapped = remapLabels(seg.data, resolveLabelRemap('totalsegmentatorToFlare13'));
  // 12 of the 13 FLARE organs: all but esophagus (10).
  assert.deepEqual(presentLabels(remapped), [1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13]);
  // Voxels move, none appear or vanish: liver (TS 5) → 1, aorta (TS 52) → 5, IVC (TS 63) → 6.
  const count = (d: Float32Array, v: number) => d.reduce((n, x) => n + (x === v ? 1 : 0), 0);
  for (const [from, to] of [[5, 1], [52, 5], [63, 6]] as const) assert.equal(count(remapped, to), count(seg.data, from));
  assert.ok(count(seg.data, 5) > 1000);
});
