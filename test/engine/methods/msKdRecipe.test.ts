// msKD end to end on phantoms: one phase per binary teacher, then the student with region-based distillation; every
// loss component logged by name, adapters checkpointed beside the networks and restored on resume.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../../src/engine/backend/initBackend';
import { RunManager } from '../../../src/engine/runs/runManager';
import { openRun, readMetrics, readReport } from '../../../src/engine/runs/runStore';
import { tweakablesFor } from '../../../src/engine/methods/recipes';
import { experimentConfigSchema } from '../../../src/engine/config/experimentConfig';
import { tinyMsKdConfig } from './tinyMsKdOmniConfigs';
import { recorder, workspaceWith } from './runRecorder';



test('msKD tweakables: lr, logitWeight, featureWeight, supWeight, temperature (and the teachers’ segWeight)', () => {
  const t = tweakablesFor(experimentConfigSchema.parse(tinyMsKdConfig({ hyper: { lr: 0.01, temperature: 3 } })));
  assert.deepEqual(t.map((p) => [p.name, p.value]), [['lr', 0.01], ['logitWeight', 1], ['featureWeight', 0.1], ['supWeight', 1], ['temperature', 3], ['segWeight', 1]]);
});

test('a tiny msKD run: teacher phases, then logit/<organ>, feature and sup terms; binary teachers checkpointed with their organ', async () => {
  await initBackend();
  const { ws, configPath } = workspaceWith(tinyMsKdConfig());
  const r = recorder();
  const manager = new RunManager(r.events);
  const baseline = tf.memory().numTensors;
  const { runId } = manager.start(configPath, ws);
  await manager.shutdownWhenIdle();
  assert.equal(tf.memory().numTensors, baseline, 'tensors leaked across a whole run');
  assert.equal(r.statuses.at(-1), 'completed');
  const run = openRun(ws, runId);
  const train = readMetrics(run).filter((m) => m.kind === 'train');
  assert.deepEqual(train.map((m) => m.step), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  assert.deepEqual(Object.keys(train[0]!.values).filter((k) => k.startsWith('loss/')), ['loss/liver/dice', 'loss/liver/ce']);
  assert.deepEqual(Object.keys(train[3]!.values).filter((k) => k.startsWith('loss/')), ['loss/kidney/dice', 'loss/kidney/ce']);
  assert.deepEqual(Object.keys(train[6]!.values).filter((k) => k.startsWith('loss/')), ['loss/logit/liver', 'loss/logit/kidney', 'loss/feature', 'loss/sup']);
  for (const m of train.slice(6)) assert.ok(Math.abs(m.values['loss']! - ['logit/liver', 'logit/kidney', 'feature', 'sup'].reduce((s, k) => s + m.values[`loss/${k}`]!, 0)) < 1e-4);
  const ck = join(run.dir, 'checkpoints');
  const meta = (n: string) => (JSON.parse(readFileSync(join(ck, n, 'manifest.json'), 'utf8')) as { spec: { outChannels: number }; meta: { data: { labelIds?: number[]; numClasses: number } } });
  assert.deepEqual([meta('liver').spec.outChannels, meta('liver').meta.data.labelIds], [2, [0, 1]]);
  assert.deepEqual([meta('kidney').spec.outChannels, meta('kidney').meta.data.labelIds], [2, [0, 2]]);
  assert.deepEqual([meta('student').spec.outChannels, meta('student').meta.data.labelIds], [3, undefined]);
  // The adapters (student level-0 features, 2 channels → each teacher's 4 and 6) live beside the networks.
  const adapters = JSON.parse(readFileSync(join(ck, 'student.adapters', 'variables.json'), 'utf8')) as { meta: { step: number }; weights: { tensors: { name: string; shape: number[] }[] } };
  assert.deepEqual(adapters.weights.tensors.map((t) => [t.name, t.shape]), [['adapter/liver/adapter.liver.w', [1, 1, 1, 2, 4]], ['adapter/liver/adapter.liver.b', [4]], ['adapter/kidney/adapter.kidney.w', [1, 1, 1, 2, 6]], ['adapter/kidney/adapter.kidney.b', [6]]]);
  assert.equal(adapters.meta.step, 10);
  const report = readReport(run)!;
  // Each teacher is scored on its own organ, the student on both.
  assert.deepEqual(Object.keys(report.networks['liver']!.perClassDice!), ['1']);
  assert.deepEqual(Object.keys(report.networks['kidney']!.perClassDice!), ['2']);
  assert.deepEqual(Object.keys(report.networks['student']!.perClassDice!).sort(), ['1', '2']);
});

test('a msKD run stopped in the student phase resumes with its adapters and finishes', async () => {
  await initBackend();
  const { ws, configPath } = workspaceWith(tinyMsKdConfig());
  let manager: RunManager | undefined;
  let id = '';
  const r = recorder(8, () => manager!.stop(id));
  manager = new RunManager(r.events);
  id = manager.start(configPath, ws).runId;
  await manager.shutdownWhenIdle();
  assert.equal(r.statuses.at(-1), 'stopped');
  const run = openRun(ws, id);
  const saved = readFileSync(join(run.dir, 'checkpoints', 'student.adapters', 'variables.json'), 'utf8');
  assert.equal((JSON.parse(saved) as { meta: { step: number } }).meta.step, 8);
  const r2 = recorder();
  const again = new RunManager(r2.events);
  again.start(configPath, ws, id);
  await again.shutdownWhenIdle();
  assert.equal(r2.statuses.at(-1), 'completed');
  assert.deepEqual(r2.metrics.filter((m) => m.kind === 'train').map((m) => m.step), [9, 10]);
  assert.ok(existsSync(join(run.dir, 'checkpoints', 'student.adapters', 'variables.json')));
});

test('a broken adapter checkpoint fails the resume, naming the file', async () => {
  await initBackend();
  const { ws, configPath } = workspaceWith(tinyMsKdConfig());
  let manager: RunManager | undefined;
  let id = '';
  manager = new RunManager(recorder(8, () => manager!.stop(id)).events);
  id = manager.start(configPath, ws).runId;
  await manager.shutdownWhenIdle();
  const file = join(openRun(ws, id).dir, 'checkpoints', 'student.adapters', 'variables.json');
  const m = JSON.parse(readFileSync(file, 'utf8')) as { weights: { tensors: { name: string }[] } };
  m.weights.tensors[0]!.name = 'adapter/liver/renamed';
  writeFileSync(file, JSON.stringify(m));
  const r2 = recorder();
  const again = new RunManager(r2.events);
  again.start(configPath, ws, id);
  await again.shutdownWhenIdle();
  assert.equal(r2.statuses.at(-1), 'failed');
  assert.ok(r2.logs.some((l) => /student\.adapters\/variables\.json: variable adapter\/liver\/adapter\.liver\.w is missing/.test(l)), r2.logs.join('\n'));
});
