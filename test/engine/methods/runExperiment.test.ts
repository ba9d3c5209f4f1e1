import { mock, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { existsSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../../src/engine/backend/initBackend';
import { RunManager } from '../../../src/engine/runs/runManager';
import { openRun, readEvents, readMetrics, readReport } from '../../../src/engine/runs/runStore';
import { readNifti } from '../../../src/engine/io/readNifti';
import { tinyKdConfig } from './tinyExperiment';
import { recorder, workspaceWith } from './runRecorder';



test('a tiny KD run trains teacher then student, evaluates, writes predictions on the input grid and a report', async () => {
  await initBackend();
  const { ws, configPath } = workspaceWith(tinyKdConfig());
  const r = recorder();
  const manager = new RunManager(r.events);
  const baseline = tf.memory().numTensors;
  const { runId } = manager.start(configPath, ws);
  await manager.shutdownWhenIdle();
  assert.equal(tf.memory().numTensors, baseline, 'tensors leaked across a whole run');
  assert.deepEqual(r.statuses.at(-1), 'completed');
  const run = openRun(ws, runId);
  const train = readMetrics(run).filter((m) => m.kind === 'train');
  assert.deepEqual(train.map((m) => m.step), [1, 2, 3, 4, 5, 6, 7, 8]);
  assert.ok('loss/teacher/dice' in train[0]!.values);
  assert.ok('loss/kd' in train[7]!.values && 'loss/student/ce' in train[7]!.values);
  const evals = readMetrics(run).filter((m) => m.kind === 'eval');
  assert.deepEqual(evals.map((m) => m.step), [4, 8]);
  assert.ok(evals[1]!.values['val/student/dice/mean']! >= 0);
  const report = readReport(run)!;
  assert.equal(report.status, 'completed');
  assert.deepEqual(Object.keys(report.networks).sort(), ['student', 'teacher']);
  assert.ok(report.networks['student']!.flops < report.networks['teacher']!.flops);
  assert.equal(report.predictions?.length, 2);
  const p = report.predictions![0]!;
  const [image, pred] = await Promise.all([readNifti(p.image), readNifti(p.byNetwork!['student']!)]);
  assert.deepEqual(pred.dims, image.dims);
  assert.deepEqual(pred.affine, image.affine);
  assert.ok(existsSync(report.picture!));
  assert.ok(readEvents(run).some((e) => e.type === 'checkpoint' && e.network === 'teacher'));
});

test('a stopped run resumes from its checkpoint and finishes with one metrics line per step', async () => {
  await initBackend();
  const { ws, configPath } = workspaceWith(tinyKdConfig({ train: { steps: 4, teacherSteps: 4, batchSize: 1, patchSize: [16, 16, 16], valEvery: 0, checkpointEvery: 2, schedule: 'constant' } }));
  const r = recorder();
  const manager = new RunManager({
    ...r.events,
    onMetrics: (id, rec) => {
      r.metrics.push(rec);
      if (rec.step === 3) manager.stop(id);
    },
  });
  const { runId } = manager.start(configPath, ws);
  await manager.shutdownWhenIdle();
  assert.equal(r.statuses.at(-1), 'stopped');
  const run = openRun(ws, runId);
  assert.deepEqual(readMetrics(run).map((m) => m.step), [1, 2, 3]);

  const r2 = recorder();
  const again = new RunManager(r2.events);
  again.start(configPath, ws, runId);
  await again.shutdownWhenIdle();
  assert.equal(r2.statuses.at(-1), 'completed');
  // Step 3 was checkpointed at the stop, so the resumed run continues at 4.
  assert.deepEqual(readMetrics(run).filter((m) => m.kind === 'train').map((m) => m.step), [1, 2, 3, 4, 5, 6, 7, 8]);
  assert.deepEqual(r2.metrics.filter((m) => m.kind === 'train').map((m) => m.step), [4, 5, 6, 7, 8]);
});

test('a config with errors is refused with every field named', async () => {
  const manager = new RunManager(recorder().events);
  const bad = workspaceWith({ ...tinyKdConfig(), train: { steps: 0 } });
  assert.throws(() => manager.start(bad.configPath, bad.ws), /tiny\.medkd\.json: train\.steps: Too small: expected number to be >=1/);
  const semantic = workspaceWith({ ...tinyKdConfig(), data: { images: 'missing', labels: 'missing' }, networks: {} });
  assert.throws(() => manager.start(semantic.configPath, semantic.ws), /data\.images: not found: .*missing; data\.labels: not found: .*; networks: define at least one network/);
});

test('tensor counts stay flat over 200 steps of each phase of a real KD run (residual SE teacher, separable student, Adam, validation every 50)', async () => {
  await initBackend();
  const config = tinyKdConfig({
    networks: {
      teacher: { role: 'teacher', model: { features: [4, 8], blocksPerLevel: [1, 2] } },
      student: { role: 'student', model: { features: [4, 8], blocksPerLevel: 1, separable: true } },
    },
    train: { steps: 200, teacherSteps: 200, batchSize: 1, patchSize: [16, 16, 16], valEvery: 50, checkpointEvery: 100, optimizer: 'adam', schedule: 'poly' },
  });
  const { ws, configPath } = workspaceWith(config);
  const counts = new Map<number, number>();
  const r = recorder();
  const manager = new RunManager({
    ...r.events,
    onMetrics: (_id, rec) => {
      if (rec.kind === 'train') counts.set(rec.step, tf.memory().numTensors);
    },
  });
  const baseline = tf.memory().numTensors;
  manager.start(configPath, ws);
  await manager.shutdownWhenIdle();
  assert.equal(r.statuses.at(-1), 'completed');
  assert.equal(tf.memory().numTensors, baseline, 'tensors leaked across the whole run');
  assert.equal(counts.size, 400);
  // From step 2 of a phase on, the optimiser's slots exist: nothing may grow, through checkpoints and validations.
  for (const [first, last] of [[2, 200], [202, 400]] as const) {
    const expected = counts.get(first)!;
    const drift = [...counts].filter(([step, n]) => step >= first && step <= last && n !== expected);
    assert.deepEqual(drift, [], `tensor counts that differ from step ${first}'s ${expected}`);
  }
});

test('a full disk mid-run: the run fails naming metrics.jsonl and "disk full", its files keep whole lines only, and the next queued run still runs', async () => {
  await initBackend();
  const { ws, configPath } = workspaceWith(tinyKdConfig());
  const real = fs.appendFileSync;
  let full = false;
  let filled = false;
  // Once the disk is "full", every append writes 7 bytes and fails, as write(2) does with ENOSPC.
  const m = mock.method(fs, 'appendFileSync', (path: fs.PathOrFileDescriptor, data: string | Uint8Array, options?: fs.WriteFileOptions) => {
    if (!full) return real(path, data, options);
    real(path, String(data).slice(0, 7));
    throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
  });
  const said: { status: string; message?: string }[] = [];
  const r = recorder();
  const manager = new RunManager({
    ...r.events,
    onStatus: (_id, status, _s, _t, message) => said.push({ status, ...(message ? { message } : {}) }),
    onMetrics: (_id, rec) => {
      if (rec.step === 3 && !filled) full = filled = true;
    },
  });
  try {
    const { runId } = manager.start(configPath, ws);
    await manager.shutdownWhenIdle();
    const last = said.at(-1)!;
    assert.equal(last.status, 'failed');
    assert.match(last.message ?? '', new RegExp(`${runId}/metrics\\.jsonl: append failed \\(disk full\\)`));
    full = false;
    const run = openRun(ws, runId);
    // Whole lines only: the torn 7 bytes were cut off, so appends after the disk frees up stay readable.
    for (const file of ['metrics.jsonl', 'events.jsonl']) {
      const text = fs.readFileSync(`${run.dir}/${file}`, 'utf8');
      assert.ok(text.endsWith('\n'), `${file} ends with a whole line`);
      for (const line of text.trim().split('\n')) JSON.parse(line);
    }
    assert.deepEqual(readMetrics(run).map((x) => x.step), [1, 2, 3]);
    // The queue is not poisoned: a second run on the same engine completes.
    said.length = 0;
    manager.start(configPath, ws);
    await manager.shutdownWhenIdle();
    assert.equal(said.at(-1)?.status, 'completed', JSON.stringify(said.at(-1)));
  } finally {
    m.mock.restore();
  }
});
