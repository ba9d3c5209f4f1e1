// One trained stage of Choi's cascade, loaded from its checkpoint: the coarse stage turns a whole image into the mask
// that locates the ROI, the fine stage turns the ROI crop into labels on the crop's own grid (methods.md §1.8).
import type { Vec3, Volume } from '../io/volume';
import { volumeLike } from '../io/volume';
import { loadCheckpoint } from '../models/checkpoint';
import type { Network } from '../models/network';
import { prepareCase } from '../data/prepareCase';
import type { PreparedCase } from '../data/prepareCase';
import { invertPreprocess } from '../data/invertPreprocess';
import { slidingWindowInference } from '../inference/slidingWindowInference';
import { keepLargestComponentPerClass } from '../inference/keepLargestComponentPerClass';
import type { DataDescription } from './experimentData';
import type { CascadeDescription } from './cascadeOptions';
import { windowNormalizerFor } from './evaluateNetworks';
import { predictorFor } from '../inference/predictorRecipe';

export interface CascadeStage {
  checkpoint: string;
  network: Network;
  description: DataDescription & { cascade?: CascadeDescription };
}

export interface StageInferOptions {
  overlap?: number;
  batchSize?: number;
  signal?: AbortSignal;
  onProgress?: (fraction: number) => void;
}

export async function loadCascadeStage(checkpoint: string): Promise<CascadeStage> {
  const { network, meta } = await loadCheckpoint(checkpoint);
  const d = meta['data'] as CascadeStage['description'] | undefined;
  if (d === undefined || d.preprocess === undefined || d.patchSize === undefined) {
    network.dispose();
    throw new Error(`${checkpoint}: the checkpoint does not say how its training data was preprocessed (meta.data)`);
  }
  if (network.spec.outputActivation !== 'softmax') {
    network.dispose();
    throw new Error(`${checkpoint}: a cascade stage needs softmax class outputs, this network has ${network.spec.outputActivation}`);
  }
  return { checkpoint, network, description: d };
}

/** Preprocesses `image` as the stage's training data was, and predicts class probabilities on that grid. */
async function predictPrepared(stage: CascadeStage, image: Volume, keepProbabilities: boolean, o: StageInferOptions): Promise<{ prepared: PreparedCase; labels: Uint8Array; probabilities?: Float32Array }> {
  const d = stage.description;
  if (image.channels !== d.channels) throw new Error(`${stage.checkpoint}: the image has ${image.channels} channel(s), the model takes ${d.channels}`);
  const prepared = prepareCase({ id: 'cascade', kind: 'unlabelled', image, annotated: [], present: [], absent: [] }, d.preprocess, d.modality ? { modality: d.modality } : {});
  const [px, py, pz] = d.patchSize;
  const r = await slidingWindowInference(
    { data: prepared.image.data, dims: prepared.image.dims, channels: prepared.image.channels },
    {
      patchSize: [pz, py, px],
      overlap: o.overlap ?? 0.5,
      batchSize: o.batchSize ?? 1,
      numClasses: stage.network.spec.outChannels,
      keepProbabilities,
      ...windowNormalizerFor(d.preprocess),
      ...(o.signal ? { signal: o.signal } : {}),
      ...(o.onProgress ? { onProgress: o.onProgress } : {}),
    },
    predictorFor(stage.network),
  );
  if (r.activation !== 'softmax') throw new Error(`${stage.checkpoint}: expected softmax outputs`);
  return { prepared, labels: r.labels, ...(r.probabilities ? { probabilities: r.probabilities } : {}) };
}

/**
 * Coarse stage: argmax on the stage's grid (optionally the largest component per class, as at test time), as a mask
 * spanning the image's field of view. When preprocessing only resampled, the mask stays on the coarse grid (Choi
 * computes the box there); crops or padding are undone first so the grid and the image cover the same extent.
 */
export async function coarseStageMask(stage: CascadeStage, image: Volume, largestComponent: boolean, o: StageInferOptions = {}): Promise<{ labels: Uint8Array; dims: Vec3 }> {
  const { prepared, labels } = await predictPrepared(stage, image, false, o);
  if (largestComponent) keepLargestComponentPerClass(labels, prepared.image.dims);
  if (prepared.record.steps.every((s) => s.op === 'intensity' || s.op === 'resample')) return { labels, dims: [...prepared.image.dims] };
  const back = invertPreprocess(volumeLike(prepared.image, Float32Array.from(labels), 1, 'uint8'), prepared.record, 'nearest', [0]);
  return { labels: Uint8Array.from(back.data), dims: [...back.dims] };
}

/**
 * Fine stage: class probabilities on the stage's grid, resampled back to the crop's grid (trilinear, one class at a
 * time to bound memory), then argmax. No component filtering here: the cascade filters the whole map.
 */
export async function fineStageLabels(stage: CascadeStage, roi: Volume, o: StageInferOptions = {}): Promise<Uint8Array> {
  const { prepared, probabilities } = await predictPrepared(stage, roi, true, o);
  const n = prepared.image.dims[0] * prepared.image.dims[1] * prepared.image.dims[2];
  const out = roi.dims[0] * roi.dims[1] * roi.dims[2];
  const labels = new Uint8Array(out);
  const best = new Float32Array(out).fill(-Infinity);
  for (let c = 0; c < stage.network.spec.outChannels; c++) {
    const plane = volumeLike(prepared.image, probabilities!.subarray(c * n, (c + 1) * n));
    const back = invertPreprocess(plane, prepared.record, 'linear', [c === 0 ? 1 : 0]).data;
    // Strictly greater: ties keep the lower class, as argmax does.
    for (let i = 0; i < out; i++) {
      if (back[i]! > best[i]!) {
        best[i] = back[i]!;
        labels[i] = c;
      }
    }
  }
  return labels;
}
