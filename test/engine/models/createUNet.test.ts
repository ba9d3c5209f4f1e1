import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '../../../src/engine/backend/initBackend';
import { crossEntropyLoss } from '../../../src/engine/losses/crossEntropyLoss';
import { softDiceLoss } from '../../../src/engine/losses/softDiceLoss';
import { createUNet } from '../../../src/engine/models/createUNet';
import type { ModelSpec } from '../../../src/engine/models/modelSpec';
import { brainTumorStudentPreset, seResUNetPreset, studentPreset, teacherPreset } from '../../../src/engine/models/modelPresets';
import { createAdam } from '../../../src/engine/training/optimizers/adamOptimizer';
import { variableGradients } from '../../../src/engine/training/optimizers/variableGradients';
import { assertNoLeak, randomTensor, take, useCpu } from './testing';

before(useCpu);

// Two levels of 2 and 4 channels, one residual block each, SE with reduction 2, nearest upsampling.
const tiny: Partial<ModelSpec> = {
  inChannels: 1,
  outChannels: 2,
  features: [2, 4],
  blocksPerLevel: 1,
  seReduction: 2,
  upsampling: 'nearest',
};

test('parameter count of a tiny spec matches the hand count', () => {
  // stem conv 27·1·2 + 2 = 56, stem norm 4;
  // enc0 block (2→2): 2 convs of 27·2·2 + 2 = 110, 2 norms of 4 → 228;
  // enc1 block (2→4, stride 2): conv 27·2·4 + 4 = 220, conv 27·4·4 + 4 = 436, skip 1×1 2·4 = 8, 3 norms of 8 → 688;
  // dec0: up 1×1 4·2 = 8; SE 2→1→2: (2 + 1) + (2 + 2) = 7; block conv 27·4·2 + 2 = 218, conv 110, 2 norms of 4 → 336;
  // head 2·2 = 4. Total 56 + 4 + 228 + 688 + 8 + 7 + 336 + 4 = 1331.
  const net = createUNet(tiny, { name: 'tiny' });
  assert.equal(net.params(), 1331);
  const noBias = createUNet({ ...tiny, convBias: false, squeezeExcitation: false }, { name: 'tiny' });
  // Without block-conv biases (2 + 2 + 4 + 4 + 2 + 2 = 16) and without SE (7): 1331 − 16 − 7 = 1308.
  assert.equal(noBias.params(), 1308);
  net.dispose();
  noBias.dispose();
});

test('FLOPs of a tiny spec match the hand count', () => {
  // Input 4×4×4×1: level 0 has 64 voxels, level 1 has 8. FLOPs = 2 · voxels · k³ · Cin · Cout.
  // stem 2·64·27·1·2 = 6912; enc0 2 × 2·64·27·2·2 = 27648; enc1 2·8·27·2·4 + 2·8·27·4·4 + skip 2·8·2·4 = 10496;
  // up (1×1 at level 1, before the nearest copy) 2·8·4·2 = 128; SE twice 2 · (2·2·1 + 2·1·2) = 16;
  // dec0 2·64·27·4·2 + 2·64·27·2·2 = 41472; head 2·64·2·2 = 512. Total 87184.
  const net = createUNet(tiny, { name: 'tiny' });
  assert.equal(net.flops([4, 4, 4, 1]), 87184);
  net.dispose();
});

test('forward pass: logits and feature shapes, the same weights for the same seed, no leaked tensors', () => {
  const a = createUNet(tiny, { name: 'a', seed: 3 });
  const b = createUNet(tiny, { name: 'b', seed: 3 });
  const c = createUNet(tiny, { name: 'c', seed: 4 });
  const x = randomTensor<tf.Rank.R5>([2, 4, 4, 4, 1], 1);
  const run = (net: typeof a): number[] =>
    assertNoLeak(() => {
      const out = net.apply(x, { training: true });
      assert.deepEqual(out.logits.shape, [2, 4, 4, 4, 2]);
      assert.deepEqual(out.features.map((f) => f.shape), [[2, 2, 2, 2, 4], [2, 4, 4, 4, 2]]);
      const v = Array.from(out.logits.dataSync());
      tf.dispose([out.logits, ...out.features]);
      return v;
    }, `${net.name}.apply`);
  const ya = run(a);
  assert.deepEqual(run(b), ya);
  assert.notDeepEqual(run(c), ya);
  assert.ok(ya.every(Number.isFinite));
  const before = tf.memory().numTensors;
  a.dispose();
  assert.equal(tf.memory().numTensors, before - a.variables.size);
  tf.dispose(x);
  b.dispose();
  c.dispose();
});

