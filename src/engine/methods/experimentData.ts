// An experiment's data as the runner sees it: the dataset of the config, batches as tensors (made ahead of time on
// the second core), and held-out cases preprocessed exactly as training saw them, for validation and predictions.
import * as tf from '@tensorflow/tfjs-core';
import type { ExperimentConfig } from '../config/experimentConfig';
import type { Volume, Vec3 } from '../io/volume';
import { loadDataset, scansLabelMaps } from '../data/loadDataset';
import type { Dataset } from '../data/loadDataset';
import type { DataConfig } from '../data/dataConfig';
import type { PreprocessConfig } from '../data/preprocess';
import { prepareCase } from '../data/prepareCase';
import type { PreparedCase } from '../data/prepareCase';
import { formatProblem } from '../data/dataProblem';
import { createBatchSource } from '../data/batchSource';
import type { BatchSource } from '../data/batchSource';
import { createPrefetchingBatchSource } from '../data/prefetchBatchSource';
import type { Batch } from '../data/batchMaker';
import type { CaseKind } from '../data/caseRecord';
import type { BatchKind, TensorBatch } from '../training/trainLoop';
import type { OutputLabels } from './networkOutputs';

/** What a checkpoint must remember so inference preprocesses new images exactly as training did, and reads its outputs. */
export interface DataDescription extends OutputLabels {
  channels: number;
  numClasses: number;
  labelNames: Record<string, string>;
  preprocess: PreprocessConfig;
  modality?: Dataset['modality'];
  /** Model input [x, y, z]. */
  patchSize: Vec3;
}

export interface EvalCase {
  id: string;
  /** Preprocessed image and label (the grid the network sees). */
  prepared: PreparedCase;
  /** The case as stored, for writing predictions on its own grid and scoring there. */
  original: { image: Volume; label?: Volume; imagePath?: string; labelPath?: string };
}

export interface ExperimentData {
  channels: number;
  numClasses: number;
  labelNames: Record<string, string>;
  validationIds: string[];
  dataset: Dataset;
  /** Batches taken so far per stream (a resumed run continues the streams there). */
  consumed(): Record<CaseKind, number>;
  nextBatch(kind: BatchKind): Promise<TensorBatch>;
  validationCase(index: number): Promise<EvalCase>;
  describe(): DataDescription;
  dispose(): Promise<void>;
}

export function preprocessConfigFor(config: ExperimentConfig): PreprocessConfig {
  return { ...config.preprocess, minSize: config.train.patchSize as Vec3 };
}

/** A data-layer batch as tensors: image [N, D, H, W, C] float32, label [N, D, H, W] int32. */
export function batchToTensors(b: Batch): TensorBatch {
  return {
    kind: b.kind,
    image: tf.tensor5d(b.image, b.shape),
    ...(b.label ? { label: tf.tensor4d(Int32Array.from(b.label), [b.shape[0], b.shape[1], b.shape[2], b.shape[3]], 'int32') } : {}),
    caseIds: b.caseIds,
    ...(b.annotated ? { annotated: b.annotated } : {}),
  };
}

export interface PrepareDataOptions {
  start?: Partial<Record<CaseKind, number>>;
  /** Make batches on a worker thread (default true; MEDKD_DATA_WORKER=0 turns it off). */
  prefetch?: boolean;
}

export async function prepareExperimentData(config: ExperimentConfig, log: (m: string) => void, options: PrepareDataOptions = {}): Promise<ExperimentData> {
  const dataConfig = config.data as DataConfig;
  const dataset = await loadDataset(dataConfig, { cacheCases: 1024, cacheBytes: 4 * 1024 ** 3 });
  const errors = dataset.problems.filter((p) => p.severity === 'error');
  if (errors.length > 0) throw new Error(errors.map(formatProblem).join('; '));
  for (const w of dataset.problems) log(formatProblem(w));
  const numClasses = Math.max(0, ...dataset.labelIds) + 1;
  const channels = Math.max(1, dataset.channelNames.length);
  const labelNames = Object.fromEntries(Object.entries(dataset.labelNames).map(([k, v]) => [String(k), v]));
  const preprocess = preprocessConfigFor(config);
  const patchSize = config.train.patchSize as Vec3;
  log(`data: ${dataset.split.train.length} training, ${dataset.split.validation.length} validation, ${dataset.split.unlabelled.length} unlabelled cases; ${numClasses} classes; ${channels} channel(s)`);

  const sourceOptions = {
    sampling: { patchSize, batchSize: config.train.batchSize, foregroundFraction: config.train.foregroundFraction, seed: config.train.seed },
    preprocess,
    augment: config.augment,
    ...(options.start ? { start: options.start } : {}),
  };
  const prefetch = (options.prefetch ?? true) && process.env['MEDKD_DATA_WORKER'] !== '0';
  // The worker's dataset takes the label names found here, so it does not scan the label maps again.
  const workerData: DataConfig = scansLabelMaps(dataConfig) ? { ...dataConfig, labelNames } : dataConfig;
  const source: BatchSource = prefetch ? createPrefetchingBatchSource(workerData, process.cwd(), sourceOptions) : createBatchSource(dataset, sourceOptions);
  const consumed: Record<CaseKind, number> = { labelled: options.start?.labelled ?? 0, unlabelled: options.start?.unlabelled ?? 0 };
  const hint = dataset.modality ? { modality: dataset.modality } : {};

  return {
    channels,
    numClasses,
    labelNames,
    dataset,
    validationIds: dataset.split.validation,
    consumed: () => ({ ...consumed }),
    async nextBatch(kind) {
      const b = await source.next(kind);
      consumed[kind]++;
      return batchToTensors(b);
    },
    async validationCase(index) {
      const id = dataset.split.validation[index];
      if (id === undefined) throw new Error(`validation case ${index} out of range`);
      const loaded = await dataset.load(id);
      const record = dataset.caseById(id);
      return {
        id,
        prepared: prepareCase(loaded, preprocess, hint),
        original: { image: loaded.image, ...(loaded.label ? { label: loaded.label } : {}), ...(record.images[0] ? { imagePath: record.images[0] } : {}), ...(record.label ? { labelPath: record.label } : {}) },
      };
    },
    describe: () => ({ channels, numClasses, labelNames, preprocess, ...(dataset.modality ? { modality: dataset.modality } : {}), patchSize, activation: 'softmax' }),
    dispose: () => source.close(),
  };
}
