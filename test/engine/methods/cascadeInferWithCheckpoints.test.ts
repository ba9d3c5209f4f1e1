import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { generatePhantom } from '../../../src/engine/data/phantom';
import { readNifti } from '../../../src/engine/io/readNifti';
import { writeNifti } from '../../../src/engine/io/writeNifti';
import { cropVolumeToBox } from '../../../src/engine/inference/cascadeInference';
import { roiBoundingBox } from '../../../src/engine/inference/roiBoundingBox';
import { pasteBox } from '../../../src/engine/inference/pasteBox';
import { keepLargestComponentPerClass } from '../../../src/engine/inference/keepLargestComponentPerClass';
import { cascadeInferWithCheckpoints } from '../../../src/engine/methods/cascadeInferWithCheckpoints';
import { inferWithCheckpoints } from '../../../src/engine/methods/inferWithCheckpoint';
import { coarseStageMask, fineStageLabels, loadCascadeStage } from '../../../src/engine/methods/cascadeStage';
import { inferCommand } from '../../../src/engine/cli/infer';
import { saveStageCheckpoint } from './cascadeFixtures';
import { useCpu } from '../models/testing';

before(useCpu);

/** A temp folder with a 2 mm CT phantom of `size` written as case.nii.gz, and untrained coarse and fine stages (3 classes). */
async function cascadeFixture(size: [number, number, number]): Promise<{ dir: string; input: string; coarse: string; fine: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'medkd-cascade-'));
  const { image } = generatePhantom(0, { size, spacing: [2, 2, 2], organs: 2, modality: 'ct', seed: 4 });
  const input = join(dir, 'case.nii.gz');
  await writeNifti(input, image, { datatype: 'float32' });
  return { dir, input, coarse: await saveStageCheckpoint(dir, 'coarse', 3, 11), fine: await saveStageCheckpoint(dir, 'fine', 3, 12) };
}

test('cascade inference end to end: coarse mask → ROI → fine labels pasted on the input grid, same affine, LCC', async () => {
  // A 28×24×20 phantom at 2 mm with an off-origin affine; untrained stages on 8³ grids (3 classes).
  const { dir, input, coarse, fine } = await cascadeFixture([28, 24, 20]);
  const baseline = tf.memory().numTensors;
  const [out] = await cascadeInferWithCheckpoints(coarse, fine, input, join(dir, 'pred.nii.gz'), { overlap: 0.5 });
  assert.equal(tf.memory().numTensors, baseline, 'tensors leaked');
  const src = await readNifti(input);
  const pred = await readNifti(out!);
  assert.deepEqual(pred.dims, src.dims);
  assert.deepEqual(pred.affine, src.affine);
  assert.deepEqual(pred.spacing, src.spacing);

  // The same pipeline step by step: the ROI from the coarse mask (with LCC, margin 1.1), fine labels on the crop.
  const [cs, fs] = await Promise.all([loadCascadeStage(coarse), loadCascadeStage(fine)]);
  const mask = await coarseStageMask(cs, src, true);
  assert.deepEqual(mask.dims, [8, 8, 8], 'the box is computed on the coarse grid when preprocessing only resampled');
  const roi = roiBoundingBox(mask.labels, mask.dims, src.dims, { margin: 1.1, spacing: src.spacing, fallbackMm: [240, 160, 240] });
  const expected = pasteBox(await fineStageLabels(fs, cropVolumeToBox(src, roi.box)), roi.box, src.dims);
  keepLargestComponentPerClass(expected, src.dims);
  cs.network.dispose();
  fs.network.dispose();
  assert.deepEqual(Array.from(pred.data), Array.from(expected));
  const foreground = pred.data.reduce((n, v) => n + (v > 0 ? 1 : 0), 0);
  assert.ok(foreground > 0, 'the untrained stages should still paint something, or this test checks nothing');
  // Nothing outside the ROI.
  const [nx, ny, nz] = src.dims;
  for (let z = 0; z < nz; z++) for (let y = 0; y < ny; y++) for (let x = 0; x < nx; x++) {
    const inside = x >= roi.box.start[0] && x < roi.box.end[0] && y >= roi.box.start[1] && y < roi.box.end[1] && z >= roi.box.start[2] && z < roi.box.end[2];
    if (!inside) assert.equal(pred.data[x + nx * (y + ny * z)], 0);
  }

  // `medkd infer --coarse` writes the same prediction.
  const viaCli = join(dir, 'cli.nii.gz');
  const write = process.stdout.write;
  process.stdout.write = (() => true) as typeof process.stdout.write;
  try {
    assert.equal(await inferCommand.run(['--coarse', coarse, '--model', fine, '--input', input, '--output', viaCli]), 0);
  } finally {
    process.stdout.write = write;
  }
  assert.deepEqual(Array.from((await readNifti(viaCli)).data), Array.from(pred.data));
  await assert.rejects(inferCommand.run(['--coarse', coarse, '--model', fine, '--model', fine, '--input', input, '--output', viaCli]), /one fine-stage --model/);
});

test('a fine-stage checkpoint alone is refused with the command that segments with it', async () => {
  const { dir, input, fine } = await cascadeFixture([16, 16, 16]);
  await assert.rejects(inferWithCheckpoints([fine], input, join(dir, 'pred.nii.gz'), { workers: 0 }), {
    message: `${fine}: a fine cascade stage, trained on ROI crops: segment with its coarse stage (medkd infer --coarse <checkpoint> --model ${fine})`,
  });
});
