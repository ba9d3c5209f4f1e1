import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isResumable, runIdFromArg, runIdsFromArgs } from '../../../src/extension/commands/runArgs';
import { summary } from '../fixtures/runSummary';

describe('runArgs', () => {
  it('reads a run id from a string, a tree element or a {runId}', () => {
    assert.equal(runIdFromArg('r1'), 'r1');
    assert.equal(runIdFromArg({ kind: 'run', run: summary({ id: 'r2' }) }), 'r2');
    assert.equal(runIdFromArg({ runId: 'r3' }), 'r3');
    assert.equal(runIdFromArg({ kind: 'detail' }), undefined);
    assert.equal(runIdFromArg(undefined), undefined);
  });

  it('prefers the multi-selection over the clicked item', () => {
    const a = { kind: 'run', run: summary({ id: 'a' }) };
    const b = { kind: 'run', run: summary({ id: 'b' }) };
    assert.deepEqual(runIdsFromArgs(a, [a, b, a]), ['a', 'b']);
    assert.deepEqual(runIdsFromArgs(a, undefined), ['a']);
    assert.deepEqual(runIdsFromArgs(undefined, []), []);
  });

  it('resumes paused live runs and stopped or failed ones, not completed or running ones', () => {
    assert.equal(isResumable(summary({ status: 'paused', live: true })), true);
    assert.equal(isResumable(summary({ status: 'stopped' })), true);
    assert.equal(isResumable(summary({ status: 'failed' })), true);
    assert.equal(isResumable(summary({ status: 'completed' })), false);
    assert.equal(isResumable(summary({ status: 'running', live: true })), false);
  });
});
