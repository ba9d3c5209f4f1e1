import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { createUNet } from '../../../src/engine/models/createUNet';
import { loadDataset } from '../../../src/engine/data/loadDataset';
import { BatchMaker } from '../../../src/engine/data/batchMaker';
import { batchToTensors } from '../../../src/engine/methods/experimentData';
import type { BuiltNetwork } from '../../../src/engine/methods/buildNetworks';
import { crossTeachingBatchKind, crossTeachingPhase } from '../../../src/engine/methods/crossTeachingPhase';
import type { CrossTeachingOptions } from '../../../src/engine/methods/crossTeachingOptions';
import { p1FocalOptions } from '../../../src/engine/losses/focalLoss';
import { createAdam } from '../../../src/engine/training/optimizers/adamOptimizer';
import { HyperStore } from '../../../src/engine/training/hyperStore';
import { RunControl } from '../../../src/engine/training/runControl';
import { trainLoop } from '../../../src/engine/training/trainLoop';
import type { Phase, TensorBatch } from '../../../src/engine/training/trainLoop';
import type { MetricRecord } from '../../../src/engine/protocol';
import { useCpu } from '../models/testing';

before(useCpu);

const OPTIONS: CrossTeachingOptions = {
  studentPseudoLabel: true,
  rampUpPer: 'epoch',
  stepsPerEpoch: 4,
  segDiceWeight: 1,
  segFocalWeight: 1,
  focal: p1FocalOptions,
  kdTemperatureSquared: true,
  unlabelledKdRampPower: 2,
};

test('the two-stream sampler alternates labelled and unlabelled steps, labelled first', () => {
  assert.deepEqual([0, 1, 2, 3, 4, 5].map(crossTeachingBatchKind), ['labelled', 'unlabelled', 'labelled', 'unlabelled', 'labelled', 'unlabelled']);
});

function trio(): { student: BuiltNetwork; teachers: [BuiltNetwork, BuiltNetwork] } {
  const net = (name: string, role: 'teacher' | 'student', spec: Parameters<typeof createUNet>[0], seed: number): BuiltNetwork => ({ name, role, frozen: false, network: createUNet(spec, { name, seed }) });
  const teacher = { inChannels: 1, outChannels: 3, features: [4, 8], blocksPerLevel: 1, squeezeExcitation: false };
  return {
    student: net('S', 'student', { ...teacher, features: [2, 4], separable: true }, 3),
    teachers: [net('T1', 'teacher', { ...teacher, upsampling: 'transposed' }, 1), net('T2', 'teacher', { ...teacher, upsampling: 'resizeConv' }, 2)],
  };
}

