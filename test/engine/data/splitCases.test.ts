import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitCases } from '../../../src/engine/data/splitCases';

const ids = Array.from({ length: 10 }, (_, i) => `c${i}`);

test('a count split is stable for a seed and independent of listing order', () => {
  const a = splitCases(ids, { count: 3, seed: 5 });
  const b = splitCases([...ids].reverse(), { count: 3, seed: 5 });
  assert.deepEqual(a, b);
  assert.equal(a.validation.length, 3);
  assert.equal(a.train.length, 7);
  assert.deepEqual([...a.train, ...a.validation].sort(), [...ids].sort());
  assert.notDeepEqual(splitCases(ids, { count: 3, seed: 6 }).validation, a.validation);
});

test('fraction rounds, explicit ids win, no config holds nothing out', () => {
  assert.equal(splitCases(ids, { fraction: 0.25 }).validation.length, 3); // round(2.5) = 3
  const e = splitCases(ids, { cases: ['c2', 'c9', 'zz'], count: 5 });
  assert.deepEqual(e.validation, ['c2', 'c9']);
  assert.deepEqual(e.problems.map((p) => `${p.field}: ${p.message}`), ['data.validation.cases: "zz" is not a labelled case of this dataset']);
  assert.deepEqual(splitCases(ids).validation, []);
});

test('holding out every case is an error naming the field', () => {
  const s = splitCases(ids, { count: 10 });
  assert.equal(s.problems[0]!.field, 'data.validation.count');
  assert.match(s.problems[0]!.message, /holds out 10 of 10/);
  assert.equal(s.train.length, 1);
  const half = splitCases(ids, { count: 2.5 });
  assert.deepEqual([half.problems[0]!.message, half.validation], ['must give a whole, non-negative number of cases, got 2.5', []]);
});
