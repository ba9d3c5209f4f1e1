import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RunEvent } from '../../../src/engine/protocol';
import { deriveRunStatus } from '../../../src/extension/runs/deriveRunStatus';

const status = (time: number, step: number, s: 'queued' | 'running' | 'paused' | 'stopped' | 'completed' | 'failed', message?: string): RunEvent => ({ type: 'status', time, step, status: s, ...(message ? { message } : {}) });
const ctx = { owner: 'unknown' as const, lastActivity: 10_000, now: 11_000, staleAfterMs: 5_000 };

describe('deriveRunStatus', () => {
  it('is queued before any status event', () => {
    assert.deepEqual(deriveRunStatus([], ctx), { status: 'queued', step: 0, message: undefined, since: undefined });
  });

  it('takes the last status event, ignoring other events after it', () => {
    const events: RunEvent[] = [
      status(1, 0, 'running'),
      { type: 'tweak', time: 2, step: 5, name: 'lr', old: 1, value: 2, source: 'cli' },
      status(3, 7, 'paused'),
      { type: 'checkpoint', time: 4, step: 7, network: 'student', path: 'c' },
    ];
    assert.deepEqual(deriveRunStatus(events, ctx), { status: 'paused', step: 7, message: undefined, since: 3 });
  });

  it('keeps a final status even when the engine is gone', () => {
    const d = deriveRunStatus([status(1, 0, 'running'), status(2, 9, 'failed', 'NaN loss')], { ...ctx, owner: 'dead' });
    assert.equal(d.status, 'failed');
    assert.equal(d.message, 'NaN loss');
  });

  it('marks an active run of our dead engine failed', () => {
    const d = deriveRunStatus([status(1, 4, 'running')], { ...ctx, owner: 'dead' });
    assert.equal(d.status, 'failed');
    assert.equal(d.step, 4);
    assert.match(d.message ?? '', /engine stopped before the run finished/);
  });

  it('marks a running run of an unknown writer failed only after the quiet period', () => {
    assert.equal(deriveRunStatus([status(1, 0, 'running')], ctx).status, 'running');
    const stale = deriveRunStatus([status(1, 0, 'running')], { ...ctx, now: 16_000 });
    assert.equal(stale.status, 'failed');
    assert.match(stale.message ?? '', /no progress since/);
    // Paused runs are quiet by design.
    assert.equal(deriveRunStatus([status(1, 0, 'paused')], { ...ctx, now: 99_000 }).status, 'paused');
  });

  it('trusts a live owner however quiet the files are', () => {
    assert.equal(deriveRunStatus([status(1, 0, 'running')], { ...ctx, owner: 'live', now: 99_000 }).status, 'running');
  });
});
