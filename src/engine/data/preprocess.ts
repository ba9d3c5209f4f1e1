// The per-case preprocessing pipeline: crop to foreground → clip and normalise → resample → pad. Every step is written
// to a PreprocessRecord (plain JSON) so inference can put predictions back on the original grid (invertPreprocess).
import type { Mat4, Vec3, Volume } from '../io/volume';
import type { Box } from './cropVolume';
import { cropVolume, nonZeroBox } from './cropVolume';
import type { GridMap } from './gridMap';
import type { ChannelIntensity, NormalizeMode } from './normalizeIntensity';
import { normalizeIntensity } from './normalizeIntensity';
import type { Padding } from './padVolume';
import { padVolume, paddingFor } from './padVolume';
import { alignCornersMap, resampleWithMap, spacingDims } from './resampleVolume';

/** What to do to every case before sampling. Field names and meanings match `preprocess` in the experiment config. */
export interface PreprocessConfig {
  /** Intensity normalisation: CT window, z-score over non-zero voxels (MRI), min-max; auto picks from the data. */
  normalize: 'auto' | 'ct' | 'zscore' | 'minmax' | 'none';
  /** CT clip window [low, high] in HU. */
  ctWindow: [number, number];
  /** Resample to this voxel spacing in mm [x, y, z]; absent keeps the native grid. */
  spacing?: Vec3;
  /** Crop each case to the bounding box of its non-zero voxels. */
  cropToForeground: boolean;
  /** Voxels of margin kept around the non-zero bounding box when cropping. */
  cropMargin?: number;
  /** Resample to this fixed grid [x, y, z] in voxels with aligned corners (Choi's coarse stage: 96³); overrides spacing. */
  grid?: Vec3;
  /** How label maps are resampled: 'nearest', or 'labelLinear' (one-hot, trilinear, argmax: smoother, slower). */
  labelInterpolation?: 'nearest' | 'labelLinear';
  /** Normalise each patch with its own statistics (Choi's per-window z-score) instead of the whole case's. */
  normalizePerPatch?: boolean;
  /** Pad (centred) to at least this size [x, y, z] in voxels, e.g. the patch size. */
  minSize?: Vec3;
  /** Pad (centred) every axis up to a multiple of this, e.g. 16 for a 4-level U-Net run on whole volumes. */
  padMultiple?: number;
}

export const DEFAULT_PREPROCESS: PreprocessConfig = { normalize: 'auto', ctWindow: [-300, 300], cropToForeground: false };

/** What 'auto' normalisation may know about the data besides the voxels. */
export interface ModalityHint {
  /** 'ct' when the dataset says CT (dataset.json channel names, phantom modality). */
  modality?: 'ct' | 'mri' | 'other';
}

/** One recorded transform, in the order applied. */
export type PreprocessStep =
  | { op: 'crop'; box: Box; inDims: Vec3 }
  | { op: 'intensity'; clip?: [number, number]; normalize: NormalizeMode; channels: ChannelIntensity[] }
  | { op: 'resample'; inDims: Vec3; outDims: Vec3; map: GridMap }
  | { op: 'pad'; padding: Padding; inDims: Vec3; values: number[] };

/** Everything preprocessing did to one case: enough to map a prediction back onto the original grid. */
export interface PreprocessRecord {
  original: { dims: Vec3; spacing: Vec3; affine: Mat4; channels: number };
  steps: PreprocessStep[];
}

export interface PreprocessedCase {
  image: Volume;
  /** The label map on the same grid as `image`. */
  label?: Volume;
  record: PreprocessRecord;
  /** Per-channel value of "nothing here" after normalisation (the channel minimum), used to pad images and patches. */
  fill: number[];
}

