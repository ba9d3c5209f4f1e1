// The real engine child process over IPC: handshake, a run with progress, a live tweak, pause/resume, stop,
// resume from the checkpoint, and a killed engine leaving a readable run store.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROTOCOL_VERSION } from '../../src/engine/protocol';
import type { EngineMessage, EngineRequests, EngineRequestType } from '../../src/engine/protocol';
import { openRun, readEvents, readMetrics, runStatus } from '../../src/engine/runs/runStore';
import { tinyKdConfig } from './methods/tinyExperiment';

class Engine {
  readonly child: ChildProcess;
  readonly messages: EngineMessage[] = [];
  private nextId = 1;
  private waiters: { pred: (m: EngineMessage) => boolean; resolve: (m: EngineMessage) => void }[] = [];

  constructor() {
    this.child = fork(join(__dirname, '../../src/engine/server.ts'), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    this.child.on('message', (m: EngineMessage) => {
      this.messages.push(m);
      this.waiters = this.waiters.filter((w) => (w.pred(m) ? (w.resolve(m), false) : true));
    });
  }

  waitFor(pred: (m: EngineMessage) => boolean, timeoutMs = 120_000): Promise<EngineMessage> {
    const seen = this.messages.find(pred);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('timed out waiting for an engine message')), timeoutMs);
      this.waiters.push({ pred, resolve: (m) => (clearTimeout(t), resolve(m)) });
    });
  }

  async request<K extends EngineRequestType>(type: K, params: EngineRequests[K]['params']): Promise<EngineRequests[K]['result']> {
    const id = this.nextId++;
    this.child.send({ kind: 'request', id, type, params });
    const m = await this.waitFor((x) => (x.kind === 'result' || x.kind === 'error') && x.id === id);
    if (m.kind === 'error') throw new Error(m.message);
    return (m as Extract<EngineMessage, { kind: 'result' }>).value as EngineRequests[K]['result'];
  }
}

test('engine process: hello, run, tweak, pause, resume, stop, resume the run, kill', { timeout: 300_000 }, async () => {
  const ws = mkdtempSync(join(tmpdir(), 'medkd-engine-'));
  const configPath = join(ws, 'tiny.medkd.json');
  writeFileSync(configPath, JSON.stringify(tinyKdConfig({ train: { steps: 40, teacherSteps: 40, batchSize: 1, patchSize: [16, 16, 16], valEvery: 0, checkpointEvery: 5, schedule: 'constant' } })));
  const engine = new Engine();
  try {
    await assert.rejects(engine.request('hello', { version: PROTOCOL_VERSION + 1 }), /protocol mismatch: extension speaks v2, engine v1/);
    const hello = await engine.request('hello', { version: PROTOCOL_VERSION });
    assert.equal(hello.protocolVersion, PROTOCOL_VERSION);
    assert.ok(['wasm', 'cpu', 'tensorflow', 'tensorflow-gpu'].includes(hello.backend));

    const { runId } = await engine.request('startRun', { configPath, workspaceRoot: ws });
    await engine.waitFor((m) => m.kind === 'metrics' && m.runId === runId && m.record.step >= 2);
    const tweak = await engine.request('tweak', { runId, changes: { lr: 0.002 }, source: 'panel' });
    assert.deepEqual(tweak.applied['lr'], { old: 0.01, value: 0.002 });
    const applied = await engine.waitFor((m) => m.kind === 'tweakApplied');
    assert.ok(applied.kind === 'tweakApplied' && applied.event.step >= tweak.atStep && applied.event.value === 0.002);
    await assert.rejects(engine.request('tweak', { runId, changes: { lr: 5 }, source: 'panel' }), /hyper\.lr: 5 is outside \[0\.000001, 1\]|hyper\.lr: 5 is outside \[1e-6, 1\]/);

    assert.equal((await engine.request('pauseRun', { runId })).status, 'paused');
    const stepAtPause = readMetrics(openRun(ws, runId)).length;
    await new Promise((r) => setTimeout(r, 1500));
    assert.ok(readMetrics(openRun(ws, runId)).length <= stepAtPause + 1, 'steps ran while paused');
    assert.equal((await engine.request('resumeRun', { runId })).status, 'running');
    await engine.request('stopRun', { runId });
    await engine.waitFor((m) => m.kind === 'runStatus' && m.runId === runId && m.status === 'stopped');
    const stoppedAt = readMetrics(openRun(ws, runId)).at(-1)!.step;

    await engine.request('startRun', { configPath, workspaceRoot: ws, resumeRunId: runId });
    await engine.waitFor((m) => m.kind === 'metrics' && m.runId === runId && m.record.step === stoppedAt + 2);
    engine.child.kill('SIGKILL');
    await new Promise((r) => engine.child.once('exit', r));
    const run = openRun(ws, runId);
    const steps = readMetrics(run).map((m) => m.step);
    assert.deepEqual(steps, Array.from({ length: steps.length }, (_, i) => i + 1), 'every line readable and no step twice');
    assert.equal(runStatus(readEvents(run), false), 'failed');
    assert.ok(readEvents(run).some((e) => e.type === 'tweak' && e.name === 'lr' && e.value === 0.002 && e.source === 'panel'));
  } finally {
    engine.child.kill('SIGKILL');
  }
});
