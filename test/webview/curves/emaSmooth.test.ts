import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { emaNext, emaSmooth, emaStart } from '../../../src/webview/curves/emaSmooth';

describe('emaSmooth', () => {
  it('debiases like TensorBoard: the first point is the first value, not 40 % of it', () => {
    // w = 0.6: last = 0.4·y1 → 0.4 / (1 − 0.6) = 1; then (0.24 + 0.2) / (1 − 0.36) = 0.6875.
    const s = emaSmooth([1, 0.5, 0.25], 0.6);
    assert.equal(s[0], 1);
    assert.equal(s[1], 0.6875);
    assert.ok(Math.abs((s[2] ?? 0) - 0.364 / 0.784) < 1e-12);
  });

  it('weight 0 returns the values unchanged', () => {
    assert.deepEqual([...emaSmooth([3, -1, 7], 0)], [3, -1, 7]);
  });

  it('passes non-finite values through without resetting the average', () => {
    const s = emaSmooth([2, NaN, 2], 0.5);
    assert.equal(s[0], 2);
    assert.ok(Number.isNaN(s[1]));
    assert.equal(s[2], 2);
  });

  it('incremental steps equal the batch result (live appends need no recompute)', () => {
    const values = [0.9, 0.7, 0.8, 0.4, 0.45, 0.3];
    const batch = emaSmooth(values, 0.8);
    const st = emaStart();
    values.forEach((v, i) => assert.equal(emaNext(st, v, 0.8), batch[i]));
  });
});