test('variable names are stable and checkpoint-friendly', () => {
  const net = createUNet(tiny, { name: 'n' });
  const names = [...net.variables.keys()];
  assert.equal(names[0], 'stem.conv.w');
  assert.ok(names.includes('enc1.block0.skip.w'));
  assert.ok(names.includes('dec0.se.fc1.w'));
  assert.equal(names.at(-1), 'head.w');
  net.dispose();
});

test('input checks name the problem', () => {
  const net = createUNet(tiny, { name: 'n' });
  const odd = tf.zeros([1, 3, 4, 4, 1]) as tf.Tensor5D;
  const twoCh = tf.zeros([1, 4, 4, 4, 2]) as tf.Tensor5D;
  const before = tf.memory().numTensors;
  assert.throws(() => net.apply(odd, { training: false }), /3×4×4 is not divisible by 2/);
  assert.throws(() => net.apply(twoCh, { training: false }), /2 channels, spec says 1/);
  assert.equal(tf.memory().numTensors, before);
  tf.dispose([odd, twoCh]);
  net.dispose();
});

test('group norm, plain blocks and per-level block counts build and run', () => {
  // features [8, 8], groups 4, blocks [2, 1], not residual: enc0 has 2 plain blocks.
  const net = createUNet({ ...tiny, features: [8, 8], norm: 'group', groups: 4, residual: false, blocksPerLevel: [2, 1] }, { name: 'g' });
  assert.ok(net.variables.has('enc0.block1.conv2.w'));
  assert.ok(net.variables.has('enc0.block1.norm2.gamma'));
  assert.ok(!net.variables.has('enc1.block0.skip.w'));
  const x = randomTensor<tf.Rank.R5>([1, 2, 2, 2, 1], 2);
  assertNoLeak(() => {
    const out = net.apply(x, { training: false });
    assert.deepEqual(out.logits.shape, [1, 2, 2, 2, 2]);
    tf.dispose([out.logits, ...out.features]);
  }, 'apply');
  tf.dispose(x);
  net.dispose();
});

test('a few Adam steps on a toy problem lower the loss with flat tensor counts', () => {
  // Toy task on one 4×4×4 patch: class 1 where the input is positive. Loss = CE + P1 Dice; Adam lr 0.01, 8 steps.
  const net = createUNet({ ...tiny, features: [4, 8] }, { name: 'toy', seed: 1 });
  const x = randomTensor<tf.Rank.R5>([1, 4, 4, 4, 1], 5);
  const y = tf.tidy(() => tf.oneHot(tf.cast(tf.reshape(tf.greater(x, 0), [1, 4, 4, 4]), 'int32'), 2)) as tf.Tensor5D;
  const opt = createAdam({ learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, amsgrad: true, weightDecay: 0, decoupledWeightDecay: false });
  const losses: number[] = [];
  let count = -1;
  for (let step = 0; step < 8; step++) {
    const { value, grads } = variableGradients(() =>
      tf.tidy(() => {
        const { logits, features } = net.apply(x, { training: true });
        tf.dispose(features);
        return tf.add(crossEntropyLoss(logits, y), softDiceLoss(tf.softmax(logits) as tf.Tensor5D, y)) as tf.Scalar;
      }), net.variables);
    assert.equal(grads.size, net.variables.size, 'every variable gets a gradient');
    opt.applyGradients(grads, net.variables);
    losses.push(take(value)[0] ?? NaN);
    tf.dispose([...grads.values()]);
    if (step === 1) count = tf.memory().numTensors; // optimiser slots exist from step 1 on
    if (step > 1) assert.equal(tf.memory().numTensors, count, `step ${step} leaked`);
  }
  assert.ok(losses.every(Number.isFinite), `${losses}`);
  assert.ok((losses.at(-1) ?? NaN) < (losses[0] ?? NaN) - 0.1, `loss did not drop: ${losses.map((l) => l.toFixed(4))}`);
  tf.dispose([x, y]);
  opt.dispose();
  net.dispose();
});

test('separable spec: parameter and FLOP counts by hand, and a forward pass', () => {
  // Separable conv = depthwise 27·Cin + Cin bias, then pointwise Cin·Cout + Cout bias; stem, skip, up and head stay regular.
  // stem 56 + 4; enc0 2 × (56 + 6) + 8 = 132; enc1 conv1 (54 + 2) + (8 + 4) = 68, conv2 (108 + 4) + (16 + 4) = 132,
  // norms 16, skip 8 + 8 → 232; dec0 up 8, SE 7, conv1 (108 + 4) + (8 + 2) = 122, conv2 62, norms 8 → 207; head 4.
  // Total 60 + 132 + 232 + 207 + 4 = 635.
  // FLOPs at 4×4×4×1: stem 6912; enc0 2 · 2·64·(27·2 + 2·2) = 14848; enc1 2·8·(54 + 8) + 2·8·(108 + 16) + skip 128 = 3104;
  // up 128; SE 16; dec0 2·64·(108 + 8) + 2·64·(54 + 4) = 22272; head 512 → 47792.
  const net = createUNet({ ...tiny, separable: true }, { name: 's' });
  assert.equal(net.params(), 635);
  assert.equal(net.flops([4, 4, 4, 1]), 47792);
  const x = randomTensor<tf.Rank.R5>([1, 4, 4, 4, 1], 6);
  assertNoLeak(() => {
    const out = net.apply(x, { training: true });
    assert.deepEqual(out.logits.shape, [1, 4, 4, 4, 2]);
    assert.ok(take(out.logits).every(Number.isFinite));
    tf.dispose(out.features);
  }, 'apply');
  tf.dispose(x);
  net.dispose();
});

