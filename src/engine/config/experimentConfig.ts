// The experiment config (`*.medkd.json`): one zod schema from which the validator, the TypeScript types and the
// JSON schema users see in the editor (media/medkd.schema.json, via scripts/generateSchema.ts) all come.
import { z } from 'zod';
import { cascadeOptionsShape } from './cascadeOptionsSchema';
import { crossTeachingOptionsShape } from './crossTeachingOptionsSchema';
import { msKdOptionsSchema } from './msKdOptionsSchema';
import { omniKdOptionsSchema } from './omniKdOptionsSchema';

const int = (doc: string) => z.int().describe(doc);
const vec3 = (doc: string) => z.tuple([z.int().min(1), z.int().min(1), z.int().min(1)]).describe(doc);

export const modelSchema = z
  .object({
    preset: z.enum(['teacher', 'student', 'seResUNet', 'seResUNetStudent', 'brainTumorStudent']).optional().describe('Start from a named architecture; the fields below override it.'),
    features: z.array(z.int().min(1).max(512)).min(2).max(6).optional().describe('Channels per resolution level, shallow to deep; the length is the number of levels.'),
    blocksPerLevel: z.union([z.int().min(1).max(8), z.array(z.int().min(1).max(8))]).optional().describe('Encoder blocks per level (one number for all levels, or one per level).'),
    residual: z.boolean().optional().describe('Residual blocks (conv-norm-act-conv-norm plus a skip) instead of plain double convolutions.'),
    norm: z.enum(['instance', 'group', 'none']).optional().describe('Normalisation after each convolution.'),
    groups: z.int().min(1).optional().describe('Groups for group normalisation.'),
    leakySlope: z.number().min(0).max(1).optional().describe('Negative slope of LeakyReLU (0.01 as in nnU-Net).'),
    separable: z.boolean().optional().describe('Depthwise-separable 3×3×3 convolutions (the light student).'),
    squeezeExcitation: z.boolean().optional().describe('Residual squeeze-excitation on the decoder skip path (shared between upsampled and skip tensors).'),
    seReduction: z.int().min(1).optional().describe('Channel reduction of the squeeze-excitation bottleneck.'),
    upsampling: z.enum(['nearest', 'transposed', 'resizeConv']).optional().describe('Decoder upsampling: nearest ×2 + conv, transposed conv (k2 s2), or trilinear ×2 + conv k2.'),
    convBias: z.boolean().optional().describe('Convolutions inside blocks carry a bias.'),
    outputActivation: z.enum(['softmax', 'sigmoid']).optional().describe('softmax over classes, or sigmoid per (overlapping) region.'),
    seed: z.int().optional().describe('Seed for weight initialisation.'),
  })
  .strict()
  .describe('Network architecture (a 3D U-Net).');

export const networkSchema = z
  .object({
    role: z.enum(['teacher', 'student']).describe('Teachers are distilled from; students are distilled into.'),
    model: modelSchema.default({}),
    checkpoint: z.string().optional().describe('A trained checkpoint folder to load, frozen (a teacher distilled from as it is).'),
    init: z
      .string()
      .optional()
      .describe('A checkpoint folder whose weights this network starts from and keeps training (fine-tuning, or extending an earlier run); its architecture comes from the checkpoint.'),
    data: z.string().optional().describe('For single-organ teachers (MS-KD): the dataset (folder or mask file) this teacher learns from.'),
  })
  .strict();

