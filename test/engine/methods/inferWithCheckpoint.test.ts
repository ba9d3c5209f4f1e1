// Brain-tumour inference end to end: a 4-channel NIfTI → crop, region sigmoids with four-flip TTA, threshold 0.5,
// composition with the ET volume rule, the 10 % component filter → label ids written on the input's own grid.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import type { Mat4, Vec3, Volume } from '../../../src/engine/io/volume';
import { readNifti } from '../../../src/engine/io/readNifti';
import { writeNifti } from '../../../src/engine/io/writeNifti';
import type { Predictor } from '../../../src/engine/inference/predictor';
import { createUNet } from '../../../src/engine/models/createUNet';
import { saveCheckpoint } from '../../../src/engine/models/checkpoint';
import { inferWithCheckpoints, segmentImageFile } from '../../../src/engine/methods/inferWithCheckpoint';
import type { DataDescription } from '../../../src/engine/methods/experimentData';
import { regionPreset } from '../../../src/engine/methods/regionSpec';

before(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

const DIMS: Vec3 = [20, 18, 12];
const AFFINE: Mat4 = [
  [-1, 0, 0, 120],
  [0, -1, 0, 95],
  [0, 0, 1.5, -40],
  [0, 0, 0, 1],
];
type Box = [number, number, number, number, number, number];
const inBox = (x: number, y: number, z: number, b: Box) => x >= b[0] && x <= b[3] && y >= b[1] && y <= b[4] && z >= b[2] && z <= b[5];
const WT: Box = [4, 4, 2, 13, 13, 9]; // 10·10·8 = 800 voxels
const TC: Box = [6, 6, 3, 11, 11, 8]; // 6·6·6 = 216
const SPECK: Box = [17, 16, 10, 17, 16, 11]; // 2 voxels, far from the tumour
const BRAIN: Box = [1, 1, 0, 18, 17, 11];

/** Channels: 0 "FLAIR" = WT, 1 = TC, 2 = ET indicators, 3 a plain brain; 0 outside the brain (the crop finds it). */
function caseVolume(et: Box): Volume {
  const n = DIMS[0] * DIMS[1] * DIMS[2];
  const data = new Float32Array(4 * n);
  for (let z = 0, i = 0; z < DIMS[2]; z++) {
    for (let y = 0; y < DIMS[1]; y++) {
      for (let x = 0; x < DIMS[0]; x++, i++) {
        data[i] = inBox(x, y, z, WT) || inBox(x, y, z, SPECK) ? 1 : 0;
        data[n + i] = inBox(x, y, z, TC) ? 1 : 0;
        data[2 * n + i] = inBox(x, y, z, et) ? 1 : 0;
        data[3 * n + i] = inBox(x, y, z, BRAIN) ? 0.3 : 0;
      }
    }
  }
  return { data, dims: [...DIMS], channels: 4, spacing: [1, 1, 1.5], affine: AFFINE, sourceDatatype: 'float32' };
}

/** Sigmoid region probabilities read from channels 0-2 (pointwise, so every flip agrees). */
const regionReader: Predictor = (x) => tf.tidy(() => tf.slice(x, [0, 0, 0, 0, 0], [-1, -1, -1, -1, 3]) as tf.Tensor5D);

const description: DataDescription = {
  channels: 4,
  numClasses: 5,
  labelNames: { 0: 'background', 1: 'necrosis', 2: 'oedema', 3: 'non-enhancing', 4: 'enhancing' },
  preprocess: { normalize: 'none', ctWindow: [-300, 300], cropToForeground: true, minSize: [16, 16, 8] },
  patchSize: [16, 16, 8],
  activation: 'sigmoid',
  regions: { ...regionPreset('brats2015'), threshold: 0.5, minComponentFraction: 0.1 },
};

async function segment(et: Box): Promise<{ input: string; pred: Volume }> {
  const dir = mkdtempSync(join(tmpdir(), 'medkd-brats-'));
  const input = join(dir, 'case.nii.gz');
  await writeNifti(input, caseVolume(et), { datatype: 'float32' });
  const out = join(dir, 'pred.nii.gz');
  const base = tf.memory().numTensors;
  await segmentImageFile(regionReader, 3, description, input, out, { tta: true, overlap: 0.5, batchSize: 2 });
  assert.equal(tf.memory().numTensors, base);
  return { input, pred: await readNifti(out) };
}

function expected(x: number, y: number, z: number, etLabel: (x: number, y: number, z: number) => boolean): number {
  if (etLabel(x, y, z)) return 4;
  if (inBox(x, y, z, TC)) return 1;
  return inBox(x, y, z, WT) ? 2 : 0;
}

test('a 27-voxel ET (≤ 32) stays core, the 2-voxel speck is filtered, labels land on the input grid', async () => {
  const { input, pred } = await segment([8, 8, 5, 10, 10, 7]);
  const img = await readNifti(input);
  assert.deepEqual([pred.dims, pred.affine, pred.channels], [img.dims, img.affine, 1]);
  assert.deepEqual(pred.dims, DIMS);
  for (let z = 0, i = 0; z < DIMS[2]; z++) for (let y = 0; y < DIMS[1]; y++) for (let x = 0; x < DIMS[0]; x++, i++) assert.equal(pred.data[i], expected(x, y, z, () => false), `(${x}, ${y}, ${z})`);
});

test('a 36-voxel ET (> 32) is painted 4', async () => {
  const et: Box = [7, 8, 5, 10, 10, 7]; // 4·3·3
  const { pred } = await segment(et);
  assert.equal(pred.data.filter((l) => l === 4).length, 36);
  for (let z = 0, i = 0; z < DIMS[2]; z++) for (let y = 0; y < DIMS[1]; y++) for (let x = 0; x < DIMS[0]; x++, i++) assert.equal(pred.data[i], expected(x, y, z, (a, b, c) => inBox(a, b, c, et)), `(${x}, ${y}, ${z})`);
});

test('medkd infer with a sigmoid checkpoint: its meta says regions, the output is composed label ids on the input grid', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'medkd-brats-ckpt-'));
  const net = createUNet({ inChannels: 4, outChannels: 3, features: [4, 8], blocksPerLevel: 1, squeezeExcitation: false, outputActivation: 'sigmoid' }, { name: 'student', seed: 3 });
  await saveCheckpoint(join(dir, 'student'), net, { meta: { data: JSON.parse(JSON.stringify(description)) } });
  net.dispose();
  const input = join(dir, 'case.nii.gz');
  await writeNifti(input, caseVolume([8, 8, 5, 10, 10, 7]), { datatype: 'float32' });
  const base = tf.memory().numTensors;
  const [out] = await inferWithCheckpoints([join(dir, 'student')], input, join(dir, 'pred.nii.gz'), { tta: true, overlap: 0 });
  assert.equal(tf.memory().numTensors, base);
  const pred = await readNifti(out!);
  assert.deepEqual([pred.dims, pred.affine], [DIMS, AFFINE]);
  // Whatever the untrained network says, composition only ever writes 0, 2, 1 and 4.
  assert.ok(pred.data.every((l) => l === 0 || l === 1 || l === 2 || l === 4));
});
