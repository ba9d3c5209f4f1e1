import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { CHECKPOINT_MANIFEST, VARIABLES_MANIFEST, loadCheckpoint, loadVariablesInto, loadWeightsInto, saveCheckpoint, saveVariables } from '../../../src/engine/models/checkpoint';
import { createUNet } from '../../../src/engine/models/createUNet';
import type { ModelSpec } from '../../../src/engine/models/modelSpec';
import type { Network } from '../../../src/engine/models/network';
import { createSgd } from '../../../src/engine/training/optimizers/sgdOptimizer';
import type { Optimizer } from '../../../src/engine/training/optimizers/optimizer';
import { variableGradients } from '../../../src/engine/training/optimizers/variableGradients';
import { randomTensor, take, useCpu } from './testing';

const tiny: Partial<ModelSpec> = { features: [2, 4], blocksPerLevel: 1, seReduction: 2, upsampling: 'nearest' };
let root = '';

before(async () => {
  await useCpu();
  root = await fs.mkdtemp(join(tmpdir(), 'medkd-ckpt-'));
});
after(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

const sgd = (): Optimizer => createSgd({ learningRate: 0.1, momentum: 0.9, nesterov: true, weightDecay: 1e-3 });

function trainStep(net: Network, opt: Optimizer, x: tf.Tensor5D): void {
  const { value, grads } = variableGradients(() =>
    tf.tidy(() => {
      const out = net.apply(x, { training: true });
      tf.dispose(out.features);
      return tf.mean(tf.square(out.logits)) as tf.Scalar;
    }), net.variables);
  opt.applyGradients(grads, net.variables);
  tf.dispose([value, ...grads.values()]);
}

function logitsOf(net: Network, x: tf.Tensor5D): number[] {
  const out = net.apply(x, { training: false });
  tf.dispose(out.features);
  return take(out.logits);
}

test('save then load restores the spec, the weights and the optimiser state, so training resumes exactly', async () => {
  const dir = join(root, 'resume');
  const x = randomTensor<tf.Rank.R5>([1, 4, 4, 4, 1], 1);
  const a = createUNet(tiny, { name: 'student', seed: 2 });
  const optA = sgd();
  trainStep(a, optA, x);
  await saveCheckpoint(dir, a, { optimizer: optA, meta: { step: 1, epoch: 0 } });
  const optB = sgd();
  const count = tf.memory().numTensors;
  const loaded = await loadCheckpoint(dir, { optimizer: optB });
  // New tensors: the network's variables and the optimiser's momentum slots, nothing else.
  assert.equal(tf.memory().numTensors, count + 2 * a.variables.size);
  const b = loaded.network;
  assert.equal(b.name, 'student');
  assert.deepEqual(b.spec, a.spec);
  assert.deepEqual(loaded.meta, { step: 1, epoch: 0 });
  assert.ok(loaded.optimizerRestored);
  assert.equal(optB.step, 1);
  assert.deepEqual(logitsOf(b, x), logitsOf(a, x));
  trainStep(a, optA, x);
  trainStep(b, optB, x);
  assert.deepEqual(logitsOf(b, x), logitsOf(a, x)); // bit-identical after a resumed step
  tf.dispose(x);
  [a, b].forEach((n) => n.dispose());
  [optA, optB].forEach((o) => o.dispose());
});

test('a second save replaces the first whole and leaves no stale binaries', async () => {
  const dir = join(root, 'twice');
  const net = createUNet(tiny, { name: 'n', seed: 3 });
  await saveCheckpoint(dir, net);
  await fs.writeFile(join(dir, 'weights-stale.bin'), 'left by a crash');
  net.variables.get('head.w')?.assign(tf.onesLike(net.variables.get('head.w') as tf.Variable));
  await saveCheckpoint(dir, net);
  const files = (await fs.readdir(dir)).sort();
  assert.equal(files.length, 2, `${files}`);
  assert.ok(files.includes(CHECKPOINT_MANIFEST) && /^weights-.*\.bin$/.test(files[1] ?? ''));
  const other = createUNet(tiny, { name: 'n', seed: 4 });
  await loadWeightsInto(dir, other);
  assert.ok(take(tf.clone(other.variables.get('head.w') as tf.Variable)).every((v) => v === 1));
  net.dispose();
  other.dispose();
});

test('loading checks names, shapes and bytes, naming the file and the variable', async () => {
  const dir = join(root, 'checks');
  const net = createUNet(tiny, { name: 'n' });
  await saveCheckpoint(dir, net);
  const manifest = JSON.parse(await fs.readFile(join(dir, CHECKPOINT_MANIFEST), 'utf8')) as { weights: { file: string } };
  const bin = join(dir, manifest.weights.file);
  const wider = createUNet({ ...tiny, features: [2, 8] }, { name: 'wide' });
  await assert.rejects(loadWeightsInto(dir, wider), new RegExp(`${bin}: variable enc1.block0.conv1.w has shape \\[3,3,3,2,4\\], network wide expects \\[3,3,3,2,8\\]`));
  const noSe = createUNet({ ...tiny, squeezeExcitation: false }, { name: 'plain' });
  await assert.rejects(loadWeightsInto(dir, noSe), /variable dec0.se.fc1.w is not in network plain/);
  const withGroups = createUNet({ ...tiny, norm: 'none' }, { name: 'nonorm' });
  await assert.rejects(loadWeightsInto(dir, withGroups), /variable stem.norm.gamma is not in network nonorm/);
  await fs.truncate(bin, 100);
  await assert.rejects(loadCheckpoint(dir), new RegExp(`${bin}: 100 bytes, manifest says \\d+`));
  await assert.rejects(loadCheckpoint(join(root, 'nowhere')), /nowhere\/manifest.json: cannot read/);
  [net, wider, noSe, withGroups].forEach((n) => n.dispose());
});

test('variables outside a network (feature adapters) round-trip; a second save replaces the binary; mismatches name the variable', async () => {
  const dir = join(root, 'adapters');
  const make = (seed: number) => new Map<string, tf.Variable>([['adapter/a.w', tf.variable(randomTensor([1, 1, 1, 2, 3], seed))], ['adapter/a.b', tf.variable(tf.tensor1d([0.5, -1, 2]))]]);
  const saved = make(1);
  await saveVariables(dir, 'student.adapters', saved, { step: 4 });
  await saveVariables(dir, 'student.adapters', saved, { step: 5 });
  assert.equal((await fs.readdir(dir)).filter((f) => f.endsWith('.bin')).length, 1);
  const manifest = JSON.parse(await fs.readFile(join(dir, VARIABLES_MANIFEST), 'utf8')) as { name: string; meta: { step: number } };
  assert.deepEqual([manifest.name, manifest.meta.step], ['student.adapters', 5]);
  const loaded = make(2);
  await loadVariablesInto(dir, loaded);
  for (const [k, v] of saved) assert.deepEqual(Array.from(loaded.get(k)!.dataSync()), Array.from(v.dataSync()), k);
  const other = new Map([['adapter/a.w', tf.variable(tf.zeros([1, 1, 1, 2, 4]))]]);
  await assert.rejects(loadVariablesInto(dir, other), /variables\.json: variable adapter\/a\.w has shape \[1,1,1,2,3\], expected \[1,1,1,2,4\]/);
  const missing = new Map([['adapter/b.w', tf.variable(tf.zeros([1]))]]);
  await assert.rejects(loadVariablesInto(dir, missing), /variable adapter\/b\.w is missing/);
  await assert.rejects(loadVariablesInto(join(root, 'nowhere'), saved), /nowhere\/variables\.json: cannot read/);
  tf.dispose([...saved.values(), ...loaded.values(), ...other.values(), ...missing.values()]);
});