export const dataSchema = z
  .object({
    synthetic: z
      .object({
        cases: int('Number of phantom cases.').min(2).max(1000).default(16),
        size: vec3('Phantom grid [x, y, z] in voxels.').default([48, 48, 48]),
        organs: int('Organ structures per phantom (labels 1..n).').min(1).max(8).default(4),
        seed: int('Seed: the same seed gives the same phantoms.').default(1),
        modality: z.enum(['ct', 'mri']).default('ct').describe('CT-like (HU) or MRI-like intensities.'),
        unlabeledCases: int('Further phantoms used without their labels (the unlabelled pool).').min(0).max(1000).optional(),
      })
      .optional()
      .describe('Generate synthetic phantoms (the embedded default data).'),
    dataset: z.string().optional().describe('An MSD / nnU-Net dataset.json (or the folder holding it).'),
    images: z.string().optional().describe('Folder of training images (plain layout, paired with labels by file name).'),
    labels: z.string().optional().describe('Folder of label maps with the same file names as the images.'),
    unlabeled: z.string().optional().describe('Folder of unlabelled images (the pool for semi-supervised methods).'),
    organs: z.string().optional().describe('Folder of single-organ binary masks over one image (partially labelled data, MS-KD).'),
    organImage: z.string().optional().describe('The image the single-organ masks of `organs` belong to.'),
    labelNames: z.record(z.string(), z.string()).optional().describe('Label id → name.'),
    labelRemap: z.union([z.enum(['totalsegmentatorToFlare13']), z.record(z.string(), z.int().min(0))]).optional().describe('Source label id → training label id (unlisted ids become background), or a preset.'),
    channels: int('Image channels (modalities) per case.').min(1).max(8).optional(),
    validation: z
      .object({
        count: int('Held-out labelled cases.').min(0).optional(),
        fraction: z.number().min(0).max(0.9).optional().describe('Held-out fraction of labelled cases (used when count is absent).'),
        cases: z.array(z.string()).optional().describe('Explicit held-out case ids.'),
        seed: int('Seed of the split.').default(0),
      })
      .strict()
      .default({ seed: 0 }),
    maxCases: int('Use at most this many labelled cases (quick experiments).').min(1).optional(),
    maxUnlabeled: int('Use at most this many unlabelled cases.').min(0).optional(),
    testAsUnlabeled: z.boolean().optional().describe('Also use the dataset.json "test" images (imagesTs/) as unlabelled cases.'),
    organIds: z.record(z.string(), z.int().min(0)).optional().describe('Mask file name (without .nii.gz) → label id, for `organs`; masks not listed are skipped. Default: the labelRemap preset\'s class names, else labelNames by name, else 1, 2, ... in name order.'),
    annotates: z.array(z.int().min(1)).optional().describe('Label ids this dataset annotates (partially labelled data); other foreground ids are unknown in it, not background. Default: all.'),
  })
  .strict()
  .describe('Where the cases come from. Paths are relative to the config file.');

export const preprocessSchema = z
  .object({
    normalize: z.enum(['auto', 'ct', 'zscore', 'minmax', 'none']).default('auto').describe('Intensity normalisation: CT window, z-score over non-zero voxels (MRI), min-max; auto picks from the data.'),
    ctWindow: z.tuple([z.number(), z.number()]).default([-300, 300]).describe('CT clip window [low, high] in HU.'),
    spacing: z.tuple([z.number().positive(), z.number().positive(), z.number().positive()]).optional().describe('Resample to this voxel spacing in mm [x, y, z]; absent keeps the native grid.'),
    cropToForeground: z.boolean().default(false).describe('Crop each case to the bounding box of its non-zero voxels.'),
    cropMargin: int('Voxels of margin kept around the non-zero bounding box when cropping.').min(0).optional(),
    labelInterpolation: z.enum(['nearest', 'labelLinear']).optional().describe('How label maps are resampled: \'nearest\', or \'labelLinear\' (one-hot, trilinear, argmax: smoother, slower).'),
    padMultiple: int('Pad (centred) every axis up to a multiple of this, e.g. 16 for a 4-level U-Net run on whole volumes.').min(1).optional(),
    grid: vec3("Resample to this fixed grid [x, y, z] in voxels with aligned corners (Choi's coarse stage: 96³); overrides spacing.").optional(),
    normalizePerPatch: z.boolean().optional().describe("Normalise each patch with its own statistics (Choi's per-window z-score) instead of the whole case's."),
  })
  .strict()
  .default({ normalize: 'auto', ctWindow: [-300, 300], cropToForeground: false });

export const augmentSchema = z
  .object({
    flip: z.number().min(0).max(1).default(0.5).describe('Probability of flipping each axis.'),
    rotate: z.number().min(0).max(180).default(10).describe('Maximum rotation in degrees.'),
    scale: z.number().min(0).max(0.5).default(0.1).describe('Maximum relative scaling.'),
    intensity: z.number().min(0).max(1).default(0.1).describe('Intensity scale/shift range.'),
    noise: z.number().min(0).max(1).default(0.05).describe('Standard deviation of additive noise (normalised units).'),
    probability: z.number().min(0).max(1).default(0.3).describe('Probability that each spatial / intensity augmentation applies.'),
    flipAxes: z.array(z.enum(['x', 'y', 'z'])).optional().describe('Axes that may be flipped; default all three (drop \'x\' to keep left and right apart).'),
    rotateAllAxes: z.boolean().optional().describe('Rotate about all three axes instead of only z (the axial plane).'),
    scalePerAxis: z.boolean().optional().describe('Draw a separate zoom factor for each axis instead of one for all.'),
    rotateProbability: z.number().min(0).max(1).optional().describe('Probability of a rotation; default `probability`.'),
    scaleProbability: z.number().min(0).max(1).optional().describe('Probability of a zoom; default `probability`.'),
    intensityProbability: z.number().min(0).max(1).optional().describe('Probability of the intensity scale and, separately, of the shift; default `probability`.'),
    noiseProbability: z.number().min(0).max(1).optional().describe('Probability of adding noise; default `probability`.'),
  })
  .strict()
  .default({ flip: 0.5, rotate: 10, scale: 0.1, intensity: 0.1, noise: 0.05, probability: 0.3 });

