import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pickPreviewImage } from '../../../src/extension/config/pickPreviewImage';

describe('pickPreviewImage', () => {
  const files = ['case1_student.nii.gz', 'overlay.png', 'case1_student.png', 'label-2.png', 'label-12.png', 'notes.txt'];
  it("prefers the label's own picture, exactly that id", () => {
    assert.equal(pickPreviewImage(files, '2'), 'label-2.png');
    assert.equal(pickPreviewImage(files, '12'), 'label-12.png');
  });
  it("falls back to the student's picture, then any overview, then any PNG", () => {
    assert.equal(pickPreviewImage(files, '7'), 'case1_student.png');
    assert.equal(pickPreviewImage(['report.png', 'a.png'], '1'), 'report.png');
    assert.equal(pickPreviewImage(['b.png', 'a.png'], undefined), 'a.png');
    assert.equal(pickPreviewImage(['a.nii.gz'], '1'), undefined);
  });
});
