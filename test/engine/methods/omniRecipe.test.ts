// omniKD end to end on phantoms: teachers in their own phases, the ensemble's pseudo-labels written into the run
// folder at the end of the last one, then the student on ground truth plus pseudo-labels; softmax and region modes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../../src/engine/backend/initBackend';
import { RunManager } from '../../../src/engine/runs/runManager';
import { openRun, readMetrics, readReport } from '../../../src/engine/runs/runStore';
import { readNifti } from '../../../src/engine/io/readNifti';
import { tweakablesFor } from '../../../src/engine/methods/recipes';
import { experimentConfigSchema } from '../../../src/engine/config/experimentConfig';
import { tinyOmniConfig } from './tinyMsKdOmniConfigs';
import { recorder, workspaceWith } from './runRecorder';



const regionMode = {
  pseudoLabelTta: true,
  regions: [{ name: 'organs', labels: [1, 2] }, { name: 'kidney', labels: [2] }],
  composition: [{ region: 0, label: 1 }, { region: 1, label: 2 }],
  minComponentFraction: 0.1,
};

test('omniKD tweakables: lr and segWeight; region mode adds the BCE background weight', () => {
  assert.deepEqual(tweakablesFor(experimentConfigSchema.parse(tinyOmniConfig())).map((p) => p.name), ['lr', 'segWeight']);
  assert.deepEqual(tweakablesFor(experimentConfigSchema.parse(tinyOmniConfig({ omniKD: regionMode }))).map((p) => [p.name, p.value]), [['lr', 0.01], ['segWeight', 1], ['bceBackgroundWeight', 0.01]]);
});

test('a tiny omniKD run pseudo-labels the unlabelled phantoms into the run folder and trains the student on them', async () => {
  await initBackend();
  const { ws, configPath } = workspaceWith(tinyOmniConfig());
  const r = recorder();
  const manager = new RunManager(r.events);
  const baseline = tf.memory().numTensors;
  const { runId } = manager.start(configPath, ws);
  await manager.shutdownWhenIdle();
  assert.equal(tf.memory().numTensors, baseline, 'tensors leaked across a whole run');
  assert.equal(r.statuses.at(-1), 'completed', r.logs.join('\n'));
  const run = openRun(ws, runId);
  const train = readMetrics(run).filter((m) => m.kind === 'train');
  // Each phase logs its own network's terms: which network trained at each step.
  const trained = (m: (typeof train)[number]) => Object.keys(m.values).find((k) => /^loss\/[^/]+\/dice$/.test(k))?.split('/')[1];
  assert.deepEqual(train.map(trained), [...Array(3).fill('wide'), ...Array(3).fill('plain'), ...Array(4).fill('student')]);
  assert.ok('loss/student/dice' in train[9]!.values && 'loss/student/ce' in train[9]!.values);
  // Two unlabelled phantoms (ids after the 3 labelled ones): label maps on their grids, their images beside them.
  const dir = join(run.dir, 'pseudo-labels');
  for (const id of ['phantom_003', 'phantom_004']) {
    const [label, image] = await Promise.all([readNifti(join(dir, 'labels', `${id}.nii.gz`)), readNifti(join(dir, 'images', `${id}.nii.gz`))]);
    assert.deepEqual([label.dims, label.affine], [image.dims, image.affine]);
    assert.ok(label.data.every((l) => l === 0 || l === 1 || l === 2));
  }
  const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as { caseId: string; voxels: Record<string, number> }[];
  assert.deepEqual(index.map((e) => e.caseId), ['phantom_003', 'phantom_004']);
  assert.equal(Object.values(index[0]!.voxels).reduce((a, b) => a + b, 0), 24 ** 3);
  assert.ok(r.logs.some((l) => /pseudo-labelling 2 unlabelled case\(s\) with the ensemble of wide, plain/.test(l)));
  const report = readReport(run)!;
  assert.deepEqual(Object.keys(report.networks).sort(), ['plain', 'student', 'wide']);
});

test('region mode: sigmoid teachers and student, region metrics, composed predictions; a resumed student phase reuses the pseudo-labels', async () => {
  await initBackend();
  const { ws, configPath } = workspaceWith(tinyOmniConfig({ omniKD: regionMode, train: { steps: 4, teacherSteps: 3, batchSize: 1, patchSize: [16, 16, 16], valEvery: 3, checkpointEvery: 2, optimizer: 'amsgrad', schedule: 'constant' } }));
  let manager: RunManager | undefined;
  let id = '';
  const r = recorder(8, () => manager!.stop(id));
  manager = new RunManager(r.events);
  id = manager.start(configPath, ws).runId;
  await manager.shutdownWhenIdle();
  assert.equal(r.statuses.at(-1), 'stopped', r.logs.join('\n'));
  const run = openRun(ws, id);
  const label = join(run.dir, 'pseudo-labels', 'labels', 'phantom_003.nii.gz');
  const written = statSync(label).mtimeMs;
  const train = r.metrics.filter((m) => m.kind === 'train');
  assert.ok('loss/wide/bce' in train[0]!.values && 'loss/student/bce' in train[7]!.values);
  const evals = r.metrics.filter((m) => m.kind === 'eval');
  assert.deepEqual(Object.keys(evals[0]!.values).sort(), ['val/dice/kidney', 'val/dice/mean', 'val/dice/organs', 'val/wide/dice/mean']);

  const r2 = recorder();
  const again = new RunManager(r2.events);
  again.start(configPath, ws, id);
  await again.shutdownWhenIdle();
  assert.equal(r2.statuses.at(-1), 'completed', r2.logs.join('\n'));
  assert.equal(statSync(label).mtimeMs, written, 'the resumed student phase read the pseudo-labels, not made new ones');
  const manifest = JSON.parse(readFileSync(join(run.dir, 'checkpoints', 'student', 'manifest.json'), 'utf8')) as { spec: { outputActivation: string }; meta: { data: { activation: string; regions: { regions: { name: string }[] } } } };
  assert.deepEqual([manifest.spec.outputActivation, manifest.meta.data.activation, manifest.meta.data.regions.regions.map((x) => x.name)], ['sigmoid', 'sigmoid', ['organs', 'kidney']]);
  const report = readReport(run)!;
  assert.deepEqual(Object.keys(report.networks['student']!.perClassDice!).sort(), ['1', '2', 'kidney', 'organs']);
  const p = report.predictions![0]!;
  const [image, pred] = await Promise.all([readNifti(p.image), readNifti(p.byNetwork!['student']!)]);
  assert.deepEqual([pred.dims, pred.affine], [image.dims, image.affine]);
  assert.ok(pred.data.every((l) => l === 0 || l === 1 || l === 2));
  assert.ok(existsSync(join(run.dir, 'pseudo-labels', 'index.json')));
});

test('omniKD without unlabelled cases is refused with a line saying where they come from', async () => {
  await initBackend();
  const { ws, configPath } = workspaceWith(tinyOmniConfig({ data: { synthetic: { cases: 3, size: [24, 24, 24], organs: 2 }, validation: { count: 1 } } }));
  const r = recorder();
  const manager = new RunManager(r.events);
  manager.start(configPath, ws);
  await manager.shutdownWhenIdle();
  assert.equal(r.statuses.at(-1), 'failed');
  assert.ok(r.logs.some((l) => /omniKD: no unlabelled cases to pseudo-label \(data\.unlabeled, data\.synthetic\.unlabeledCases or data\.testAsUnlabeled\)/.test(l)), r.logs.join('\n'));
});
