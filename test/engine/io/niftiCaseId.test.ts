import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isNiftiName, niftiCaseId } from '../../../src/engine/io/niftiCaseId';

test('case ids drop the folder and .nii / .nii.gz', () => {
  assert.equal(niftiCaseId('/data/labelsTr/hippocampus_034.nii.gz'), 'hippocampus_034');
  assert.equal(niftiCaseId('case.v2.NII'), 'case.v2');
  assert.equal(isNiftiName('a.nii.gz'), true);
  assert.equal(isNiftiName('a.nii.gz.tmp'), false);
  assert.equal(isNiftiName('notes.txt'), false);
});
