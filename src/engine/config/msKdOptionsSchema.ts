// The `msKD` section of experiment configs (MS-KD, methods.md §2.4: the paper's details are gaps, so each guess is an option).
// Live weights (logitWeight, featureWeight, supWeight, temperature) are hyperparameters, not options.
import { z } from 'zod';

const int = (doc: string) => z.int().describe(doc);

export const msKdOptionsSchema = z
  .object({
    teacherOrgans: z.record(z.string(), z.int().min(1).max(255)).optional().describe('Teacher name → the label id it is the expert for. Default: the label its `data` mask file stands for, else the label named like the teacher.'),
    featureLevel: int('Resolution level whose decoder features are distilled (0 = full resolution, 1 = half, ...); student and teachers must all have it.').min(0).max(5).default(1),
    featureDistance: z.enum(['l2', 'cosine']).default('l2').describe('Feature distance per voxel: squared L2 over channels, or 1 − cosine similarity.'),
    collapse: z.enum(['renormalize', 'complement']).default('renormalize').describe("The student's [background, organ k] distribution: [s_0, s_k]/(s_0 + s_k), or [1 − s_k, s_k]."),
    organThreshold: z.number().min(0).max(1).default(0.5).describe("A teacher's organ region is where its organ probability exceeds this; the agreed background is where every teacher is below it."),
  })
  .strict()
  .describe('MS-KD (method msKD): binary single-organ teachers distilled into one multi-organ student by region-based logit and feature supervision.');


export type MsKdOptions = z.output<typeof msKdOptionsSchema>;
