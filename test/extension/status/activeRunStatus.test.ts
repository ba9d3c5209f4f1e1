import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { activeRun, activeRunText } from '../../../src/extension/status/activeRunStatus';
import { summary } from '../fixtures/runSummary';

describe('activeRunStatus', () => {
  it('follows the live run heard from last', () => {
    const runs = [summary({ id: 'old', live: true, updatedAt: 5 }), summary({ id: 'new', live: true, updatedAt: 9 }), summary({ id: 'done', status: 'completed', updatedAt: 99 })];
    assert.equal(activeRun(runs)?.id, 'new');
    assert.equal(activeRun([summary({ status: 'completed' })]), undefined);
  });

  it('shows name, step, loss and ETA', () => {
    const t = activeRunText(summary({ name: 'demo', live: true, step: 30, totalSteps: 60, loss: 0.123456, etaSeconds: 75 }));
    assert.equal(t.text, '$(sync~spin) demo · 30/60 · loss 0.1235 · ETA 1m 15s');
    assert.equal(activeRunText(summary({ name: 'demo', status: 'paused', live: true, step: 3 })).text, '$(debug-pause) demo · step 3 · paused');
  });
});
