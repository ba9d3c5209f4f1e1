import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { MetricRecord, RunEvent, RunReport } from '../../../src/engine/protocol';
import { RunRegistry } from '../../../src/extension/runs/runRegistry';

const roots: string[] = [];
after(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

function workspace(): string {
  const root = mkdtempSync(join(tmpdir(), 'medkd-reg-'));
  roots.push(root);
  return root;
}

function makeRun(root: string, id: string, config: Record<string, unknown>, events: RunEvent[], metrics: MetricRecord[], tail = ''): string {
  const dir = join(root, '.medkd', 'runs', id);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
  writeFileSync(join(dir, 'events.jsonl'), events.map((e) => `${JSON.stringify(e)}\n`).join(''));
  writeFileSync(join(dir, 'metrics.jsonl'), metrics.map((m) => `${JSON.stringify(m)}\n`).join('') + tail);
  return dir;
}

const train = (step: number, time: number, loss: number): MetricRecord => ({ step, time, kind: 'train', values: { loss } });
const NOW = 1_000_000;

describe('RunRegistry', () => {
  it('reads every run folder: status, step, latest loss, total steps, labels, source config; a torn last line is skipped', () => {
    const root = workspace();
    makeRun(
      root,
      'kd-1',
      { name: 'kd', method: 'kd', configPath: '/w/kd.medkd.json', train: { steps: 100 }, data: { labelNames: { '1': 'liver' } }, networks: { teacher: { role: 'teacher', checkpoint: '/t' }, student: { role: 'student' } } },
      [{ type: 'status', time: NOW - 500, step: 0, status: 'running' }],
      [train(1, NOW - 400, 0.9), train(2, NOW - 300, 0.7)],
      '{"step":3,"time":',
    );
    makeRun(root, 'sup-1', { name: 'sup', method: 'supervised' }, [{ type: 'status', time: NOW - 9000, step: 0, status: 'running' }, { type: 'status', time: NOW - 8000, step: 50, status: 'completed' }], []);
    const reg = new RunRegistry({ roots: () => [root], now: () => NOW });
    reg.refresh();
    const runs = reg.runs();
    assert.deepEqual(runs.map((r) => r.id), ['kd-1', 'sup-1']); // newest first
    const kd = reg.get('kd-1');
    assert.ok(kd);
    assert.equal(kd.status, 'running');
    assert.equal(kd.step, 2);
    assert.equal(kd.loss, 0.7);
    assert.equal(kd.totalSteps, 100);
    assert.equal(kd.method, 'kd');
    assert.equal(kd.configPath, '/w/kd.medkd.json');
    assert.deepEqual(kd.labelNames, { '1': 'liver' });
    assert.deepEqual(kd.networks, { teacher: { role: 'teacher', checkpoint: '/t' }, student: { role: 'student', checkpoint: undefined } });
    assert.equal(kd.live, false);
    // 1 step in 100 ms → 10 steps/s, 98 left
    assert.equal(kd.stepsPerSecond, 10);
    assert.equal(kd.etaSeconds, 9.8);
    assert.equal(reg.get('sup-1')?.status, 'completed');
    assert.equal(reg.get('sup-1')?.step, 50);
  });

  it('follows appended lines, completes the torn line, and announces each record once', () => {
    const root = workspace();
    const dir = makeRun(root, 'r', { name: 'r' }, [{ type: 'status', time: NOW, step: 0, status: 'running' }], [train(1, NOW, 0.5)], '{"step":2,"time":');
    const reg = new RunRegistry({ roots: () => [root], now: () => NOW });
    const announced: number[] = [];
    let changes = 0;
    reg.onMetric((m) => announced.push(m.record.step));
    reg.onDidChange(() => changes++);
    reg.refresh();
    assert.deepEqual(announced, [1]);
    appendFileSync(join(dir, 'metrics.jsonl'), `${NOW + 10},"kind":"train","values":{"loss":0.25}}\n`);
    reg.refresh();
    assert.deepEqual(announced, [1, 2]);
    assert.equal(reg.get('r')?.loss, 0.25);
    // The same record arriving as an engine message is folded in but not announced twice.
    reg.applyEngineMessage({ kind: 'metrics', runId: 'r', record: { step: 2, time: NOW + 10, kind: 'train', values: { loss: 0.25 } }, totalSteps: 40 });
    reg.applyEngineMessage({ kind: 'metrics', runId: 'r', record: { step: 3, time: NOW + 20, kind: 'eval', values: { 'val/dice/1': 0.8 } }, totalSteps: 40 });
    assert.deepEqual(announced, [1, 2, 3]);
    assert.equal(reg.get('r')?.totalSteps, 40);
    assert.equal(reg.get('r')?.latest['val/dice/1'], 0.8);
    const before = changes;
    reg.refresh(); // nothing new on disk
    assert.equal(changes, before);
  });

  it('trusts our engine while it lives and marks its active runs failed when it dies', () => {
    const root = workspace();
    makeRun(root, 'a', { name: 'a' }, [{ type: 'status', time: NOW, step: 0, status: 'running' }], []);
    makeRun(root, 'b', { name: 'b' }, [{ type: 'status', time: NOW, step: 3, status: 'completed' }], []);
    const reg = new RunRegistry({ roots: () => [root], now: () => NOW });
    reg.refresh();
    reg.adopt('a', join(root, '.medkd', 'runs', 'a'), '/w/a.medkd.json');
    reg.applyEngineMessage({ kind: 'runStatus', runId: 'a', status: 'paused', step: 12, totalSteps: 50 });
    const a = reg.get('a');
    assert.equal(a?.status, 'paused');
    assert.equal(a?.live, true);
    assert.equal(a?.step, 12);
    assert.equal(a?.configPath, '/w/a.medkd.json');
    assert.deepEqual(reg.engineExited(), ['a']);
    const dead = reg.get('a');
    assert.equal(dead?.status, 'failed');
    assert.equal(dead?.live, false);
    assert.match(dead?.statusMessage ?? '', /engine stopped/);
    assert.equal(reg.get('b')?.status, 'completed');
  });

  it('shows a running run nobody writes to any more as failed after the quiet period', () => {
    const root = workspace();
    makeRun(root, 'cli', { name: 'cli' }, [{ type: 'status', time: NOW - 200_000, step: 0, status: 'running' }], [train(5, NOW - 190_000, 0.3)]);
    const reg = new RunRegistry({ roots: () => [root], now: () => NOW, staleAfterMs: 120_000 });
    reg.refresh();
    assert.equal(reg.get('cli')?.status, 'failed');
  });

  it('reads report.json, forgets deleted folders, and applies config hints', () => {
    const root = workspace();
    const dir = makeRun(root, 'done', { name: 'done' }, [{ type: 'status', time: NOW, step: 10, status: 'completed' }], []);
    const report: RunReport = {
      runId: 'done', name: 'done', method: 'kd', status: 'completed', backend: 'cpu', steps: 10, wallTimeSeconds: 3,
      networks: { student: { role: 'student', params: 1000, flops: 2e6, checkpoint: 'checkpoints/student', valDice: 0.7 } },
      labels: { '1': 'spleen' },
    };
    writeFileSync(join(dir, 'report.json'), JSON.stringify(report));
    const hints = new Map([['done', '/w/done.medkd.json']]);
    const reg = new RunRegistry({ roots: () => [root], now: () => NOW, configHints: () => hints });
    reg.refresh();
    const r = reg.get('done');
    assert.equal(r?.report?.networks.student?.valDice, 0.7);
    assert.equal(r?.method, 'kd');
    assert.deepEqual(r?.labelNames, { '1': 'spleen' });
    assert.equal(r?.configPath, '/w/done.medkd.json');
    rmSync(dir, { recursive: true });
    reg.refresh();
    assert.equal(reg.get('done'), undefined);
    assert.deepEqual(reg.runs(), []);
  });

  it('reads config.json on a later scan when an engine message came before the folder was written', () => {
    const root = workspace();
    const reg = new RunRegistry({ roots: () => [root], now: () => NOW });
    reg.applyEngineMessage({ kind: 'runStatus', runId: 'early', status: 'queued', step: 0, totalSteps: 0 });
    assert.equal(reg.get('early')?.name, 'early');
    makeRun(root, 'early', { name: 'kd', method: 'kd', train: { steps: 30 } }, [], []);
    reg.refresh();
    assert.equal(reg.get('early')?.name, 'kd');
    assert.equal(reg.get('early')?.method, 'kd');
    assert.equal(reg.get('early')?.live, true);
  });

  it('takes the run folder from the engine answer over a guess', () => {
    const [a, b] = [workspace(), workspace()];
    const dir = makeRun(b, 'multi', { name: 'm' }, [], []);
    const reg = new RunRegistry({ roots: () => [a, b], now: () => NOW });
    reg.applyEngineMessage({ kind: 'runStatus', runId: 'multi', status: 'running', step: 1, totalSteps: 5 });
    reg.adopt('multi', dir, undefined);
    assert.equal(reg.get('multi')?.dir, dir);
    assert.equal(reg.get('multi')?.name, 'm');
  });
});
