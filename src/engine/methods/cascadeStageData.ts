// The data of one cascade stage. Single and coarse stages use the config's data as it is (the coarse grid comes from
// preprocess.grid). The fine stage trains on each case's ROI cut from the full-resolution volume (methods.md §1.4):
// labelled cases from their ground truth, unlabelled ones from a coarse checkpoint's prediction. The crops are
// written once into the run (`workDir`) as a plain images/labels dataset, so the data layer and its worker read them
// like any other folder; checkpoints remember the stage and ROI settings for cascade inference.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ExperimentConfig } from '../config/experimentConfig';
import type { Vec3, Volume } from '../io/volume';
import { writeNifti } from '../io/writeNifti';
import type { DataConfig } from '../data/dataConfig';
import { loadDataset } from '../data/loadDataset';
import { formatProblem } from '../data/dataProblem';
import { intensityPlan } from '../data/preprocess';
import type { Box3 } from '../inference/box3';
import { cropVolumeToBox } from '../inference/cascadeInference';
import { roiBoundingBox } from '../inference/roiBoundingBox';
import type { CascadeDescription, CascadeOptions } from './cascadeOptions';
import { cascadeOptionsFor } from './cascadeOptions';
import { coarseStageMask, loadCascadeStage } from './cascadeStage';
import { prepareExperimentData } from './experimentData';
import type { DataDescription, ExperimentData, PrepareDataOptions } from './experimentData';

/** One case's ROI on its original grid and where it came from. */
export interface CaseRoi {
  box: Box3;
  /** The mask was empty and the centred mm box was used. */
  fallback: boolean;
  source: 'groundTruth' | 'coarse';
}

/** A stage's data; its description carries the stage so checkpoints say which part of a cascade they are. */
export async function prepareCascadeStageData(config: ExperimentConfig, workDir: string, log: (m: string) => void, options: PrepareDataOptions = {}): Promise<ExperimentData> {
  const cascade = cascadeOptionsFor(config);
  if (cascade.stage === 'single') return prepareExperimentData(config, log, options);
  const stageConfig = cascade.stage === 'fine' ? await writeRoiDataset(config, cascade, workDir, log) : config;
  const data = await prepareExperimentData(stageConfig, log, options);
  const stage: CascadeDescription = { stage: cascade.stage, roiMargin: cascade.roiMargin, roiFallbackMm: cascade.roiFallbackMm };
  return { ...data, describe: (): DataDescription & { cascade: CascadeDescription } => ({ ...data.describe(), cascade: stage }) };
}

/** ROI of a labelled case: the bounding box of its label > 0, widened about its centre (the same rule as inference). */
export function groundTruthRoi(label: Volume, margin: number, fallbackMm: Vec3): CaseRoi {
  const roi = roiBoundingBox(label.data, label.dims, label.dims, { margin, spacing: label.spacing, fallbackMm });
  return { ...roi, source: 'groundTruth' };
}

/**
 * Writes every case's ROI crop under `dir` (imagesTr, labelsTr, imagesUnlabeled, rois.json) and returns the config
 * that trains on them: the same split (validation ids kept), labels already remapped, intensity mode resolved on the
 * whole volumes (a crop can lack the air that tells CT apart). Reuses the crops when rois.json has the same settings.
 */
