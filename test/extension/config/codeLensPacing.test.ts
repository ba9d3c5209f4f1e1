import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lensRedrawDelay, lensShape } from '../../../src/extension/config/codeLensPacing';
import { summary } from '../fixtures/runSummary';

describe('codeLensPacing', () => {
  it('a step or loss change does not change the lens shape; a status, a new run or a run ending does', () => {
    const a = lensShape([summary({ id: 'r1', live: true, step: 3, loss: 0.5 })]);
    assert.equal(lensShape([summary({ id: 'r1', live: true, step: 90, loss: 0.1 })]), a);
    assert.notEqual(lensShape([summary({ id: 'r1', live: true, status: 'paused' })]), a);
    assert.notEqual(lensShape([summary({ id: 'r1', live: false, status: 'completed' })]), a);
    assert.notEqual(lensShape([summary({ id: 'r2', live: true }), summary({ id: 'r1', live: true })]), a);
  });

  it('redraws at once for a new shape, and spaces step-only redraws by the interval', () => {
    assert.equal(lensRedrawDelay(undefined, 's', 1_000, 3_000), 0);
    assert.equal(lensRedrawDelay({ shape: 'old', firedAt: 900 }, 's', 1_000, 3_000), 0);
    assert.equal(lensRedrawDelay({ shape: 's', firedAt: 900 }, 's', 1_000, 3_000), 2_900);
    assert.equal(lensRedrawDelay({ shape: 's', firedAt: 900 }, 's', 3_900, 3_000), 0);
    assert.equal(lensRedrawDelay({ shape: 's', firedAt: 900 }, 's', 9_000, 3_000), 0);
  });
});
