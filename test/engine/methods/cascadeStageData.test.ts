import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type { Vec3, Volume } from '../../../src/engine/io/volume';
import { identityAffine } from '../../../src/engine/io/volume';
import { readNifti } from '../../../src/engine/io/readNifti';
import { parseExperimentConfig } from '../../../src/engine/config/loadExperimentConfig';
import type { ExperimentConfig } from '../../../src/engine/config/experimentConfig';
import { loadDataset } from '../../../src/engine/data/loadDataset';
import type { DataConfig } from '../../../src/engine/data/dataConfig';
import { cascadeOptionsFor } from '../../../src/engine/methods/cascadeOptions';
import { groundTruthRoi, writeRoiDataset } from '../../../src/engine/methods/cascadeStageData';
import type { CaseRoi } from '../../../src/engine/methods/cascadeStageData';
import { saveStageCheckpoint } from './cascadeFixtures';
import { useCpu } from '../models/testing';

before(useCpu);

function toyMask(dims: Vec3, fg: { x: [number, number]; y: [number, number]; z: [number, number] }): Volume {
  const data = new Float32Array(dims[0] * dims[1] * dims[2]);
  for (let z = fg.z[0]; z <= fg.z[1]; z++) for (let y = fg.y[0]; y <= fg.y[1]; y++) for (let x = fg.x[0]; x <= fg.x[1]; x++) data[x + dims[0] * (y + dims[1] * z)] = 1;
  return { data, dims, channels: 1, spacing: [1, 1, 1], affine: identityAffine(), sourceDatatype: 'uint8' };
}

test('ground-truth ROI of a toy mask: normalised box, extent × margin about its centre, clipped, rounded; empty → mm fallback', () => {
  // 10×8×6 grid, foreground x 2..5, y 3..4, z 2..3 → normalised [.2, .6], [.375, .625], [1/3, 2/3].
  const mask = toyMask([10, 8, 6], { x: [2, 5], y: [3, 4], z: [2, 3] });
  // × 1.1: x [.18, .62]·10 → [2, 6); y [.3625, .6375]·8 → [3, 5); z [.3167, .6833]·6 → [2, 4): the tight box.
  assert.deepEqual(groundTruthRoi(mask, 1.1, [240, 160, 240]), { box: { start: [2, 3, 2], end: [6, 5, 4] }, fallback: false, source: 'groundTruth' });
  // × 2: x [0 (clipped from −.0), .8] → [0, 8); y [.25, .75] → [2, 6); z [1/6, 5/6] → [1, 5).
  assert.deepEqual(groundTruthRoi(mask, 2, [240, 160, 240]).box, { start: [0, 2, 1], end: [8, 6, 5] });
  // Empty: a centred 4 mm box at 1 mm: x [3, 7), y [2, 6), z [1, 5).
  assert.deepEqual(groundTruthRoi(toyMask([10, 8, 6], { x: [1, 0], y: [1, 0], z: [1, 0] }), 1.1, [4, 4, 4]), { box: { start: [3, 2, 1], end: [7, 6, 5] }, fallback: true, source: 'groundTruth' });
});

function fineConfig(dir: string, extra: Record<string, unknown> = {}): ExperimentConfig {
  const text = JSON.stringify({
    name: 'fine',
    method: 'crossTeachingKD',
    data: { synthetic: { cases: 3, size: [24, 24, 24], organs: 2, seed: 3, ...extra }, validation: { count: 1, seed: 0 } },
    networks: { T1: { role: 'teacher' }, T2: { role: 'teacher', model: { upsampling: 'resizeConv' } }, S: { role: 'student' } },
    preprocess: { grid: [8, 8, 8] },
    train: { patchSize: [8, 8, 8] },
    methodOptions: { stage: 'fine', roiMargin: 1.1 },
  });
  const { config, diagnostics } = parseExperimentConfig(text, join(dir, 'fine.medkd.json'));
  assert.deepEqual(diagnostics.filter((d) => d.severity === 'error'), []);
  return config!;
}

