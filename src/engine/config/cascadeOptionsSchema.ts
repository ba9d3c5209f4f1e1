// The `methodOptions` fields of a coarse-to-fine cascade (Choi, methods.md §1.4): which stage a run trains and how
// the fine stage finds its region of interest. Any method can train a stage; defaults live in cascadeOptions.ts.
import { z } from 'zod';

export const CASCADE_STAGES = ['single', 'coarse', 'fine'] as const;

export const cascadeOptionsShape = {
  stage: z
    .enum(CASCADE_STAGES)
    .optional()
    .describe("Cascade stage this run trains: 'single' (no cascade, default), 'coarse' (whole volumes on preprocess.grid) or 'fine' (each case's ROI, cropped at full resolution, on preprocess.grid)."),
  coarseCheckpoint: z.string().optional().describe('Fine stage: a trained coarse-stage checkpoint whose prediction gives the ROI of each unlabelled case (labelled cases use their ground truth).'),
  roiMargin: z.number().min(1).max(4).optional().describe('Fine stage: the ROI box extent is multiplied by this about its centre (Choi: 1.1).'),
  roiFallbackMm: z
    .tuple([z.number().positive(), z.number().positive(), z.number().positive()])
    .optional()
    .describe('Fine stage: centred ROI box [x, y, z] in mm used when the mask is empty (Choi: 240 × 160 × 240).'),
};
