import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import type { Predictor } from '../../../src/engine/inference/predictor';
import { ensemblePredict } from '../../../src/engine/inference/ensemblePredict';
import type { Mat4, Volume } from '../../../src/engine/io/volume';
import { readNifti } from '../../../src/engine/io/readNifti';
import { prepareCase } from '../../../src/engine/data/prepareCase';
import type { PreprocessConfig } from '../../../src/engine/data/preprocess';
import { pseudoLabelCase, writePseudoLabels } from '../../../src/engine/methods/omniPseudoLabels';
import type { PseudoLabelOptions, PseudoLabelSource } from '../../../src/engine/methods/omniPseudoLabels';
import { regionPreset } from '../../../src/engine/methods/regionSpec';

before(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

// A 9×7×5 case (odd sizes: padded to the 8³ patch and cropped back) with a rotated-and-shifted affine.
const DIMS: [number, number, number] = [9, 7, 5];
const AFFINE: Mat4 = [
  [0, -2, 0, 30],
  [1.5, 0, 0, -12],
  [0, 0, 3, 7],
  [0, 0, 0, 1],
];
/** Intensity v(x, y, z): 2 in the block x ≥ 6, 1 in the block 3 ≤ x < 6, else 0. */
const valueAt = (x: number) => (x >= 6 ? 2 : x >= 3 ? 1 : 0);
function image(): Volume {
  const data = new Float32Array(9 * 7 * 5);
  for (let z = 0, i = 0; z < 5; z++) for (let y = 0; y < 7; y++) for (let x = 0; x < 9; x++, i++) data[i] = valueAt(x);
  return { data, dims: [...DIMS], channels: 1, spacing: [1.5, 2, 3], affine: AFFINE, sourceDatatype: 'float32' };
}
const preprocess: PreprocessConfig = { normalize: 'none', ctWindow: [-300, 300], cropToForeground: false, minSize: [8, 8, 8] };
const prepared = () => prepareCase({ id: 'u1', kind: 'unlabelled', image: image(), annotated: [], present: [], absent: [] }, preprocess);

/** Softmax over 3 classes: `inside` where x ≥ threshold, `outside` elsewhere (x is the voxel's intensity). */
function stepPredict(threshold: number, inside: number[], outside: number[]): Predictor {
  return (x) =>
    tf.tidy(() => {
      const m = tf.cast(tf.greaterEqual(x, threshold), 'float32');
      return tf.add(tf.mul(m, tf.tensor1d(inside)), tf.mul(tf.sub(1, m), tf.tensor1d(outside))) as tf.Tensor5D;
    });
}
// Teacher A calls intensity ≥ 1 class 1 (0.7); teacher B calls intensity 2 class 2 (0.9) and intensity 1 background.
const teacherA = stepPredict(1, [0.15, 0.7, 0.15], [0.9, 0.05, 0.05]);
const teacherB = stepPredict(2, [0.05, 0.05, 0.9], [0.9, 0.05, 0.05]);
const options: PseudoLabelOptions = { outChannels: 3, output: { activation: 'softmax' }, patchSize: [8, 8, 8], overlap: 0, batchSize: 1, tta: true };

test('the ensemble average, not either teacher, decides: class 2 where B is sure, background where they disagree on intensity 1', async () => {
  const base = tf.memory().numTensors;
  // Intensity 2: mean [.1, .375, .525] → 2. Intensity 1: mean [.525, .375, .1] → 0. Intensity 0: background.
  const v = await pseudoLabelCase(ensemblePredict([teacherA, teacherB]), prepared(), options);
  assert.equal(tf.memory().numTensors, base);
  assert.deepEqual(v.dims, DIMS);
  assert.deepEqual(v.affine, AFFINE);
  for (let i = 0; i < v.data.length; i++) assert.equal(v.data[i], valueAt(i % 9) === 2 ? 2 : 0, `voxel ${i}`);
  // Teacher A alone labels both blocks 1.
  const a = await pseudoLabelCase(teacherA, prepared(), options);
  assert.equal(a.data.filter((l) => l === 1).length, 6 * 7 * 5);
});

test('region mode: thresholded averaged sigmoids composed without the ET volume rule or the component filter', async () => {
  // WT where intensity ≥ 1, TC and ET where intensity 2 (35 voxels, and ≤ 32 would matter only for final predictions).
  const sigmoid: Predictor = (x) => tf.tidy(() => tf.concat([tf.cast(tf.greaterEqual(x, 1), 'float32'), tf.cast(tf.greaterEqual(x, 2), 'float32'), tf.cast(tf.greaterEqual(x, 2), 'float32')], 4) as tf.Tensor5D);
  const regions = { ...regionPreset('brats2015'), threshold: 0.5, minComponentFraction: 0.1 };
  const v = await pseudoLabelCase(sigmoid, prepared(), { ...options, outChannels: 3, output: { activation: 'sigmoid', regions } });
  for (let i = 0; i < v.data.length; i++) assert.equal(v.data[i], [0, 2, 4][valueAt(i % 9)], `voxel ${i}`);
});

test('writePseudoLabels: NIfTI on the case grid, images of file-less cases, index.json; existing files are kept unless overwriting', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'medkd-pseudo-'));
  let loads = 0;
  const load = async (id: string): Promise<PseudoLabelSource> => {
    loads++;
    return { id, original: image(), prepared: prepared() };
  };
  const predict = ensemblePredict([teacherA, teacherB]);
  const files = await writePseudoLabels(dir, ['u1', 'u2'], load, predict, { ...options, overwrite: false });
  assert.equal(loads, 2);
  const label = await readNifti(files.get('u1')!);
  assert.deepEqual([label.dims, label.affine, label.sourceDatatype], [DIMS, AFFINE, 'uint8']);
  assert.equal(label.data.filter((l) => l === 2).length, 3 * 7 * 5);
  const img = await readNifti(join(dir, 'pseudo-labels', 'images', 'u2.nii.gz'));
  assert.deepEqual(img.dims, DIMS);
  const index = JSON.parse(readFileSync(join(dir, 'pseudo-labels', 'index.json'), 'utf8')) as { caseId: string; voxels: Record<string, number> }[];
  assert.deepEqual(index.map((e) => [e.caseId, e.voxels]), [['u1', { 0: 210, 2: 105 }], ['u2', { 0: 210, 2: 105 }]]);
  await writePseudoLabels(dir, ['u1', 'u2'], load, predict, { ...options, overwrite: false });
  assert.equal(loads, 2, 'existing pseudo-labels are not recomputed');
  await writePseudoLabels(dir, ['u1'], load, predict, { ...options, overwrite: true });
  assert.equal(loads, 3);
  assert.ok(existsSync(files.get('u2')!));
});
