// The traps listed in ../shared/data/README.md, each read through readNifti.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { readNifti, readNiftiWithHeader } from '../../../src/engine/io/readNifti';
import { qformToAffine } from '../../../src/engine/io/qform';
import { sameGrid } from '../../../src/engine/io/sameGrid';
import type { Volume } from '../../../src/engine/io/volume';
import { sharedDataDir } from './niftiFixture';

const data = sharedDataDir();
const SKIP = 'skipped: ../shared/data not found';

function valueCounts(v: Volume): Map<number, number> {
  const m = new Map<number, number>();
  for (const x of v.data) m.set(x, (m.get(x) ?? 0) + 1);
  return m;
}

test('hippocampus: uint8 and float32 images both read, every label map on its image grid with labels 0-2', async (t) => {
  if (data === undefined) return t.skip(SKIP);
  const dir = path.join(data, 'hippocampus');
  const types = new Map<string, number>();
  for (const name of readdirSync(path.join(dir, 'imagesTr'))) {
    const image = await readNifti(path.join(dir, 'imagesTr', name));
    const label = await readNifti(path.join(dir, 'labelsTr', name));
    types.set(image.sourceDatatype, (types.get(image.sourceDatatype) ?? 0) + 1);
    assert.ok(sameGrid(image, label).same, `${name}: ${sameGrid(image, label).differences.join('; ')}`);
    assert.deepEqual(image.spacing, [1, 1, 1]);
    for (const k of valueCounts(label).keys()) assert.ok(k === 0 || k === 1 || k === 2, `${name}: label ${k}`);
  }
  // README: about one image in six is uint8; the rest float32.
  assert.deepEqual(Object.fromEntries(types), { float32: 34, uint8: 6 });
  const u8 = await readNifti(path.join(dir, 'imagesTr', 'hippocampus_034.nii.gz'));
  const f32 = await readNifti(path.join(dir, 'imagesTr', 'hippocampus_019.nii.gz'));
  assert.equal(u8.sourceDatatype, 'uint8');
  assert.equal(Math.max(...u8.data), 255);
  assert.equal(f32.sourceDatatype, 'float32');
  assert.ok(Math.max(...f32.data) > 1000, 'float32 images range up to thousands');
});

test('abdomen CT: int32 HU; example_ct_sm is slices 82-111 but carries the full CT origin (same-origin trap)', async (t) => {
  if (data === undefined) return t.skip(SKIP);
  const ct = await readNifti(path.join(data, 'abdomen-ct/example_ct.nii.gz'));
  const sm = await readNifti(path.join(data, 'abdomen-ct/example_ct_sm.nii.gz'));
  assert.equal(ct.sourceDatatype, 'int32');
  assert.equal(sm.sourceDatatype, 'int16');
  assert.deepEqual(ct.dims, [122, 101, 112]);
  assert.deepEqual(sm.dims, [122, 101, 30]);
  assert.deepEqual(ct.spacing, [3, 3, 3]);
  // The voxels of sm are the full CT's slices z = 82..111 ...
  const slice = 122 * 101;
  for (const k of [0, 13, 29]) assert.deepEqual(sm.data.subarray(k * slice, (k + 1) * slice), ct.data.subarray((82 + k) * slice, (83 + k) * slice), `slice ${k}`);
  // ... yet both affines are identical, so their world coordinates disagree by 82 × 3 = 246 mm in z.
  assert.deepEqual(sm.affine, ct.affine);
  const cmp = sameGrid(ct, sm);
  assert.equal(cmp.same, false);
  assert.deepEqual(cmp.differences, ['dims 122×101×112 vs 122×101×30']);
  for (const seg of ['example_seg.nii.gz', 'example_seg_fast.nii.gz']) {
    const s = await readNifti(path.join(data, 'abdomen-ct', seg));
    assert.ok(sameGrid(s, sm).same, seg);
    assert.equal(s.sourceDatatype, 'uint8');
  }
});

test('brats 2015: float32 label map, int32 brain mask scaled to 0/1, label qform/sform codes differ yet affines agree', async (t) => {
  if (data === undefined) return t.skip(SKIP);
  const dir = path.join(data, 'brats/brats2015_pat0005');
  const flair = await readNiftiWithHeader(path.join(dir, 'Flair_subtrMeanDivStd.nii.gz'));
  const label = await readNiftiWithHeader(path.join(dir, 'OTMultiClass.nii.gz'));
  const mask = await readNiftiWithHeader(path.join(dir, 'brainmask.nii.gz'));
  assert.equal(label.volume.sourceDatatype, 'float32');
  assert.deepEqual([...valueCounts(label.volume).keys()].sort(), [0, 1, 2, 3, 4]);
  assert.equal(mask.volume.sourceDatatype, 'int32');
  assert.deepEqual([...valueCounts(mask.volume).keys()].sort(), [0, 1]);
  // Raw int32 are ±2^31; slope 2^-32 and intercept 0.5 map them to 0/1.
  assert.equal(mask.header.sclSlope, 2 ** -32);
  assert.equal(mask.header.sclInter, 0.5);
  // Images: qform 0 / sform 2; label: qform 2 / sform 1. The rule picks the sform for both, and the label's
  // qform gives the same matrix, so any reader's choice agrees.
  assert.deepEqual([flair.header.qformCode, flair.header.sformCode], [0, 2]);
  assert.deepEqual([label.header.qformCode, label.header.sformCode], [2, 1]);
  assert.equal(flair.affineSource, 'sform');
  assert.equal(label.affineSource, 'sform');
  const h = label.header;
  const labelQform = qformToAffine({ quatern: h.quatern, qoffset: h.qoffset, pixdim: [h.pixdim[1]!, h.pixdim[2]!, h.pixdim[3]!], qfac: (h.pixdim[0] ?? 1) < 0 ? -1 : 1 });
  assert.ok(sameGrid({ dims: label.volume.dims, affine: labelQform }, label.volume, 1e-6).same);
  assert.ok(sameGrid(flair.volume, label.volume).same);
  assert.ok(sameGrid(flair.volume, mask.volume).same);
  assert.deepEqual(flair.volume.affine, [
    [-1, 0, 0, 0],
    [0, -1, 0, 239],
    [0, 0, 1, 0],
    [0, 0, 0, 1],
  ]);
  // The mask lines up with the tumour: all but 2 of its 80,682 voxels lie inside the brain (a misread mask misses thousands).
  let outside = 0;
  for (let i = 0; i < label.volume.data.length; i++) if (label.volume.data[i]! > 0 && mask.volume.data[i] === 0) outside++;
  assert.equal(outside, 2);
});

test('brats 4-modality case: float32 and float64 modalities on one grid, uint8 segmentation 0-3', async (t) => {
  if (data === undefined) return t.skip(SKIP);
  const dir = path.join(data, 'brats/brats_4modal_case');
  const t1c = await readNifti(path.join(dir, 't1c.nii.gz'));
  const t2w = await readNifti(path.join(dir, 't2w.nii.gz'));
  const seg = await readNifti(path.join(dir, 'segmentation.nii.gz'));
  assert.equal(t1c.sourceDatatype, 'float32');
  assert.equal(t2w.sourceDatatype, 'float64');
  assert.ok(sameGrid(t1c, t2w).same);
  assert.ok(sameGrid(t1c, seg).same);
  assert.deepEqual([...valueCounts(seg).keys()].sort(), [0, 1, 2, 3]);
});
