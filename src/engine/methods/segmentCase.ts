// One preprocessed image → dataset label ids, whatever the network's outputs are: softmax classes (argmax, mapped
// through labelIds) or sigmoid regions (threshold, composition with the ET rule, small-component filter).
import type { Vec3, Volume } from '../io/volume';
import { slidingWindowInference } from '../inference/slidingWindowInference';
import type { Predictor } from '../inference/predictor';
import { isWindowPredictor } from '../inference/windowPredictor';
import type { WindowPredictor } from '../inference/windowPredictor';
import type { WindowNormalizer } from '../inference/zScoreWindow';
import { ALL_FLIPS_3D, BRATS_TTA_FLIPS, flipTTA } from '../inference/flipTTA';
import type { FlipAxis } from '../inference/flipTTA';
import type { OutputLabels } from './networkOutputs';
import type { ComposeOptions } from './regionMasks';
import { regionMasksToLabels } from './regionMasks';

export interface SegmentCaseOptions {
  /** Model input [x, y, z], as in configs. */
  patchSize: Vec3;
  overlap: number;
  batchSize: number;
  /** Flip test-time augmentation. */
  tta: boolean;
  signal?: AbortSignal;
  onProgress?: (fraction: number) => void;
  /** TTA flip sets; default the four BraTS flips for regions (paper 3), all eight otherwise. */
  flips?: readonly (readonly FlipAxis[])[];
  /** Per-window intensity normalisation, for networks trained on per-patch z-scored inputs. */
  normalizeWindow?: WindowNormalizer;
  /** Regions only: how masks become labels (default: every rule and the component filter, as final predictions). */
  compose?: ComposeOptions;
}

export interface SegmentedCase {
  /** Dataset label ids on the image's grid. */
  labels: Uint8Array;
  /** Regions only: the thresholded masks before composition, one per region. */
  regionMasks?: Uint8Array[];
}

/** The TTA flip sets segmentCase uses: the given ones, else the four BraTS flips for regions, all eight for classes. */
export function ttaFlips(flips: SegmentCaseOptions['flips'], regions: boolean): readonly (readonly FlipAxis[])[] {
  return flips ?? (regions ? BRATS_TTA_FLIPS : ALL_FLIPS_3D);
}

/**
 * `outChannels` is the network's output count (classes or regions). A WindowPredictor (worker threads) carries its own
 * TTA in its recipe: `o.tta` applies to a Predictor only.
 */
export async function segmentCase(predict: Predictor | WindowPredictor, image: Volume, outChannels: number, output: OutputLabels, o: SegmentCaseOptions): Promise<SegmentedCase> {
  const regions = output.activation === 'sigmoid' ? output.regions : undefined;
  if (output.activation === 'sigmoid' && regions === undefined) throw new Error('segmentCase: a sigmoid network needs its region definitions');
  if (regions && regions.regions.length !== outChannels) throw new Error(`segmentCase: ${regions.regions.length} regions for ${outChannels} outputs`);
  const p = !isWindowPredictor(predict) && o.tta ? flipTTA(predict, ttaFlips(o.flips, regions !== undefined)) : predict;
  const r = await slidingWindowInference(
    { data: image.data, dims: image.dims, channels: image.channels },
    {
      patchSize: [o.patchSize[2], o.patchSize[1], o.patchSize[0]],
      overlap: o.overlap,
      batchSize: o.batchSize,
      numClasses: outChannels,
      activation: output.activation,
      ...(regions ? { threshold: regions.threshold } : {}),
      keepProbabilities: false,
      ...(o.normalizeWindow ? { normalizeWindow: o.normalizeWindow } : {}),
      ...(o.signal ? { signal: o.signal } : {}),
      ...(o.onProgress ? { onProgress: o.onProgress } : {}),
    },
    p,
  );
  if (r.activation === 'sigmoid') {
    return { labels: regionMasksToLabels(r.regions, image.dims, regions!, o.compose), regionMasks: r.regions };
  }
  const ids = output.labelIds;
  if (ids === undefined) return { labels: r.labels };
  if (ids.length !== outChannels) throw new Error(`segmentCase: ${ids.length} label ids for ${outChannels} outputs`);
  const mapped = new Uint8Array(r.labels.length);
  for (let i = 0; i < mapped.length; i++) mapped[i] = ids[r.labels[i]!]!;
  return { labels: mapped };
}
