import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { initBackend } from '../../../src/engine/backend/initBackend';
import type { Network } from '../../../src/engine/models/network';
import { resolveModelSpec } from '../../../src/engine/models/modelSpec';
import { createUNet } from '../../../src/engine/models/createUNet';
import { createFeatureAdapter } from '../../../src/engine/losses/featureAdapter';
import { msKdOptionsSchema } from '../../../src/engine/config/msKdOptionsSchema';
import type { BuiltNetwork } from '../../../src/engine/methods/buildNetworks';
import { msKdPhase } from '../../../src/engine/methods/msKdPhase';
import type { MsKdTeacher } from '../../../src/engine/methods/msKdPhase';
import type { TensorBatch } from '../../../src/engine/training/trainLoop';
import { createAdam } from '../../../src/engine/training/optimizers/adamOptimizer';

before(async () => {
  await initBackend();
});

/** A network with fixed outputs: logits and, at features[1] (level 0 of a 2-level spec), a 1-channel feature map. */
function fixed(name: string, logits: number[], channels: number, feature: number[]): BuiltNetwork {
  const network: Network = {
    name,
    spec: resolveModelSpec({ inChannels: 1, outChannels: channels, features: [1, 1] }),
    variables: new Map(),
    apply: () => tf.tidy(() => ({ logits: tf.tensor5d(logits, [1, 1, 1, 2, channels]), features: [tf.zeros([1, 1, 1, 1, 1]), tf.tensor5d(feature, [1, 1, 1, 2, 1])] })) as unknown as ReturnType<Network['apply']>,
    params: () => 0,
    flops: () => 0,
    dispose: () => undefined,
  };
  return { name, role: 'teacher', network, frozen: true };
}

/** A 1 → 1 adapter set to the identity (w = 1, b = 0). */
function identityAdapter(name: string) {
  const a = createFeatureAdapter(name, 1, 1);
  for (const [k, v] of a.variables) v.assign(k.endsWith('.b') ? tf.zeros(v.shape) : tf.ones(v.shape));
  return a;
}

test('on two voxels: each teacher supervises its organ and the agreed background; feature, supervised terms by hand', () => {
  // Teacher 1 (organ 1): v0 organ [0, ln 3] (P = [.25, .75]), v1 background [ln 3, 0]. Teacher 2 (organ 2): background at both.
  // Regions: O1 = {v0}, O2 = {}, agreed background B = {v1} → R1 = {v0, v1}, R2 = {v1}.
  const t1 = fixed('liver', [0, Math.log(3), Math.log(3), 0], 2, [0, 0]);
  const t2 = fixed('kidney', [Math.log(3), 0, Math.log(3), 0], 2, [0, 1]);
  // Student: v0 s = [.25, .25, .5], v1 s = [.5, .25, .25]; features [1, 2].
  const student = fixed('student', [0, 0, Math.log(2), Math.log(2), 0, 0], 3, [1, 2]);
  const teachers: MsKdTeacher[] = [
    { net: t1, organ: 1, key: 'liver', adapter: identityAdapter('a1') },
    { net: t2, organ: 2, key: 'kidney', adapter: identityAdapter('a2') },
  ];
  const phase = msKdPhase(teachers, { ...student, role: 'student' }, 1, msKdOptionsSchema.parse({ featureLevel: 0 }), undefined);
  assert.deepEqual([...phase.variables().keys()], ['adapter/liver/a1.w', 'adapter/liver/a1.b', 'adapter/kidney/a2.w', 'adapter/kidney/a2.b']);
  const batch: TensorBatch = { kind: 'labelled', image: tf.zeros([1, 1, 1, 2, 1]), label: tf.tensor4d([1, 0], [1, 1, 1, 2], 'int32'), caseIds: ['c'], annotated: [[1]] };
  const base = tf.memory().numTensors;
  const names: string[] = [];
  const stacked = tf.tidy(() => {
    const terms = phase.loss(batch, { step: 1, phaseStep: 0, phaseSteps: 1, hyper: { temperature: 1, logitWeight: 1, featureWeight: 0.5, supWeight: 2 } });
    names.push(...Object.keys(terms.components));
    return tf.stack([terms.total, ...Object.values(terms.components)]);
  });
  const values = Array.from(stacked.dataSync());
  stacked.dispose();
  assert.equal(tf.memory().numTensors, base);
  const total = values[0]!;
  const v = Object.fromEntries(names.map((k, i) => [k, values[i + 1]!]));
  assert.deepEqual(names, ['logit/liver', 'logit/kidney', 'feature', 'sup']);

  const kl = (p: number[], q: number[]) => p.reduce((s, pi, i) => s + pi * Math.log(pi / q[i]!), 0);
  // logit/liver: mean over {v0, v1} of KL(P1 ‖ [s0, s1]/(s0 + s1)): v0 Q = [.5, .5], v1 Q = [2/3, 1/3].
  const liver = (kl([0.25, 0.75], [0.5, 0.5]) + kl([0.75, 0.25], [2 / 3, 1 / 3])) / 2;
  // logit/kidney: v1 only, Q = [s0, s2]/(s0 + s2) = [2/3, 1/3].
  const kidney = kl([0.75, 0.25], [2 / 3, 1 / 3]);
  // feature: 0.5 · (mean over R1 of (f − 0)² = (1 + 4)/2, plus R2: (2 − 1)² = 1).
  const feature = 0.5 * (2.5 + 1);
  // sup: 2 · (Dice over organ 1: 1 − (.5 + ε)/(.25 + .25 + 1 + ε), CE: v0 −ln .25, v1 −ln(s0 + s2) = −ln .75).
  const sup = 2 * (1 - (0.5 + 1e-5) / (1.5 + 1e-5) + (-Math.log(0.25) - Math.log(0.75)) / 2);
  const close = (a: number, e: number, what: string) => assert.ok(Math.abs(a - e) < 1e-5, `${what}: ${a} vs ${e}`);
  close(v['logit/liver']!, liver, 'logit/liver');
  close(v['logit/kidney']!, kidney, 'logit/kidney');
  close(v['feature']!, feature, 'feature');
  close(v['sup']!, sup, 'sup');
  close(total, liver + kidney + feature + sup, 'total');
  tf.dispose([batch.image, batch.label!]);
  for (const t of teachers) t.adapter.dispose();
});

