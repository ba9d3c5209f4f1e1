import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunFollower } from '../../../src/extension/panels/runFollower';
import type { RunFollowerUpdate } from '../../../src/extension/panels/runFollower';
import { tinyRun } from '../../fixtures/runStore/fixtureRuns';
import { appendRunLine, writeRunFixture } from '../../fixtures/runStore/writeRunFixture';

const until = async (cond: () => boolean, ms: number): Promise<void> => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('RunFollower', () => {
  it('delivers the whole run on restart, then each appended line within a second, by file watching alone', async () => {
    const dir = writeRunFixture(mkdtempSync(join(tmpdir(), 'medkd-follow-')), tinyRun);
    const got: RunFollowerUpdate[] = [];
    const f = new RunFollower(dir, (u) => got.push(u), { throttleMs: 100 });
    try {
      f.restart();
      assert.equal(got.length, 1);
      assert.equal(got[0]?.reset, true);
      assert.equal(got[0]?.metrics.length, tinyRun.metrics.length);
      assert.equal(got[0]?.events.length, tinyRun.events.length);
      const t0 = Date.now();
      appendRunLine(dir, 'metrics', { step: 6, time: 0, kind: 'train', values: { loss: 0.1 } });
      appendRunLine(dir, 'metrics', { step: 7, time: 0, kind: 'train', values: { loss: 0.09 } });
      await until(() => got.flatMap((u) => u.metrics).length === tinyRun.metrics.length + 2, 1000);
      assert.ok(Date.now() - t0 < 1000);
      // Both lines, in order, and nothing read twice.
      assert.deepEqual(got.slice(1).flatMap((u) => u.metrics.map((m) => m.step)), [6, 7]);
    } finally {
      f.dispose();
    }
  });

  it('throttles: a burst of pokes is one read', async () => {
    const dir = writeRunFixture(mkdtempSync(join(tmpdir(), 'medkd-follow-')), tinyRun);
    let reads = 0;
    const f = new RunFollower(dir, () => reads++, { throttleMs: 150 });
    try {
      f.restart();
      reads = 0;
      for (let i = 0; i < 5; i++) appendRunLine(dir, 'metrics', { step: 10 + i, time: 0, kind: 'train', values: { loss: 1 } });
      for (let i = 0; i < 50; i++) f.poke();
      await new Promise((r) => setTimeout(r, 400));
      assert.equal(reads, 1);
    } finally {
      f.dispose();
    }
  });

  it('waits for a run folder that does not exist yet', async () => {
    const root = mkdtempSync(join(tmpdir(), 'medkd-follow-'));
    const got: RunFollowerUpdate[] = [];
    const f = new RunFollower(join(root, tinyRun.id), (u) => got.push(u), { throttleMs: 50, fallbackPollMs: 100 });
    try {
      writeRunFixture(root, tinyRun);
      await until(() => got.flatMap((u) => u.metrics).length === tinyRun.metrics.length, 2000);
    } finally {
      f.dispose();
    }
  });
});
