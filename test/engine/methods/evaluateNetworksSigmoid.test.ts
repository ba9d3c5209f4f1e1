// Sigmoid (region) networks through validation: per-region Dice of thresholded probabilities against the labels' regions.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { experimentConfigSchema } from '../../../src/engine/config/experimentConfig';
import type { Network } from '../../../src/engine/models/network';
import { resolveModelSpec } from '../../../src/engine/models/modelSpec';
import { prepareCase } from '../../../src/engine/data/prepareCase';
import type { Volume } from '../../../src/engine/io/volume';
import { identityAffine } from '../../../src/engine/io/volume';
import { validateNetwork } from '../../../src/engine/methods/evaluateNetworks';
import type { ExperimentData } from '../../../src/engine/methods/experimentData';
import type { BuiltNetwork } from '../../../src/engine/methods/buildNetworks';
import { regionPreset } from '../../../src/engine/methods/regionSpec';
import { tinyOmniConfig } from './tinyMsKdOmniConfigs';

before(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

/** A network reading the label straight from the intensity: region logits ±10 for WT (≥ 1), TC (1 or 3), ET (3), 2023 ids. */
function regionOracle(): Network {
  return {
    name: 'oracle',
    spec: resolveModelSpec({ inChannels: 1, outChannels: 3, outputActivation: 'sigmoid' }),
    variables: new Map(),
    apply: (x) =>
      tf.tidy(() => {
        const is = (v: number) => tf.cast(tf.equal(x, v), 'float32');
        const masks = [tf.cast(tf.greaterEqual(x, 1), 'float32'), tf.add(is(1), is(3)), is(3)];
        return { logits: tf.mul(tf.sub(tf.concat(masks, 4), 0.5), 20) as tf.Tensor5D, features: [] as tf.Tensor5D[] };
      }) as unknown as ReturnType<Network['apply']>,
    params: () => 0,
    flops: () => 0,
    dispose: () => undefined,
  };
}

// 8³ case, label by x: 2-3 oedema (2), 4 NETC (1), 5 ET (3). The image equals the label except the ET column's y < 4
// half, which reads 1: the oracle calls those voxels core but not enhancing.
function volume(f: (x: number, y: number) => number): Volume {
  const data = new Float32Array(512);
  for (let z = 0, i = 0; z < 8; z++) for (let y = 0; y < 8; y++) for (let x = 0; x < 8; x++, i++) data[i] = f(x, y);
  return { data, dims: [8, 8, 8], channels: 1, spacing: [1, 1, 1], affine: identityAffine(), sourceDatatype: 'float32' };
}
const labelOf = (x: number) => [0, 0, 2, 2, 1, 3, 0, 0][x]!;

test('validation of a sigmoid network: Dice per region (WT 1, TC 1, ET 2·32/(32 + 64)) and their mean', async () => {
  const label = volume((x) => labelOf(x));
  const image = volume((x, y) => (x === 5 && y < 4 ? 1 : labelOf(x)));
  const prepared = prepareCase({ id: 'v1', kind: 'labelled', image, label, annotated: [1, 2, 3], present: [1, 2, 3], absent: [] }, { normalize: 'none', ctWindow: [-300, 300], cropToForeground: false, minSize: [8, 8, 8] });
  const data = {
    labelNames: { 0: 'background', 1: 'NETC', 2: 'oedema', 3: 'ET' },
    validationIds: ['v1'],
    validationCase: async () => ({ id: 'v1', prepared, original: { image, label } }),
  } as unknown as ExperimentData;
  const regions = { ...regionPreset('brats2023'), threshold: 0.5, minComponentFraction: 0.1 };
  const net: BuiltNetwork = { name: 'oracle', role: 'student', network: regionOracle(), frozen: true, output: { activation: 'sigmoid', regions } };
  const config = experimentConfigSchema.parse(tinyOmniConfig({ train: { patchSize: [8, 8, 8] } }));
  const base = tf.memory().numTensors;
  const v = await validateNetwork(net, data, config);
  assert.equal(tf.memory().numTensors, base);
  assert.deepEqual(Object.keys(v).sort(), ['val/dice/ET', 'val/dice/TC', 'val/dice/WT', 'val/dice/mean', 'val/oracle/dice/mean']);
  assert.equal(v['val/dice/WT'], 1);
  assert.equal(v['val/dice/TC'], 1);
  assert.ok(Math.abs(v['val/dice/ET']! - 2 / 3) < 1e-12);
  assert.ok(Math.abs(v['val/dice/mean']! - (2 + 2 / 3) / 3) < 1e-12);
});

test('a binary single-organ teacher is validated on its organ only, mapped to the dataset id', async () => {
  // Softmax teacher for label 2: [background, organ] logits from "intensity == 2"; the case also holds labels 1 and 3.
  const label = volume((x) => labelOf(x));
  const image = volume((x, y) => (x === 3 && y < 2 ? 0 : labelOf(x)));
  const prepared = prepareCase({ id: 'v1', kind: 'labelled', image, label, annotated: [1, 2, 3], present: [1, 2, 3], absent: [] }, { normalize: 'none', ctWindow: [-300, 300], cropToForeground: false, minSize: [8, 8, 8] });
  const data = { labelNames: { 0: 'background', 1: 'a', 2: 'b', 3: 'c' }, validationIds: ['v1'], validationCase: async () => ({ id: 'v1', prepared, original: { image, label } }) } as unknown as ExperimentData;
  const teacher: Network = {
    ...regionOracle(),
    spec: resolveModelSpec({ inChannels: 1, outChannels: 2 }),
    apply: (x) => tf.tidy(() => ({ logits: tf.concat([tf.zerosLike(x), tf.mul(tf.sub(tf.cast(tf.equal(x, 2), 'float32'), 0.5), 20)], 4) as tf.Tensor5D, features: [] as tf.Tensor5D[] })) as unknown as ReturnType<Network['apply']>,
  };
  const net: BuiltNetwork = { name: 'b', role: 'teacher', network: teacher, frozen: true, output: { activation: 'softmax', labelIds: [0, 2] } };
  const v = await validateNetwork(net, data, experimentConfigSchema.parse(tinyOmniConfig({ train: { patchSize: [8, 8, 8] } })));
  // Label 2 covers 128 voxels; the teacher misses 2·8 of them: Dice = 2·112/(112 + 128).
  assert.deepEqual(Object.keys(v).sort(), ['val/b/dice/mean', 'val/dice/2', 'val/dice/mean']);
  assert.ok(Math.abs(v['val/dice/2']! - 224 / 240) < 1e-12);
});