test('training the student and its adapters on a fixed batch lowers the loss; tensors stay flat step to step', () => {
  const mk = (name: string, out: number, features: number[], seed: number): BuiltNetwork => ({ name, role: 'teacher', network: createUNet({ inChannels: 1, outChannels: out, features, blocksPerLevel: 1, squeezeExcitation: false }, { name, seed }), frozen: true });
  const t1 = mk('liver', 2, [4, 8], 1);
  const t2 = mk('kidney', 2, [6, 8], 2);
  const student = { ...mk('student', 3, [2, 4], 3), role: 'student' as const, frozen: false };
  const teachers: MsKdTeacher[] = [t1, t2].map((t, k) => ({ net: t, organ: k + 1, key: t.name, adapter: createFeatureAdapter(`a${k}`, 4, t.network.spec.features[1]!, k) }));
  const phase = msKdPhase(teachers, student, 8, msKdOptionsSchema.parse({ featureLevel: 1 }), undefined);
  // One 8³ patch: label 1 in the lower half, 2 in a corner; the sample annotates only organ 1.
  const label = new Int32Array(512).map((_, i) => (i < 256 ? 1 : i % 8 < 2 ? 2 : 0));
  const image = tf.tensor5d(Float32Array.from(label, (l) => l * 0.7 + 0.1), [1, 8, 8, 8, 1]);
  const labels = tf.tensor4d(label, [1, 8, 8, 8], 'int32');
  const opt = createAdam({ learningRate: 0.02, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, amsgrad: false, weightDecay: 0, decoupledWeightDecay: false });
  const vars = phase.variables();
  const hyper = { temperature: 2, logitWeight: 1, featureWeight: 0.1, supWeight: 1 };
  const losses: number[] = [];
  const counts: number[] = [];
  for (let s = 0; s < 8; s++) {
    const batch: TensorBatch = { kind: 'labelled', image, label: labels, caseIds: ['c'], annotated: [[1]] };
    const { value, grads } = tf.variableGrads(() => phase.loss(batch, { step: s + 1, phaseStep: s, phaseSteps: 8, hyper }).total, [...vars.values()]);
    const byName = new Map([...vars].filter(([, v]) => grads[v.name]).map(([k, v]) => [k, grads[v.name]!]));
    assert.equal(byName.size, vars.size, 'every student and adapter variable gets a gradient');
    opt.applyGradients(byName, vars);
    losses.push(value.dataSync()[0]!);
    tf.dispose([value, ...Object.values(grads)]);
    counts.push(tf.memory().numTensors);
  }
  // Step 2 creates the optimiser's slots; from then on the count must not move.
  assert.deepEqual(new Set(counts.slice(1)).size, 1, `tensor counts ${counts}`);
  assert.ok(losses[7]! < 0.8 * losses[0]!, `loss ${losses.map((l) => l.toFixed(3)).join(' → ')}`);
  // The teachers never change: their variables are not the phase's.
  const trained = new Set(vars.values());
  assert.ok([...t1.network.variables.values(), ...t2.network.variables.values()].every((v) => !trained.has(v)));
  opt.dispose();
  tf.dispose([image, labels]);
  for (const t of teachers) t.adapter.dispose();
  for (const n of [t1, t2, student]) n.network.dispose();
});
