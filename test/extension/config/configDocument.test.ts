import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findLabelNames, readConfigInfo, stringAt } from '../../../src/extension/config/configDocument';

const text = `{
  // comments are allowed
  "name": "hippo",
  "method": "kd",
  "data": {
    "images": "imagesTr/case_001.nii.gz",
    "labelNames": { "0": "background", "1": "anterior", "2": 5 }
  },
  "hyper": { "lr": 0.001, "note": "x" }
}`;

describe('configDocument', () => {
  it('finds label names with the offset after each name', () => {
    const labels = findLabelNames(text);
    assert.deepEqual(labels.map((l) => [l.id, l.name]), [['0', 'background'], ['1', 'anterior']]);
    const anterior = labels[1];
    assert.ok(anterior);
    assert.equal(text.slice(anterior.end - 10, anterior.end), '"anterior"');
    assert.equal(text.slice(anterior.offset, anterior.offset + anterior.length), '"1": "anterior"');
  });

  it('finds the string value under an offset, not a key', () => {
    const offset = text.indexOf('case_001');
    assert.deepEqual(stringAt(text, offset), { value: 'imagesTr/case_001.nii.gz', offset: offset - 10, length: 26, path: ['data', 'images'] });
    assert.equal(stringAt(text, text.indexOf('"images"') + 2), undefined);
    assert.equal(stringAt(text, text.indexOf('0.001')), undefined);
  });

  it('reads name, method, data and numeric hyper values from a half-edited file', () => {
    const info = readConfigInfo(text);
    assert.equal(info.name, 'hippo');
    assert.equal(info.method, 'kd');
    assert.deepEqual(info.hyper, { lr: 0.001 });
    assert.equal(info.data.images, 'imagesTr/case_001.nii.gz');
    assert.equal(readConfigInfo('{ "name": "half", "data": {').name, 'half');
  });
});