/** Runs the pipeline on one case. `label`, when given, must already be on the image's grid. */
export function preprocessCase(image: Volume, label: Volume | undefined, config: PreprocessConfig, hint: ModalityHint = {}): PreprocessedCase {
  const record: PreprocessRecord = {
    original: { dims: [...image.dims], spacing: [...image.spacing], affine: image.affine.map((r) => [...r]) as Mat4, channels: image.channels },
    steps: [],
  };
  let img = image;
  let lab = label;

  if (config.cropToForeground) {
    const box = nonZeroBox(img, config.cropMargin ?? 0);
    if (box && box.end.some((e, a) => e - box.start[a]! !== img.dims[a])) {
      record.steps.push({ op: 'crop', box, inDims: [...img.dims] });
      img = cropVolume(img, box);
      lab = lab && cropVolume(lab, box);
    }
  }

  const { clip, normalize } = intensityPlan(img, config, hint);
  if (clip || normalize !== 'none') {
    const n = normalizeIntensity(img, { clip, normalize });
    img = n.volume;
    record.steps.push({ op: 'intensity', ...(clip ? { clip } : {}), normalize, channels: n.channels });
  } else {
    img = { ...img, data: img.data.slice() }; // the output never aliases the caller's (possibly cached) volume
  }

  const resample = resamplePlan(img, config);
  if (resample) {
    record.steps.push({ op: 'resample', inDims: [...img.dims], outDims: [...resample.outDims], map: resample.map });
    img = resampleWithMap(img, resample.outDims, resample.map, 'linear');
    lab = lab && resampleWithMap(lab, resample.outDims, resample.map, config.labelInterpolation ?? 'nearest');
  }

  const fill = channelMinima(img);
  if (config.minSize || (config.padMultiple ?? 1) > 1) {
    const padding = paddingFor(img.dims, config.minSize, config.padMultiple ?? 1);
    if ([...padding.before, ...padding.after].some((p) => p > 0)) {
      record.steps.push({ op: 'pad', padding, inDims: [...img.dims], values: fill });
      img = padVolume(img, padding, fill);
      lab = lab && padVolume(lab, padding, [0]);
    }
  }
  return { image: img, ...(lab ? { label: lab } : {}), record, fill };
}

/**
 * Turns the user-facing mode into a clip and a normalisation. 'auto' means CT when the hint says so or the image
 * goes below -500 (air in HU), else the MRI z-score. Per-patch normalisation leaves only the clip for the volume.
 */
export function intensityPlan(image: Volume, config: Pick<PreprocessConfig, 'normalize' | 'ctWindow' | 'normalizePerPatch'>, hint: ModalityHint = {}): { clip?: [number, number]; normalize: NormalizeMode } {
  let mode = config.normalize;
  if (mode === 'auto') mode = hint.modality === 'ct' || (hint.modality === undefined && volumeMin(image) < -500) ? 'ct' : 'zscore';
  const plan: { clip?: [number, number]; normalize: NormalizeMode } =
    mode === 'ct' ? { clip: config.ctWindow, normalize: 'zscore' } : mode === 'zscore' ? { normalize: 'zscoreNonZero' } : { normalize: mode };
  if (config.normalizePerPatch) plan.normalize = 'none';
  return plan;
}

/** The target grid and map of the resampling step, or undefined when the case is already there. */
function resamplePlan(img: Volume, config: PreprocessConfig): { outDims: Vec3; map: GridMap } | undefined {
  if (config.grid) {
    const grid = config.grid;
    return grid.some((n, a) => n !== img.dims[a]) ? { outDims: [...grid], map: alignCornersMap(img.dims, grid) } : undefined;
  }
  const spacing = config.spacing;
  if (!spacing || spacing.every((s, a) => Math.abs(s - img.spacing[a]!) <= 1e-6 * s)) return undefined;
  return { outDims: spacingDims(img.dims, img.spacing, spacing), map: [0, 1, 2].map((a) => ({ scale: spacing[a]! / img.spacing[a]!, offset: 0 })) as GridMap };
}

function volumeMin(v: Volume): number {
  let m = Infinity;
  for (let i = 0; i < v.data.length; i++) if (v.data[i]! < m) m = v.data[i]!;
  return m;
}

function channelMinima(v: Volume): number[] {
  const n = v.dims[0] * v.dims[1] * v.dims[2];
  const out: number[] = [];
  for (let c = 0; c < v.channels; c++) {
    let m = Infinity;
    for (let i = c * n; i < (c + 1) * n; i++) if (v.data[i]! < m) m = v.data[i]!;
    out.push(Number.isFinite(m) ? m : 0);
  }
  return out;
}