export const trainSchema = z
  .object({
    steps: int('Optimiser steps of the main (distillation) phase.').min(1).default(1000),
    teacherSteps: int('Steps to train each teacher that has no checkpoint, before distillation.').min(0).default(1000),
    batchSize: int('Patches per step.').min(1).max(64).default(2),
    patchSize: vec3('Patch [x, y, z] in voxels; each side divisible by 2^(levels-1).').default([32, 32, 32]),
    foregroundFraction: z.number().min(0).max(1).default(0.33).describe('Fraction of patches centred on a foreground voxel.'),
    optimizer: z.enum(['adam', 'amsgrad', 'sgd']).default('adam').describe('Optimiser.'),
    momentum: z.number().min(0).max(0.999).default(0.99).describe('SGD Nesterov momentum.'),
    weightDecay: z.number().min(0).max(0.1).default(3e-5).describe('L2 weight decay.'),
    schedule: z.enum(['constant', 'poly', 'step', 'cosine']).default('poly').describe('Learning-rate schedule over each phase.'),
    warmupSteps: int('Linear learning-rate warm-up steps.').min(0).default(0),
    valEvery: int('Validate (sliding-window Dice on held-out cases) every N steps; 0 never.').min(0).default(200),
    checkpointEvery: int('Save checkpoints every N steps (and always at the end).').min(1).default(500),
    logEvery: int('Write a metrics line every N steps.').min(1).default(1),
    seed: int('Seed for sampling and augmentation.').default(0),
  })
  .strict()
  .default({
    steps: 1000, teacherSteps: 1000, batchSize: 2, patchSize: [32, 32, 32], foregroundFraction: 0.33, optimizer: 'adam', momentum: 0.99,
    weightDecay: 3e-5, schedule: 'poly', warmupSteps: 0, valEvery: 200, checkpointEvery: 500, logEvery: 1, seed: 0,
  });

export const inferenceSchema = z
  .object({
    overlap: z.number().min(0).max(0.9).default(0.5).describe('Sliding-window overlap (fraction of the patch).'),
    tta: z.boolean().default(false).describe('Flip test-time augmentation.'),
    largestComponent: z.boolean().default(true).describe('Keep the largest connected component per class (26-connectivity).'),
    batchSize: int('Windows per forward pass.').min(1).max(16).default(2),
  })
  .strict()
  .default({ overlap: 0.5, tta: false, largestComponent: true, batchSize: 2 });

export const methodSchema = z.enum(['supervised', 'kd', 'crossTeachingKD', 'msKD', 'omniKD']).describe('The training recipe.');

export const experimentConfigSchema = z
  .object({
    $schema: z.string().optional(),
    name: z.string().min(1).regex(/^[A-Za-z0-9_. -]+$/, 'letters, digits, space, _ . - only').describe('Run name prefix.'),
    method: methodSchema,
    data: dataSchema,
    preprocess: preprocessSchema,
    augment: augmentSchema,
    networks: z.record(z.string(), networkSchema).describe('The networks by name (e.g. teacher, student).'),
    train: trainSchema,
    hyper: z.record(z.string(), z.number()).default({}).describe('Live-tweakable hyperparameters (lr, temperature, kdWeight, ...); the method lists which it takes.'),
    inference: inferenceSchema,
    methodOptions: z
      .object({ ...cascadeOptionsShape, ...crossTeachingOptionsShape })
      .catchall(z.union([z.number(), z.string(), z.boolean(), z.array(z.number())]))
      .default({})
      .describe('Method-specific options (see the method docs).'),
    msKD: msKdOptionsSchema.optional(),
    omniKD: omniKdOptionsSchema.optional(),
  })
  .strict();

export type ExperimentConfig = z.output<typeof experimentConfigSchema>;
export type ExperimentConfigInput = z.input<typeof experimentConfigSchema>;
export type ModelConfig = z.output<typeof modelSchema>;
export type NetworkConfig = z.output<typeof networkSchema>;
export type DataSourceConfig = z.output<typeof dataSchema>;
export type TrainConfig = z.output<typeof trainSchema>;
export type Method = z.output<typeof methodSchema>;
