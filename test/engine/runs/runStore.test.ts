import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, appendFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appendEvent, appendMetric, createRun, listRuns, parseJsonLines, readEvents, readMetrics, runStatus } from '../../../src/engine/runs/runStore';

test('a run folder holds config, metrics and events; a torn last line is skipped', () => {
  const ws = mkdtempSync(join(tmpdir(), 'medkd-runs-'));
  const run = createRun(ws, 'demo kd', { method: 'kd' }, new Date('2026-01-02T03:04:05Z'));
  assert.equal(run.id, 'demo-kd-20260102-030405');
  appendMetric(run, { step: 1, time: 10, kind: 'train', values: { loss: 0.5 } });
  appendMetric(run, { step: 2, time: 20, kind: 'train', values: { loss: 0.25 } });
  appendFileSync(join(run.dir, 'metrics.jsonl'), '{"step": 3, "ti'); // engine killed mid-write
  appendEvent(run, { type: 'status', time: 1, step: 0, status: 'running' });
  const metrics = readMetrics(run);
  assert.deepEqual(metrics.map((m) => m.values['loss']), [0.5, 0.25]);
  assert.equal(runStatus(readEvents(run), true), 'running');
  assert.equal(runStatus(readEvents(run), false), 'failed');
  const second = createRun(ws, 'demo kd', {}, new Date('2026-01-02T03:04:05Z'));
  assert.equal(second.id, 'demo-kd-20260102-030405-2');
  assert.deepEqual(listRuns(ws).map((r) => r.id), ['demo-kd-20260102-030405', 'demo-kd-20260102-030405-2']);
  assert.deepEqual(readdirSync(run.dir).sort(), ['checkpoints', 'config.json', 'events.jsonl', 'metrics.jsonl', 'predictions']);
});

test('a corrupt line in the middle is reported with its line number', () => {
  const { records, problems } = parseJsonLines<{ a: number }>('{"a":1}\nnot json\n{"a":2}\n', 'm.jsonl');
  assert.deepEqual(records, [{ a: 1 }, { a: 2 }]);
  assert.deepEqual(problems, ['m.jsonl:2: not valid JSON']);
});
