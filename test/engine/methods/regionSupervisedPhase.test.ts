import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { initBackend } from '../../../src/engine/backend/initBackend';
import { createUNet } from '../../../src/engine/models/createUNet';
import { createAdam } from '../../../src/engine/training/optimizers/adamOptimizer';
import { regionSupervisedPhase } from '../../../src/engine/methods/regionSupervisedPhase';
import { regionPreset } from '../../../src/engine/methods/regionSpec';
import type { TensorBatch } from '../../../src/engine/training/trainLoop';

before(async () => {
  await initBackend();
});

test('a sigmoid region network trained with AMSGrad on a fixed two-channel BraTS-like batch: ½(Dice + BCE) falls, tensors flat', () => {
  const regions = regionPreset('brats2015').regions;
  const net = { name: 'student', role: 'student' as const, frozen: false, network: createUNet({ inChannels: 2, outChannels: 3, features: [4, 8], blocksPerLevel: 1, norm: 'group', groups: 2, squeezeExcitation: false, outputActivation: 'sigmoid' }, { name: 'student', seed: 5 }) };
  const phase = regionSupervisedPhase(net, 10, regions, undefined);
  // 8³ patch: oedema (2) in z < 4, enhancing (4) in z ≥ 6, necrosis (1) between; channel 0 bright where tumour, channel 1 where enhancing.
  const label = new Int32Array(512).map((_, i) => (i < 256 ? 2 : i >= 384 ? 4 : 1));
  const image = tf.tensor5d(Float32Array.from({ length: 1024 }, (_, k) => (k % 2 === 0 ? 1 : label[k >> 1] === 4 ? 1 : 0) + 0.1 * Math.sin(k)), [1, 8, 8, 8, 2]);
  const labels = tf.tensor4d(label, [1, 8, 8, 8], 'int32');
  const opt = createAdam({ learningRate: 0.02, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, amsgrad: true, weightDecay: 1e-6, decoupledWeightDecay: false });
  const vars = phase.variables();
  const losses: number[] = [];
  const counts: number[] = [];
  for (let s = 0; s < 10; s++) {
    const batch: TensorBatch = { kind: 'labelled', image, label: labels, caseIds: ['c'] };
    const names: string[] = [];
    const { value, grads } = tf.variableGrads(() => {
      const t = phase.loss(batch, { step: s + 1, phaseStep: s, phaseSteps: 10, hyper: { segWeight: 1, bceBackgroundWeight: 0.01 } });
      names.push(...Object.keys(t.components));
      return t.total;
    }, [...vars.values()]);
    assert.deepEqual(names, ['student/dice', 'student/bce']);
    opt.applyGradients(new Map([...vars].map(([k, v]) => [k, grads[v.name]!])), vars);
    losses.push(value.dataSync()[0]!);
    tf.dispose([value, ...Object.values(grads)]);
    counts.push(tf.memory().numTensors);
  }
  assert.equal(new Set(counts.slice(1)).size, 1, `tensor counts ${counts}`);
  assert.ok(losses[9]! < 0.8 * losses[0]!, `loss ${losses.map((l) => l.toFixed(3)).join(' → ')}`);
  opt.dispose();
  tf.dispose([image, labels]);
  net.network.dispose();
});

test('a region phase refuses a network whose outputs do not match the regions', () => {
  const network = createUNet({ inChannels: 1, outChannels: 2, features: [2, 4], blocksPerLevel: 1, squeezeExcitation: false }, { name: 'x' });
  assert.throws(() => regionSupervisedPhase({ name: 'x', role: 'teacher', frozen: false, network }, 1, regionPreset('brats2023').regions, undefined), /x: 2 outputs for 3 regions/);
  network.dispose();
});
