// The extension's engine stack (forkEngine → EngineClient → RunRegistry) against a real child process: a run
// starts, progresses, takes a tweak, pauses, stops, resumes from where it was, and a killed engine is reported with
// its run marked failed and its files intact. Runs against the fake engine, and against the real engine
// (src/engine/server.ts, a tiny KD run on synthetic phantoms, ~40 s on a CPU) unless MEDKD_TEST_REAL_ENGINE=0.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { PROTOCOL_VERSION } from '../../../src/engine/protocol';
import { EngineClient, EngineExitedError } from '../../../src/extension/engine/engineClient';
import type { EngineExit } from '../../../src/extension/engine/engineClient';
import { forkEngine } from '../../../src/extension/engine/forkEngine';
import { resolveEngineLaunch } from '../../../src/extension/engine/resolveEngineLaunch';
import { RunRegistry } from '../../../src/extension/runs/runRegistry';

const root = join(__dirname, '..', '..', '..');
const FAKE = join(__dirname, '..', 'fixtures', 'fakeEngine.ts');
const REAL = join(root, 'src', 'engine', 'server.ts');
const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function startEngine(modulePath: string, env: Record<string, string> = {}) {
  const launch = resolveEngineLaunch({ configuredNodePath: process.execPath, pathEnv: process.env.PATH, hostExecPath: process.execPath, platform: process.platform, isExecutable: () => true });
  const output: string[] = [];
  const { transport, child } = forkEngine({ modulePath, launch, cwd: root, execArgv: ['--import', 'tsx'], env, onOutput: (line) => output.push(line) });
  const client = new EngineClient(transport);
  const exits: (EngineExit & { expected: boolean })[] = [];
  client.onExit((e) => exits.push(e));
  return { client, child, output, exits };
}

