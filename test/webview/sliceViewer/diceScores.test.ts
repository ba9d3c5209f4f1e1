import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { diceScores } from '../../../src/webview/sliceViewer/diceScores';

describe('diceScores', () => {
  it('counts per class: 2·|P∩R| / (|P| + |R|), 1 when a class is absent from both', () => {
    // ref:  1 1 1 0 2 2 0
    // pred: 1 1 0 0 2 1 0 → class 1: inter 2, |P| 3, |R| 3 → 4/6; class 2: inter 1, |P| 1, |R| 2 → 2/3; class 3 absent → 1.
    const d = diceScores(Uint8Array.from([1, 1, 0, 0, 2, 1, 0]), Uint8Array.from([1, 1, 1, 0, 2, 2, 0]), [1, 2, 3]);
    assert.equal(d.get(1), 4 / 6);
    assert.equal(d.get(2), 2 / 3);
    assert.equal(d.get(3), 1);
    assert.equal(d.has(0), false);
  });
});