test('joint phase: one optimiser over "<net>/" variables, alternating losses, labelled loss falls, tensor counts flat', async () => {
  // Phantoms 24³ with 2 organs (3 classes), 8³ patches; one fixed labelled and one fixed unlabelled batch so the
  // few steps can only overfit them.
  const dataset = await loadDataset({ synthetic: { cases: 2, size: [24, 24, 24], organs: 2, seed: 3, unlabeledCases: 1 } });
  const maker = new BatchMaker(dataset, { sampling: { patchSize: [8, 8, 8], batchSize: 1, foregroundFraction: 1, seed: 0 }, preprocess: { normalize: 'auto', ctWindow: [-300, 300], cropToForeground: false, normalizePerPatch: true }, augment: false });
  const fixed = { labelled: await maker.make('labelled', 0), unlabelled: await maker.make('unlabelled', 0) };
  assert.equal(fixed.unlabelled.label, undefined);
  const t = trio();
  const phase = (steps: number): Phase => crossTeachingPhase(t, steps, 3, OPTIONS, undefined);
  const keys = [...phase(1).variables().keys()];
  assert.ok(keys.some((k) => k.startsWith('S/')) && keys.some((k) => k.startsWith('T1/')) && keys.some((k) => k.startsWith('T2/')));
  assert.equal(keys.length, [t.student, ...t.teachers].reduce((n, b) => n + b.network.variables.size, 0));
  const before = [t.student, ...t.teachers].map((b) => Array.from([...b.network.variables.values()].at(-1)!.dataSync()));

  const optimizer = createAdam({ learningRate: 0.003, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, amsgrad: false, weightDecay: 0, decoupledWeightDecay: false });
  const records: MetricRecord[] = [];
  const run = (steps: number) =>
    trainLoop({
      phases: [phase(steps)],
      optimizerFor: () => optimizer,
      nextBatch: async (kind): Promise<TensorBatch> => batchToTensors(fixed[kind]),
      hyper: new HyperStore([
        { name: 'lr', doc: '', value: 0.003, min: 0, max: 1 },
        { name: 'kdWeight', doc: '', value: 10, min: 0, max: 100 },
        { name: 'ctWeight', doc: '', value: 0.1, min: 0, max: 10 },
        { name: 'temperature', doc: '', value: 1, min: 0.1, max: 20 },
        { name: 'rampUpLength', doc: '', value: 16, min: 0, max: 100 },
      ]),
      control: new RunControl(),
      schedule: 'constant',
      warmupSteps: 0,
      valEvery: 0,
      checkpointEvery: 1000,
      logEvery: 1,
      onMetrics: (r) => records.push(r),
      onTweaks: () => undefined,
      onCheckpoint: async () => undefined,
    });
  await run(2); // creates the optimiser's slots
  const baseline = tf.memory().numTensors;
  records.length = 0;
  await run(16);
  assert.equal(tf.memory().numTensors, baseline, 'tensors leaked over 16 joint steps');

  // Even phase steps (global 1, 3, ...) are labelled: segmentation of all three nets + KD; odd ones cross teaching.
  const labelled = records.filter((_, i) => i % 2 === 0);
  const unlabelled = records.filter((_, i) => i % 2 === 1);
  for (const r of labelled) for (const k of ['S/dice', 'S/focal', 'T1/dice', 'T1/focal', 'T2/dice', 'T2/focal', 'kd']) assert.ok(`loss/${k}` in r.values, `step ${r.step}: loss/${k}`);
  for (const r of unlabelled) for (const k of ['ct/T1', 'ct/T2', 'ct/S', 'kd/unlabelled']) assert.ok(`loss/${k}` in r.values, `step ${r.step}: loss/${k}`);
  assert.ok(!('loss/ct/T1' in labelled[0]!.values) && !('loss/S/dice' in unlabelled[0]!.values));
  // Ramp length 16 steps, 4 per epoch: r = e^−5 in epoch 0, so loss/kd / (10·r) is the KL itself.
  const kl0 = labelled[0]!.values['loss/kd']! / (10 * Math.exp(-5));
  assert.ok(kl0 > 0 && kl0 < 5, `KL ${kl0}`);
  // The supervised part (Dice + focal of the three nets) does not depend on the ramp, which grows the KD term.
  const seg = (r: MetricRecord) => Object.entries(r.values).filter(([k]) => /^loss\/(S|T1|T2)\/(dice|focal)$/.test(k)).reduce((a, [, v]) => a + v, 0);
  const first = seg(labelled[0]!);
  const last = seg(labelled.at(-1)!);
  assert.ok(last < first - 0.1, `supervised loss ${first} → ${last}`);
  labelled.slice(1).forEach((r, i) => assert.ok(seg(r) < seg(labelled[i]!), `supervised loss rose at step ${r.step}`));
  // All three networks moved: one optimiser trains them jointly.
  [t.student, ...t.teachers].forEach((b, i) => {
    const after = Array.from([...b.network.variables.values()].at(-1)!.dataSync());
    assert.ok(after.some((x, j) => x !== before[i]![j]), `${b.name} did not train`);
  });
  optimizer.dispose();
  for (const b of [t.student, ...t.teachers]) b.network.dispose();
});