export async function writeRoiDataset(config: ExperimentConfig, cascade: CascadeOptions, dir: string, log: (m: string) => void): Promise<ExperimentConfig> {
  const dataset = await loadDataset(config.data as DataConfig);
  const errors = dataset.problems.filter((p) => p.severity === 'error');
  if (errors.length > 0) throw new Error(errors.map(formatProblem).join('; '));
  const labelled = [...dataset.split.train, ...dataset.split.validation];
  const unlabelled = dataset.split.unlabelled;
  if (labelled.length === 0) throw new Error('fine stage: no labelled cases to cut ROIs from');
  const first = await dataset.load(labelled[0]!);
  const plan = intensityPlan(first.image, { ...config.preprocess, normalizePerPatch: false }, dataset.modality ? { modality: dataset.modality } : {});
  const normalize = config.preprocess.normalize !== 'auto' ? config.preprocess.normalize : plan.clip ? 'ct' : 'zscore';
  const folders = { images: join(dir, 'imagesTr'), labels: join(dir, 'labelsTr'), unlabeled: join(dir, 'imagesUnlabeled') };
  const settings = { data: config.data, roiMargin: cascade.roiMargin, roiFallbackMm: cascade.roiFallbackMm, coarseCheckpoint: cascade.coarseCheckpoint ?? null, coarseManifest: manifestHash(cascade.coarseCheckpoint) };
  const stageConfig: ExperimentConfig = {
    ...config,
    data: {
      images: folders.images,
      labels: folders.labels,
      ...(unlabelled.length > 0 ? { unlabeled: folders.unlabeled } : {}),
      labelNames: Object.fromEntries(Object.entries(dataset.labelNames).map(([k, v]) => [String(k), v])),
      ...(dataset.channelNames.length > 1 ? { channels: dataset.channelNames.length } : {}),
      validation: { cases: [...dataset.split.validation], seed: config.data.validation.seed },
    },
    preprocess: { ...config.preprocess, normalize },
  };
  const index = join(dir, 'rois.json');
  if (existsSync(index) && JSON.stringify((JSON.parse(readFileSync(index, 'utf8')) as { settings: unknown }).settings) === JSON.stringify(settings)) {
    log(`fine stage: reusing the ROI crops in ${dir}`);
    return stageConfig;
  }
  for (const f of Object.values(folders)) mkdirSync(f, { recursive: true });
  const rois: Record<string, CaseRoi> = {};
  for (const id of labelled) {
    const c = await dataset.load(id);
    if (!c.label) throw new Error(`fine stage: labelled case ${id} has no label map`);
    const roi = (rois[id] = groundTruthRoi(c.label, cascade.roiMargin, cascade.roiFallbackMm));
    await writeNifti(join(folders.images, `${id}.nii.gz`), cropVolumeToBox(c.image, roi.box), { datatype: 'float32' });
    await writeNifti(join(folders.labels, `${id}.nii.gz`), cropVolumeToBox(c.label, roi.box), { datatype: 'uint8' });
  }
  if (unlabelled.length > 0) {
    if (cascade.coarseCheckpoint === undefined) throw new Error(`methodOptions.coarseCheckpoint: the fine stage needs a trained coarse stage to find the ROI of the ${unlabelled.length} unlabelled case(s)`);
    const coarse = await loadCascadeStage(cascade.coarseCheckpoint);
    try {
      if (coarse.description.numClasses !== Math.max(0, ...dataset.labelIds) + 1) throw new Error(`${cascade.coarseCheckpoint}: predicts ${coarse.description.numClasses} classes, this dataset has ${Math.max(0, ...dataset.labelIds) + 1}`);
      for (const [k, id] of unlabelled.entries()) {
        const c = await dataset.load(id);
        // Training takes the coarse argmax as it is (Choi filters components only at test time).
        const mask = await coarseStageMask(coarse, c.image, false);
        const roi = roiBoundingBox(mask.labels, mask.dims, c.image.dims, { margin: cascade.roiMargin, spacing: c.image.spacing, fallbackMm: cascade.roiFallbackMm });
        rois[id] = { ...roi, source: 'coarse' };
        await writeNifti(join(folders.unlabeled, `${id}.nii.gz`), cropVolumeToBox(c.image, roi.box), { datatype: 'float32' });
        if ((k + 1) % 20 === 0) log(`fine stage: ROIs of ${k + 1}/${unlabelled.length} unlabelled cases`);
      }
    } finally {
      coarse.network.dispose();
    }
  }
  const fallbacks = Object.entries(rois).filter(([, r]) => r.fallback).map(([id]) => id);
  if (fallbacks.length > 0) log(`fine stage: empty mask, fallback ROI for ${fallbacks.join(', ')}`);
  writeFileSync(index, `${JSON.stringify({ settings, rois }, null, 1)}\n`);
  log(`fine stage: ${labelled.length} labelled and ${unlabelled.length} unlabelled ROI crops in ${dir}`);
  return stageConfig;
}

/** Changes whenever the coarse checkpoint is saved again (its manifest names fresh weight files). */
function manifestHash(checkpoint: string | undefined): string | null {
  const path = checkpoint === undefined ? undefined : join(checkpoint, 'manifest.json');
  return path !== undefined && existsSync(path) ? createHash('sha256').update(readFileSync(path)).digest('hex') : null;
}
