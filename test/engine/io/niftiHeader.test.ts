import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import path from 'node:path';
import type * as NiftiReader from 'nifti-reader-js';
import { parseNiftiHeader } from '../../../src/engine/io/niftiHeader';
import { niftiAffine } from '../../../src/engine/io/niftiAffine';
import { buildNifti, sharedDataDir } from './niftiFixture';

// nifti-reader-js is the independent oracle for the header fields (loaded as ESM: it has no CommonJS export).
const loadReader = (): Promise<typeof NiftiReader> => import('nifti-reader-js');

const toArrayBuffer = (b: Uint8Array): ArrayBuffer => b.slice().buffer;

test('header fields agree with nifti-reader-js on real files', async (t) => {
  const data = sharedDataDir();
  if (data === undefined) return t.skip('skipped: ../shared/data not found');
  const nifti = await loadReader();
  const files = [
    'abdomen-ct/example_ct.nii.gz',
    'abdomen-ct/example_ct_sm.nii.gz',
    'brats/brats2015_pat0005/OTMultiClass.nii.gz',
    'brats/brats2015_pat0005/brainmask.nii.gz',
    'brats/brats_4modal_case/t2w.nii.gz',
    'hippocampus/imagesTr/hippocampus_034.nii.gz',
  ];
  for (const rel of files) {
    const bytes = gunzipSync(readFileSync(path.join(data, rel)));
    const mine = parseNiftiHeader(bytes.subarray(0, 352), rel);
    const ref = nifti.readHeader(toArrayBuffer(bytes.subarray(0, 352)));
    assert.deepEqual(mine.dim, ref.dims, rel);
    assert.deepEqual(mine.pixdim, ref.pixDims, rel);
    assert.equal(mine.datatypeCode, ref.datatypeCode, rel);
    assert.equal(mine.voxOffset, ref.vox_offset, rel);
    assert.equal(mine.sclSlope, ref.scl_slope, rel);
    assert.equal(mine.sclInter, ref.scl_inter, rel);
    assert.equal(mine.qformCode, ref.qform_code, rel);
    assert.equal(mine.sformCode, ref.sform_code, rel);
    assert.deepEqual(mine.quatern, [ref.quatern_b, ref.quatern_c, ref.quatern_d], rel);
    assert.deepEqual(mine.qoffset, [ref.qoffset_x, ref.qoffset_y, ref.qoffset_z], rel);
    assert.equal(mine.littleEndian, ref.littleEndian, rel);
    // Every file here has consistent qform and sform, so both libraries' rules give the same affine (±1e-4 mm).
    const a = niftiAffine(mine).affine;
    a.forEach((row, i) => row.forEach((x, j) => assert.ok(Math.abs(x - ref.affine[i]![j]!) < 1e-4, `${rel} affine[${i}][${j}] ${x} vs ${ref.affine[i]![j]}`)));
  }
});

test('NIfTI-2 header fields agree with nifti-reader-js', async () => {
  const nifti = await loadReader();
  const srow = [
    [-0.5, 0, 0, 100.25],
    [0, 0.5, 0, -7],
    [0, 0, 1.25, 3],
  ];
  const bytes = buildNifti({ version: 2, datatype: 512, bitpix: 16, dim: [4, 3, 2, 1, 2], pixdim: [1, 0.5, 0.5, 1.25, 2], sclSlope: 2, sclInter: -1, qformCode: 1, sformCode: 4, quatern: [0, 0, 1], qoffset: [1, 2, 3], srow, voxels: new Uint8Array(24) });
  const mine = parseNiftiHeader(bytes, 'n2.nii');
  const ref = nifti.readHeader(toArrayBuffer(bytes));
  assert.equal(mine.version, 2);
  assert.deepEqual(mine.dim, ref.dims);
  assert.deepEqual(mine.pixdim, ref.pixDims);
  assert.equal(mine.voxOffset, ref.vox_offset);
  assert.equal(mine.datatypeCode, ref.datatypeCode);
  assert.equal(mine.sclSlope, ref.scl_slope);
  assert.equal(mine.sclInter, ref.scl_inter);
  assert.equal(mine.sformCode, ref.sform_code);
  assert.equal(mine.qformCode, ref.qform_code);
  assert.deepEqual(mine.srow, ref.affine.slice(0, 3));
});
