import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { locateJsonPath, parseJsonPath } from '../../../src/extension/config/locateJsonPath';

const text = `{
  "name": "kd",
  "data": { "images": "imagesTr" },
  "networks": { "student": { "role": "student", "model": { "features": [8, 16, 32] } } }
}`;
const at = (field: string) => {
  const r = locateJsonPath(text, field);
  return text.slice(r.offset, r.offset + r.length);
};

describe('locateJsonPath', () => {
  it('parses dotted paths with indices', () => {
    assert.deepEqual(parseJsonPath('networks.student.model.features[2]'), ['networks', 'student', 'model', 'features', 2]);
    assert.deepEqual(parseJsonPath(''), []);
  });

  it('finds the value of an existing field', () => {
    assert.equal(at('data.images'), '"imagesTr"');
    assert.equal(at('networks.student.model.features[2]'), '32');
    assert.equal(at('name'), '"kd"');
  });

  it('points a missing field at the key of its nearest existing parent', () => {
    assert.equal(at('data.labels'), '"data"');
    assert.equal(at('networks.student.model.depth'), '"model"');
  });

  it('falls back to the opening brace for an unknown root field or the empty path', () => {
    assert.deepEqual(locateJsonPath(text, 'train.steps'), { offset: 0, length: 1 });
    assert.deepEqual(locateJsonPath(text, ''), { offset: 0, length: 1 });
    assert.deepEqual(locateJsonPath('', 'x'), { offset: 0, length: 0 });
  });
});
