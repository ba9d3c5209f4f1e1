// Inference with trained checkpoints on new images: each file preprocessed exactly as in training (the checkpoint
// remembers how), segmented by sliding window (optionally an ensemble and flip TTA), written on the input's grid.
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { loadCheckpoint } from '../models/checkpoint';
import type { Network } from '../models/network';
import { readNifti } from '../io/readNifti';
import { writeNifti } from '../io/writeNifti';
import { niftiStem } from '../data/caseRecord';
import { prepareCase } from '../data/prepareCase';
import type { Vec3 } from '../io/volume';
import type { Predictor } from '../inference/predictor';
import { inferenceWorkerCount, startParallelPredictor } from '../inference/parallelPredictor';
import type { ParallelPredictor } from '../inference/parallelPredictor';
import { predictorFromRecipe } from '../inference/predictorRecipe';
import type { PredictorRecipe } from '../inference/predictorRecipe';
import type { WindowPredictor } from '../inference/windowPredictor';
import type { DataDescription } from './experimentData';
import { labelsToOriginalGrid, windowNormalizerFor } from './evaluateNetworks';
import { segmentCase, ttaFlips } from './segmentCase';

export interface InferOptions {
  overlap?: number;
  tta?: boolean;
  /** Worker threads predicting windows in parallel (default inferenceWorkerCount(): one per core on wasm/cpu, up to 4). */
  workers?: number;
  largestComponent?: boolean;
  batchSize?: number;
  signal?: AbortSignal;
  onProgress?: (fraction: number, message: string) => void;
}

/** Input files: one file, or every NIfTI in a folder (sorted). */
export function listInputs(input: string): string[] {
  if (!existsSync(input)) throw new Error(`${input}: not found`);
  if (statSync(input).isDirectory()) {
    const files = readdirSync(input).filter((f) => niftiStem(f) !== undefined).sort().map((f) => join(input, f));
    if (files.length === 0) throw new Error(`${input}: no .nii or .nii.gz files`);
    return files;
  }
  return [input];
}

function describeOf(meta: Record<string, unknown>, checkpoint: string): DataDescription {
  const d = meta['data'] as DataDescription | undefined;
  if (d === undefined || d.preprocess === undefined || d.patchSize === undefined) throw new Error(`${checkpoint}: the checkpoint does not say how its training data was preprocessed (meta.data)`);
  return d;
}

/** Segments `input` (file or folder) into `output` (file, or folder for folder inputs); returns the files written. */
export async function inferWithCheckpoints(checkpoints: string[], input: string, output: string, o: InferOptions = {}): Promise<string[]> {
  if (checkpoints.length === 0) throw new Error('infer: name at least one --model checkpoint');
  const nets: Network[] = [];
  let desc: DataDescription | undefined;
  let parallel: ParallelPredictor | undefined;
  try {
    for (const c of checkpoints) {
      const { network, meta } = await loadCheckpoint(c);
      nets.push(network);
      const d = describeOf(meta as Record<string, unknown>, c);
      if ((d as { cascade?: { stage?: string } }).cascade?.stage === 'fine') {
        throw new Error(`${c}: a fine cascade stage, trained on ROI crops: segment with its coarse stage (medkd infer --coarse <checkpoint> --model ${c})`);
      }
      if (desc && (d.numClasses !== desc.numClasses || d.channels !== desc.channels)) throw new Error(`${c}: ${d.channels} channel(s) → ${d.numClasses} classes, the first model has ${desc.channels} → ${desc.numClasses}; an ensemble needs the same`);
      // Averaging probabilities needs the same outputs with the same meaning.
      const first = nets[0]!.spec;
      if (desc && (network.spec.outChannels !== first.outChannels || (d.activation ?? 'softmax') !== (desc.activation ?? 'softmax') || JSON.stringify(d.labelIds) !== JSON.stringify(desc.labelIds) || JSON.stringify(d.regions?.regions) !== JSON.stringify(desc.regions?.regions))) {
        throw new Error(`${c}: its outputs (${network.spec.outChannels} ${d.activation ?? 'softmax'}) differ from the first model's (${first.outChannels} ${desc.activation ?? 'softmax'}); an ensemble needs the same`);
      }
      desc ??= d;
    }
    const description = desc!;
    const files = listInputs(input);
    const folderOut = files.length > 1 || statSync(input).isDirectory();
    if (folderOut) mkdirSync(output, { recursive: true });
    else mkdirSync(dirname(output), { recursive: true });
    const recipe: PredictorRecipe = { specs: nets.map((n) => n.spec), ...(o.tta ? { flips: ttaFlips(undefined, (description.activation ?? 'softmax') === 'sigmoid').map((f) => [...f]) } : {}) };
    const workers = o.workers ?? inferenceWorkerCount();
    parallel = workers > 1 ? await startParallelPredictor(recipe, nets, workers) : undefined;
    const predict = parallel ?? predictorFromRecipe(recipe, nets);
    const written: string[] = [];
    for (const [i, file] of files.entries()) {
      const out = folderOut ? join(output, `${niftiStem(basename(file))}.nii.gz`) : output;
      // The recipe carries the TTA.
      await segmentImageFile(predict, nets[0]!.spec.outChannels, description, file, out, { ...o, tta: false, onProgress: (f, m) => o.onProgress?.((i + f) / files.length, m) });
      written.push(out);
    }
    return written;
  } finally {
    await parallel?.dispose();
    for (const n of nets) n.dispose();
  }
}

/**
 * One image file → its label map written to `out` on the file's own grid: preprocessed as the checkpoint's data
 * description says, segmented by `predict` (which outputs `outChannels` channels meaning what the description says).
 */
export async function segmentImageFile(predict: Predictor | WindowPredictor, outChannels: number, description: DataDescription, file: string, out: string, o: InferOptions = {}): Promise<void> {
  const image = await readNifti(file);
  if (image.channels !== description.channels) throw new Error(`${file}: ${image.channels} channel(s), the model takes ${description.channels}`);
  const prepared = prepareCase({ id: basename(file), kind: 'unlabelled', image, annotated: [], present: [], absent: [] }, description.preprocess, description.modality ? { modality: description.modality } : {});
  // Older checkpoints have no activation: softmax over their classes.
  const meaning = { activation: description.activation ?? 'softmax', ...(description.labelIds ? { labelIds: description.labelIds } : {}), ...(description.regions ? { regions: description.regions } : {}) };
  const { labels } = await segmentCase(predict, prepared.image, outChannels, meaning, {
    patchSize: description.patchSize as Vec3,
    overlap: o.overlap ?? 0.5,
    batchSize: o.batchSize ?? 2,
    tta: o.tta ?? false,
    ...windowNormalizerFor(description.preprocess),
    ...(o.signal ? { signal: o.signal } : {}),
    onProgress: (f) => o.onProgress?.(f, `${basename(file)} ${(f * 100).toFixed(0)}%`),
  });
  // Region outputs were filtered by their own component rule during composition.
  const vol = labelsToOriginalGrid(labels, prepared, (o.largestComponent ?? true) && meaning.activation === 'softmax');
  await writeNifti(out, vol, { datatype: 'uint8' });
}