test('every upsampling kind runs inside the network, and trace shapes match the tensors', () => {
  const x = randomTensor<tf.Rank.R5>([1, 4, 4, 4, 1], 7);
  for (const upsampling of ['nearest', 'transposed', 'resizeConv'] as const) {
    const net = createUNet({ ...tiny, upsampling }, { name: upsampling });
    assertNoLeak(() => {
      const out = net.apply(x, { training: false });
      assert.deepEqual(out.logits.shape, [1, 4, 4, 4, 2]);
      tf.dispose([out.logits, ...out.features]);
    }, upsampling);
    net.dispose();
  }
  tf.dispose(x);
});

test('presets: the student needs under 1/8 of the teacher FLOPs at the same patch', () => {
  const teacher = createUNet(teacherPreset(), { name: 't' });
  const student = createUNet(studentPreset(), { name: 's' });
  const patch: [number, number, number, number] = [96, 64, 96, 1];
  assert.ok(student.flops(patch) * 8 <= teacher.flops(patch), `${student.flops(patch)} vs ${teacher.flops(patch)}`);
  assert.equal(seResUNetPreset(0.25).features.join(), '8,16,32,64,128');
  assert.deepEqual(seResUNetPreset(1).blocksPerLevel, [1, 2, 3, 4, 5]);
  const brats = brainTumorStudentPreset();
  assert.equal(brats.inChannels * 10 + brats.outChannels, 43);
  assert.equal(brats.outputActivation, 'sigmoid');
  teacher.dispose();
  student.dispose();
});

test('cpu and wasm agree on the loss and every gradient of a training step, for each block kind', async () => {
  // Networks with the same seed on both backends; separable + group norm + resize-conv, and instance norm + transposed.
  // Loss CE + P1 Dice on a 4×4×4 patch. Tolerance: 1e-4 × max(largest |gradient| of the variable, 1e-2).
  const specs: Partial<ModelSpec>[] = [
    { ...tiny, features: [4, 8], upsampling: 'transposed' },
    { ...tiny, features: [4, 8], separable: true, norm: 'group', groups: 2, upsampling: 'resizeConv' },
  ];
  const stepOn = async (backend: 'cpu' | 'wasm', spec: Partial<ModelSpec>): Promise<Map<string, number[]>> => {
    await useBackend(backend);
    const net = createUNet(spec, { name: backend, seed: 11 });
    const x = randomTensor<tf.Rank.R5>([1, 4, 4, 4, 1], 12);
    const y = tf.tidy(() => tf.oneHot(tf.cast(tf.reshape(tf.greater(x, 0), [1, 4, 4, 4]), 'int32'), 2)) as tf.Tensor5D;
    const { value, grads } = variableGradients(() =>
      tf.tidy(() => {
        const { logits, features } = net.apply(x, { training: true });
        tf.dispose(features);
        return tf.add(crossEntropyLoss(logits, y), softDiceLoss(tf.softmax(logits) as tf.Tensor5D, y)) as tf.Scalar;
      }), net.variables);
    const out = new Map<string, number[]>([['loss', take(value)]]);
    for (const [name, g] of grads) out.set(name, take(g));
    tf.dispose([x, y]);
    net.dispose();
    return out;
  };
  try {
    for (const spec of specs) {
      const cpu = await stepOn('cpu', spec);
      const wasm = await stepOn('wasm', spec);
      assert.deepEqual([...wasm.keys()], [...cpu.keys()]);
      for (const [name, c] of cpu) {
        const w = wasm.get(name) ?? [];
        const scale = Math.max(1e-2, ...c.map(Math.abs)); // floor: biases before a norm have ~0 gradient
        const err = Math.max(...c.map((v, i) => Math.abs(v - (w[i] ?? NaN))));
        assert.ok(err <= 1e-4 * scale, `${spec.upsampling} ${name}: cpu vs wasm differ by ${err} (scale ${scale})`);
      }
    }
  } finally {
    await useCpu();
  }
});
