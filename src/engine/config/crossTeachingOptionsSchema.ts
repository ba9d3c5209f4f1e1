// The `methodOptions` fields of crossTeachingKD (Choi, methods.md §1.6). Live weights (kdWeight, ctWeight,
// temperature, rampUpLength) are hyperparameters, not options; defaults live in crossTeachingOptions.ts.
import { z } from 'zod';

export const crossTeachingOptionsShape = {
  studentPseudoLabel: z.boolean().optional().describe("crossTeachingKD: on unlabelled patches the student also learns the averaged teachers' hard pseudo-label (default true)."),
  rampUpPer: z.enum(['epoch', 'step']).optional().describe("crossTeachingKD: the ramp-up r advances once per epoch (Choi, default) or every step."),
  stepsPerEpoch: z.int().min(1).optional().describe('crossTeachingKD: steps per epoch for the ramp-up (default 2 × labelled training cases: one labelled and one unlabelled step each).'),
  segDiceWeight: z.number().min(0).optional().describe('crossTeachingKD: weight of the soft Dice in each network\'s supervised loss (default 1).'),
  segFocalWeight: z.number().min(0).optional().describe("crossTeachingKD: weight of the focal loss in each network's supervised loss (default 1)."),
  focalGamma: z.number().min(0).optional().describe('crossTeachingKD: focusing exponent γ of the focal loss (default 2).'),
  focalAlpha: z.number().min(0).optional().describe('crossTeachingKD: α of the focal loss, the same for every class (default 0.5).'),
  kdTemperatureSquared: z.boolean().optional().describe('crossTeachingKD: multiply the KD loss by T² (Hinton; no effect at the default T = 1; default true).'),
  unlabelledKdRampPower: z.number().min(0).optional().describe('crossTeachingKD: the KD weight on unlabelled patches is kdWeight · r^this (Choi: 2).'),
};
