import { test } from 'node:test';
import assert from 'node:assert/strict';
import { firstNonInteger, labelCounts } from '../../../src/engine/io/labelCounts';

test('integer maps with few values get sorted counts; fractions or too many values get none', () => {
  assert.deepEqual(labelCounts(Float32Array.from([4, 0, 0, 1, 4, 0])), new Map([[0, 3], [1, 1], [4, 2]]));
  assert.equal(labelCounts(Float32Array.from([0, 0.5, 1])), undefined);
  assert.equal(labelCounts(Float32Array.from([0, 1, 2, 3]), 3), undefined);
  assert.deepEqual(labelCounts(Float32Array.from([0, 1, 2, 2]), 3), new Map([[0, 1], [1, 1], [2, 2]]));
  assert.equal(firstNonInteger(Float32Array.from([0, 2, 2.5, 0.1])), 2);
  assert.equal(firstNonInteger(Float32Array.from([0, -2, 7])), -1);
});
