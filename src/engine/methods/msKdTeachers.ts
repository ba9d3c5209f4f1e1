// MS-KD's teachers: which label each binary teacher is the expert for, and where it learns from (its own
// single-organ dataset: a mask file over the experiment's image or a dataset folder; else the experiment's cases
// that annotate its organ), with labels binarised to [background, organ].
import { basename, dirname, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type { ExperimentConfig, NetworkConfig } from '../config/experimentConfig';
import { niftiStem } from '../data/caseRecord';
import type { DataConfig } from '../data/dataConfig';
import { loadDataset } from '../data/loadDataset';
import { formatProblem } from '../data/dataProblem';
import { createBatchSource } from '../data/batchSource';
import type { BatchSource, BatchSourceOptions } from '../data/batchSource';
import { createPrefetchingBatchSource } from '../data/prefetchBatchSource';
import { LABEL_REMAP_PRESET_SOURCE_NAMES } from '../data/remapLabels';
import type { LabelRemapPreset } from '../data/remapLabels';
import type { Vec3 } from '../io/volume';
import type { TensorBatch } from '../training/trainLoop';
import type { ExperimentData } from './experimentData';
import { preprocessConfigFor } from './experimentData';
import type { StreamFactory } from './phaseStreams';

const normalise = (name: string) => name.toLowerCase().replace(/[_-]+/g, ' ').trim();

/** The label id teacher `name` is the expert for; throws one line saying how to set it when it cannot tell. */
export function msKdTeacherOrgan(config: ExperimentConfig, data: Pick<ExperimentData, 'labelNames' | 'dataset'>, name: string, net: NetworkConfig): number {
  const explicit = config.msKD?.teacherOrgans?.[name];
  const known = (id: number | undefined) => (id !== undefined && data.labelNames[String(id)] !== undefined && id > 0 ? id : undefined);
  const byName = (n: string) => known(Number(Object.entries(data.labelNames).find(([, v]) => normalise(v) === normalise(n))?.[0]));
  let id = explicit;
  if (id === undefined && net.data !== undefined && niftiStem(basename(net.data)) !== undefined) {
    // A mask file: the experiment's own case for that file, else the file's name read as the experiment reads mask names.
    const file = resolve(net.data);
    const own = data.dataset.cases.find((c) => c.label !== undefined && resolve(c.label) === file)?.maskLabel;
    const stem = niftiStem(basename(file))!;
    const remap = config.data.labelRemap;
    const preset = typeof remap === 'string' ? LABEL_REMAP_PRESET_SOURCE_NAMES[remap as LabelRemapPreset]?.[stem] : undefined;
    id = known(own) ?? known(preset) ?? byName(stem);
  }
  id ??= byName(name);
  if (id === undefined) throw new Error(`networks.${name}: cannot tell which label teacher '${name}' is the expert for; name it after a label or set msKD.teacherOrgans.${name}`);
  if (known(id) === undefined) throw new Error(`msKD.teacherOrgans.${name}: label ${id} is not a foreground label of the data (${Object.keys(data.labelNames).join(', ')})`);
  return id;
}

/** The teacher's own dataset: a mask file over the experiment's organ image, or a dataset folder / dataset.json. */
export function msKdTeacherDataConfig(config: ExperimentConfig, name: string, file: string, organ: number): DataConfig {
  const stem = niftiStem(basename(file));
  if (stem === undefined) return { dataset: file, validation: { count: 0 } };
  const image = config.data.organImage;
  if (image === undefined) throw new Error(`networks.${name}.data: a mask file needs the image it belongs to (data.organImage)`);
  return { organs: dirname(file), organImage: image, organIds: { [stem]: organ }, validation: { count: 0 } };
}

export interface TeacherStream {
  factory: StreamFactory;
  /** Labels → 1 for the organ, 0 elsewhere. */
  binarise: (b: TensorBatch) => TensorBatch;
}

/** Where teacher `name` (expert for `organ`, the k-th teacher) learns from, with its own seed. */
export function msKdTeacherStream(config: ExperimentConfig, data: ExperimentData, name: string, net: NetworkConfig, organ: number, k: number): TeacherStream {
  const prefetch = process.env['MEDKD_DATA_WORKER'] !== '0';
  const base = {
    sampling: { patchSize: config.train.patchSize as Vec3, batchSize: config.train.batchSize, foregroundFraction: config.train.foregroundFraction, seed: config.train.seed + 7919 * (k + 1) },
    preprocess: preprocessConfigFor(config),
    augment: config.augment,
  };
  // A dataset folder's foreground (any id) is the organ; mask files and the experiment's data carry the organ's id.
  const anyForeground = net.data !== undefined && niftiStem(basename(net.data)) === undefined;
  let factory: StreamFactory;
  if (net.data !== undefined) {
    const dataConfig = msKdTeacherDataConfig(config, name, net.data, organ);
    factory = async (start) => {
      const ds = await loadDataset(dataConfig);
      const errors = ds.problems.filter((p) => p.severity === 'error');
      if (errors.length > 0) throw new Error(`networks.${name}.data: ${errors.map(formatProblem).join('; ')}`);
      if (ds.split.train.length === 0) throw new Error(`networks.${name}.data: ${net.data} has no labelled case`);
      const options: BatchSourceOptions = { ...base, start: { labelled: start } };
      return prefetch ? createPrefetchingBatchSource(dataConfig, process.cwd(), options) : createBatchSource(ds, options);
    };
  } else {
    // The experiment's cases that annotate the organ (all of them when fully labelled).
    const labelled = data.dataset.split.train.filter((id) => data.dataset.caseById(id).annotates?.includes(organ) ?? true);
    if (labelled.length === 0) throw new Error(`networks.${name}: no training case annotates label ${organ}; give the teacher its own data`);
    factory = async (start): Promise<BatchSource> => {
      const options: BatchSourceOptions = { ...base, labelled, start: { labelled: start } };
      return prefetch ? createPrefetchingBatchSource(config.data as DataConfig, process.cwd(), options) : createBatchSource(data.dataset, options);
    };
  }
  const binarise = (b: TensorBatch): TensorBatch => {
    if (b.label === undefined) return b;
    const label = tf.tidy(() => tf.cast(anyForeground ? tf.greater(b.label!, 0) : tf.equal(b.label!, organ), 'int32'));
    b.label.dispose();
    return { ...b, label, annotated: b.caseIds.map(() => [1]) };
  };
  return { factory, binarise };
}
