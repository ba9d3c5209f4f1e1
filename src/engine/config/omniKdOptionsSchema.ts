// The `omniKD` section of experiment configs (Lachinov, methods.md §3): brain-tumour mode's overlapping regions, how they
// compose back to label ids, and pseudo-labelling settings.
import { z } from 'zod';

export const regionDefinitionSchema = z
  .object({
    name: z.string().min(1).describe('Region name (WT, TC, ET ...), used in metrics.'),
    labels: z.array(z.int().min(1).max(255)).min(1).describe('Label ids inside the region.'),
  })
  .strict();

export const compositionRuleSchema = z
  .object({
    region: z.int().min(0).describe('Index of the region in `regions`.'),
    label: z.int().min(0).max(255).describe('Label id painted where the region is set (overwrites earlier rules).'),
    moreThanVoxels: z.int().min(0).optional().describe('Apply the rule only when the region has more voxels than this (the ET rule: 32).'),
  })
  .strict();

export const omniKdOptionsSchema = z
  .object({
    regions: z
      .union([z.enum(['brats2015', 'brats2023']), z.array(regionDefinitionSchema).min(1)])
      .optional()
      .describe('Brain-tumour mode: sigmoid outputs for overlapping regions. brats2015 (1 necrosis, 2 oedema, 3 non-enhancing, 4 enhancing) and brats2023 (1 NETC, 2 oedema, 3 ET) give WT, TC, ET; or list them. Absent: softmax over the label ids.'),
    composition: z.array(compositionRuleSchema).optional().describe("How thresholded regions become label ids again, in order; default the preset's WT → 2, TC → 1, ET → 4 (brats2015) or 3 if more than 32 voxels."),
    threshold: z.number().min(0).max(1).default(0.5).describe('Brain-tumour mode: a voxel is in a region when its probability is above this.'),
    minComponentFraction: z.number().min(0).max(1).default(0.1).describe('Brain-tumour mode: predictions drop tumour components smaller than this fraction of the tumour (0 keeps all).'),
    pseudoLabelTta: z.boolean().default(true).describe('Pseudo-label with flip test-time augmentation (the four BraTS flips in brain-tumour mode, all eight otherwise).'),
  })
  .strict()
  .describe('Omni-supervised distillation (method omniKD): a teacher ensemble pseudo-labels the unlabelled cases, and the student learns from ground truth and pseudo-labels.');


export type OmniKdOptions = z.output<typeof omniKdOptionsSchema>;