async function until<T>(what: string, probe: () => T | undefined, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

interface Scenario {
  name: string;
  module: string;
  config: Record<string, unknown>;
  /** Steps to see before tweaking. */
  minSteps: number;
  timeoutMs: number;
  env?: Record<string, string>;
}

const scenarios: Scenario[] = [
  {
    name: 'fake engine',
    module: FAKE,
    config: { name: 'tiny', method: 'kd', data: { synthetic: { cases: 4 } }, networks: {}, train: { steps: 100000 }, hyper: { lr: 0.001 } },
    minSteps: 3,
    timeoutMs: 10_000,
    env: { FAKE_ENGINE_STEP_MS: '15' },
  },
];
if (process.env.MEDKD_TEST_REAL_ENGINE !== '0' && existsSync(REAL)) {
  scenarios.push({
    name: 'real engine',
    module: REAL,
    config: {
      name: 'tiny',
      method: 'kd',
      data: { synthetic: { cases: 4, size: [16, 16, 16], organs: 2, seed: 1 }, validation: { count: 1 } },
      networks: { teacher: { role: 'teacher', model: { features: [4, 8], blocksPerLevel: 1 } }, student: { role: 'student', model: { features: [4, 8], blocksPerLevel: 1, separable: true } } },
      train: { steps: 100000, teacherSteps: 2, batchSize: 1, patchSize: [16, 16, 16], valEvery: 0, checkpointEvery: 2, seed: 0 },
      hyper: { lr: 0.001, temperature: 2, kdWeight: 1, segWeight: 1 },
    },
    minSteps: 3,
    timeoutMs: 240_000,
    env: { MEDKD_BACKEND: 'cpu' },
  });
}

for (const s of scenarios) {
  describe(`engine integration (${s.name})`, { timeout: s.timeoutMs * 3 }, () => {
    it('runs, tweaks, pauses, stops, resumes, and reports a killed engine with its run marked failed', async () => {
      const ws = mkdtempSync(join(tmpdir(), 'medkd-int-'));
      dirs.push(ws);
      const configPath = join(ws, 'tiny.medkd.json');
      writeFileSync(configPath, JSON.stringify(s.config, null, 2));
      const { client, child, exits, output } = startEngine(s.module, s.env);
      // A failure shows what the engine printed.
      const fail = (err: unknown) => {
        throw new Error(`${err instanceof Error ? err.message : String(err)}\nengine output:\n${output.slice(-30).join('\n')}`);
      };
      await scenario().catch(fail);
      async function scenario(): Promise<void> {
      const registry = new RunRegistry({ roots: () => [ws] });
      client.onRunMessage((m) => registry.applyEngineMessage(m));

      const hello = await client.handshake(s.timeoutMs);
      assert.equal(hello.protocolVersion, PROTOCOL_VERSION);
      assert.equal(hello.pid, child.pid);

      const { diagnostics } = await client.request('validateConfig', { configPath });
      assert.deepEqual(diagnostics.filter((d) => d.severity === 'error'), []);

      const { runId, runDir } = await client.request('startRun', { configPath, workspaceRoot: ws });
      assert.equal(runDir, join(ws, '.medkd', 'runs', runId));
      registry.adopt(runId, runDir, configPath);
      await until('progress', () => (registry.get(runId)?.step ?? 0) >= s.minSteps && registry.get(runId)?.status === 'running', s.timeoutMs);
      assert.equal(registry.get(runId)?.live, true);

      const { params } = await client.request('getTweakables', { runId });
      const lr = params.find((p) => p.name === 'lr');
      assert.ok(lr, `tweakables: ${params.map((p) => p.name).join(', ')}`);
      const tweak = await client.request('tweak', { runId, changes: { lr: lr.value / 2 }, source: 'command' });
      assert.deepEqual(tweak.applied.lr, { old: lr.value, value: lr.value / 2 });
      await until('the tweak line in events.jsonl', () => (registry.refresh(), registry.get(runId)?.tweakCount === 1), s.timeoutMs);

      assert.deepEqual(await client.request('pauseRun', { runId }), { status: 'paused' });
      await until('paused', () => registry.get(runId)?.status === 'paused', s.timeoutMs);
      // The answer may be the status at the moment of asking; the stop itself is reported by a runStatus message.
      const stop = await client.request('stopRun', { runId });
      assert.ok(['stopped', 'paused'].includes(stop.status), stop.status);
      await until('stopped', () => registry.get(runId)?.status === 'stopped', s.timeoutMs);
      const stoppedAt = registry.get(runId)?.step ?? 0;

      const resumed = await client.request('startRun', { configPath: join(runDir, 'config.json'), workspaceRoot: ws, resumeRunId: runId });
      assert.equal(resumed.runId, runId);
      await until('progress after resuming', () => (registry.get(runId)?.step ?? 0) > stoppedAt && registry.get(runId)?.status === 'running', s.timeoutMs);

      child.kill('SIGKILL');
      await until('the exit', () => exits[0], s.timeoutMs);
      assert.equal(exits[0]?.expected, false);
      assert.equal(exits[0]?.signal, 'SIGKILL');
      assert.deepEqual(registry.engineExited(), [runId]);
      const failed = registry.get(runId);
      assert.equal(failed?.status, 'failed');
      assert.equal(failed?.live, false);
      await assert.rejects(client.request('getTweakables', { runId }), EngineExitedError);

      // The data stays: a fresh registry (a reloaded window) reads every complete line.
      const lines = readFileSync(join(runDir, 'metrics.jsonl'), 'utf8').split('\n').filter((l) => l.trim() !== '');
      const fresh = new RunRegistry({ roots: () => [ws] });
      fresh.refresh();
      assert.ok((fresh.get(runId)?.step ?? 0) >= stoppedAt);
      assert.ok(lines.length >= s.minSteps);
      }
    });

    it('refuses an engine speaking another protocol version', { skip: s.module !== FAKE }, async () => {
      const { client, exits } = startEngine(s.module, { FAKE_ENGINE_PROTOCOL: String(PROTOCOL_VERSION + 1) });
      await assert.rejects(client.handshake(s.timeoutMs), new RegExp(`speaks protocol version ${PROTOCOL_VERSION + 1} but this extension needs version ${PROTOCOL_VERSION}`));
      await until('the refused engine to exit', () => exits[0], s.timeoutMs);
      assert.equal(exits[0]?.expected, true);
    });

    it('shuts the engine down on request', async () => {
      const { client, exits } = startEngine(s.module, s.env);
      await client.handshake(s.timeoutMs);
      await client.shutdown(s.timeoutMs);
      assert.equal(exits[0]?.expected, true);
      assert.equal(client.isRunning, false);
    });
  });
}
