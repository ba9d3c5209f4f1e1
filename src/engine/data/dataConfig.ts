// What a dataset is made of, as users write it in the `data` section of an experiment config. The field names,
// meanings and docs match the experiment schema (src/engine/config/experimentConfig.ts, `dataSchema`), whose parsed
// output is assignable to DataConfig (a test pins that); the data layer reads only this type.
import type { Vec3 } from '../io/volume';
import type { PhantomModality } from './phantom';
import type { LabelRemap, LabelRemapPreset } from './remapLabels';

/** The `data` section: one source (synthetic, dataset, images + labels, or organs + organImage) plus an optional unlabelled pool. Paths are relative to the config file. */
export interface DataConfig {
  /** Generate synthetic phantoms (the embedded default data). */
  synthetic?: SyntheticDataConfig;
  /** An MSD / nnU-Net dataset.json (or the folder holding it). */
  dataset?: string;
  /** Folder of training images (plain layout, paired with labels by file name). */
  images?: string;
  /** Folder of label maps with the same file names as the images. */
  labels?: string;
  /** Folder of unlabelled images (the pool for semi-supervised methods). */
  unlabeled?: string;
  /** Folder of single-organ binary masks over one image (partially labelled data, MS-KD). */
  organs?: string;
  /** The image the single-organ masks of `organs` belong to. */
  organImage?: string;
  /** Mask file name (without .nii.gz) → label id, for `organs`; masks not listed are skipped. Default: the labelRemap preset's class names, else labelNames by name, else 1, 2, ... in name order. */
  organIds?: Record<string, number>;
  /** Label id → name. */
  labelNames?: Record<string, string>;
  /** Source label id → training label id (unlisted ids become background), or a preset. */
  labelRemap?: LabelRemapPreset | LabelRemap;
  /** Label ids this dataset annotates (partially labelled data); other foreground ids are unknown in it, not background. Default: all. */
  annotates?: number[];
  /** Image channels (modalities) per case. */
  channels?: number;
  /** Held-out labelled cases for validation. */
  validation?: ValidationSplitConfig;
  /** Use at most this many labelled cases (quick experiments). */
  maxCases?: number;
  /** Use at most this many unlabelled cases. */
  maxUnlabeled?: number;
  /** Also use the dataset.json "test" images (imagesTs/) as unlabelled cases. */
  testAsUnlabeled?: boolean;
}

export interface SyntheticDataConfig {
  /** Number of phantom cases. */
  cases?: number;
  /** Phantom grid [x, y, z] in voxels. */
  size?: Vec3;
  /** Organ structures per phantom (labels 1..n). */
  organs?: number;
  /** Seed: the same seed gives the same phantoms. */
  seed?: number;
  /** CT-like (HU) or MRI-like intensities. */
  modality?: PhantomModality;
  /** Voxel size [x, y, z] in mm. */
  spacing?: Vec3;
  /** Further phantoms used without their labels (the unlabelled pool). */
  unlabeledCases?: number;
}

export interface ValidationSplitConfig {
  /** Held-out labelled cases. */
  count?: number;
  /** Held-out fraction of labelled cases (used when count is absent). */
  fraction?: number;
  /** Explicit held-out case ids. */
  cases?: string[];
  /** Seed of the split. */
  seed?: number;
}

/** How training patches are drawn; field names match `train` in the experiment config. */
export interface SamplingConfig {
  /** Patch [x, y, z] in voxels; each side divisible by 2^(levels-1). */
  patchSize: Vec3;
  /** Patches per step. */
  batchSize: number;
  /** Fraction of patches centred on a foreground voxel. */
  foregroundFraction: number;
  /** Seed for sampling and augmentation. */
  seed: number;
}

export const DEFAULT_SAMPLING: SamplingConfig = { patchSize: [32, 32, 32], batchSize: 2, foregroundFraction: 0.33, seed: 0 };