test('fine-stage data: labelled cases cut at their ground-truth ROI from the full volume, same world position, split kept', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'medkd-roi-'));
  const config = fineConfig(dir);
  assert.equal(config.preprocess.normalizePerPatch, true, 'crossTeachingKD defaults to the per-patch z-score');
  const logs: string[] = [];
  const stage = await writeRoiDataset(config, cascadeOptionsFor(config), join(dir, 'roi'), (m) => logs.push(m));
  const source = await loadDataset(config.data as DataConfig);
  assert.deepEqual(stage.data.validation.cases, source.split.validation);
  assert.equal(stage.preprocess.normalize, 'ct', 'auto resolved on the whole phantom (CT), not on the crop');
  assert.deepEqual(stage.preprocess.grid, [8, 8, 8]);
  const rois = (JSON.parse(readFileSync(join(dir, 'roi', 'rois.json'), 'utf8')) as { rois: Record<string, CaseRoi> }).rois;
  assert.deepEqual(Object.keys(rois).sort(), ['phantom_000', 'phantom_001', 'phantom_002']);
  for (const [id, roi] of Object.entries(rois)) {
    const original = await source.load(id);
    const [image, label] = await Promise.all([readNifti(join(dir, 'roi', 'imagesTr', `${id}.nii.gz`)), readNifti(join(dir, 'roi', 'labelsTr', `${id}.nii.gz`))]);
    assert.deepEqual(roi, groundTruthRoi(original.label!, 1.1, [240, 160, 240]));
    const size = roi.box.end.map((e, a) => e - roi.box.start[a]!);
    assert.deepEqual(image.dims, size);
    // Crop voxel (1, 2, 3) is original voxel start + (1, 2, 3), at the same world position.
    const [sx, sy, sz] = roi.box.start;
    const [nx, ny] = original.image.dims;
    assert.equal(image.data[1 + size[0]! * (2 + size[1]! * 3)], original.image.data[sx + 1 + nx * (sy + 2 + ny * (sz + 3))]);
    const world = (a: Volume['affine'], v: number[]) => [0, 1, 2].map((r) => a[r]![0]! * v[0]! + a[r]![1]! * v[1]! + a[r]![2]! * v[2]! + a[r]![3]!);
    assert.deepEqual(world(image.affine, [0, 0, 0]).map((x) => x.toFixed(3)), world(original.image.affine, roi.box.start).map((x) => x.toFixed(3)));
    // The ROI holds the whole foreground.
    const fg = (v: Float32Array) => v.reduce((n, x) => n + (x > 0 ? 1 : 0), 0);
    assert.equal(fg(label.data), fg(original.label!.data));
  }
  await writeRoiDataset(config, cascadeOptionsFor(config), join(dir, 'roi'), (m) => logs.push(m));
  assert.match(logs.at(-1)!, /reusing the ROI crops/);
});

test('fine-stage data: unlabelled cases take their ROI from a coarse checkpoint, and need one', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'medkd-roi-'));
  const noCoarse = fineConfig(dir, { unlabeledCases: 1 });
  await assert.rejects(writeRoiDataset(noCoarse, cascadeOptionsFor(noCoarse), join(dir, 'a'), () => undefined), /methodOptions.coarseCheckpoint: the fine stage needs a trained coarse stage .* 1 unlabelled/);
  const coarseCheckpoint = await saveStageCheckpoint(dir, 'coarse', 3, 5);
  const config = { ...noCoarse, methodOptions: { ...noCoarse.methodOptions, coarseCheckpoint } };
  const baseline = tf.memory().numTensors;
  const stage = await writeRoiDataset(config, cascadeOptionsFor(config), join(dir, 'b'), () => undefined);
  assert.equal(tf.memory().numTensors, baseline);
  assert.equal(stage.data.unlabeled, join(dir, 'b', 'imagesUnlabeled'));
  const roi = (JSON.parse(readFileSync(join(dir, 'b', 'rois.json'), 'utf8')) as { rois: Record<string, CaseRoi> }).rois['phantom_003']!;
  assert.equal(roi.source, 'coarse');
  const crop = await readNifti(join(dir, 'b', 'imagesUnlabeled', 'phantom_003.nii.gz'));
  assert.deepEqual(crop.dims, roi.box.end.map((e, a) => e - roi.box.start[a]!));
  assert.ok(existsSync(join(dir, 'b', 'labelsTr', 'phantom_000.nii.gz')));
});
