import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../../src/engine/backend/initBackend';
import { RunManager } from '../../../src/engine/runs/runManager';
import type { RunManagerEvents } from '../../../src/engine/runs/runManager';
import { openRun, readMetrics, readReport } from '../../../src/engine/runs/runStore';
import { readNifti } from '../../../src/engine/io/readNifti';
import { writeNifti } from '../../../src/engine/io/writeNifti';
import { generatePhantom } from '../../../src/engine/data/phantom';
import { cascadeInferWithCheckpoints } from '../../../src/engine/methods/cascadeInferWithCheckpoints';
import type { RunStatus } from '../../../src/engine/protocol';

// A cascade on 24³ phantoms (2 organs, 2 unlabelled): coarse stage on a 16³ grid, fine stage on each ROI at 8³.
function stageConfig(stage: 'coarse' | 'fine', extra: Record<string, unknown> = {}): object {
  return {
    name: `ct-${stage}`,
    method: 'crossTeachingKD',
    data: { synthetic: { cases: 4, size: [24, 24, 24], organs: 2, seed: 3, unlabeledCases: 2 }, validation: { count: 1, seed: 0 } },
    networks: {
      T1: { role: 'teacher', model: { features: [4, 8], blocksPerLevel: 1, squeezeExcitation: false, upsampling: 'transposed' } },
      T2: { role: 'teacher', model: { features: [4, 8], blocksPerLevel: 1, squeezeExcitation: false, upsampling: 'resizeConv' } },
      S: { role: 'student', model: { features: [2, 4], blocksPerLevel: 1, separable: true, squeezeExcitation: false } },
    },
    preprocess: { grid: stage === 'coarse' ? [16, 16, 16] : [8, 8, 8] },
    train: { steps: 4, patchSize: [8, 8, 8], valEvery: 4, checkpointEvery: 4 },
    augment: { probability: 0 },
    inference: { overlap: 0, batchSize: 1 },
    methodOptions: { stage, ...extra },
  };
}

async function runConfig(ws: string, config: object): Promise<{ runId: string; status: RunStatus | undefined }> {
  const path = join(ws, `${(config as { name: string }).name}.medkd.json`);
  writeFileSync(path, JSON.stringify(config));
  const statuses: RunStatus[] = [];
  const logs: string[] = [];
  const events: RunManagerEvents = { onStatus: (_id, s) => statuses.push(s), onMetrics: () => undefined, onTweak: () => undefined, log: (_l, m) => logs.push(String(m)) };
  const manager = new RunManager(events);
  const { runId } = manager.start(path, ws);
  await manager.shutdownWhenIdle();
  if (statuses.at(-1) !== 'completed') console.error(logs.slice(-5).join('\n'));
  return { runId, status: statuses.at(-1) };
}

test('crossTeachingKD trains a coarse and a fine stage of a cascade, and their checkpoints segment a new case', async () => {
  await initBackend();
  const ws = mkdtempSync(join(tmpdir(), 'medkd-ct-'));
  const baseline = tf.memory().numTensors;
  const coarse = await runConfig(ws, stageConfig('coarse'));
  assert.equal(coarse.status, 'completed');
  assert.equal(tf.memory().numTensors, baseline, 'tensors leaked across the coarse run');
  const run = openRun(ws, coarse.runId);
  const train = readMetrics(run).filter((m) => m.kind === 'train');
  assert.deepEqual(train.map((m) => m.step), [1, 2, 3, 4]);
  // Labelled and unlabelled steps alternate, each logging its own terms.
  assert.ok('loss/T2/focal' in train[0]!.values && 'loss/kd' in train[0]!.values && !('loss/ct/T1' in train[0]!.values));
  assert.ok('loss/ct/S' in train[1]!.values && 'loss/kd/unlabelled' in train[1]!.values && !('loss/S/dice' in train[1]!.values));
  assert.equal(train[0]!.values['lr'], 0.01, "Choi's lr by default");
  const evals = readMetrics(run).filter((m) => m.kind === 'eval');
  assert.ok(['val/S/dice/mean', 'val/T1/dice/mean', 'val/T2/dice/mean'].every((k) => Number.isFinite(evals.at(-1)!.values[k])));
  const report = readReport(run)!;
  assert.deepEqual(Object.keys(report.networks).sort(), ['S', 'T1', 'T2']);
  assert.ok(report.networks['S']!.flops < report.networks['T1']!.flops);
  const studentCheckpoint = join(run.dir, 'checkpoints', 'S');
  const meta = JSON.parse(readFileSync(join(studentCheckpoint, 'manifest.json'), 'utf8')) as { meta: { data: { cascade: { stage: string }; preprocess: { grid: number[] } } } };
  assert.equal(meta.meta.data.cascade.stage, 'coarse');
  assert.deepEqual(meta.meta.data.preprocess.grid, [16, 16, 16]);

  const fine = await runConfig(ws, stageConfig('fine', { coarseCheckpoint: studentCheckpoint }));
  assert.equal(fine.status, 'completed');
  assert.equal(tf.memory().numTensors, baseline, 'tensors leaked across the fine run');
  const fineRun = openRun(ws, fine.runId);
  assert.deepEqual(readdirSync(join(fineRun.dir, 'roi', 'imagesUnlabeled')).sort(), ['phantom_004.nii.gz', 'phantom_005.nii.gz']);
  const fineCheckpoint = join(fineRun.dir, 'checkpoints', 'S');

  const { image } = generatePhantom(9, { size: [24, 24, 24], spacing: [2, 2, 2], organs: 2, modality: 'ct', seed: 3 });
  const input = join(ws, 'new.nii.gz');
  await writeNifti(input, image, { datatype: 'float32' });
  const [out] = await cascadeInferWithCheckpoints(studentCheckpoint, fineCheckpoint, input, join(ws, 'new-pred.nii.gz'));
  const pred = await readNifti(out!);
  assert.deepEqual(pred.dims, image.dims);
  assert.deepEqual(pred.affine, (await readNifti(input)).affine);
  assert.ok(existsSync(out!));
});
