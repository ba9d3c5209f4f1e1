// Choi's joint phase: two teachers and a student trained together by one optimiser, one labelled and one unlabelled
// patch in turn (methods.md §1.6). Teachers differ only in their configured upsampling; all three see the same patch.
import type { Phase } from '../training/trainLoop';
import type { BuiltNetwork } from './buildNetworks';
import type { CrossTeachingOptions } from './crossTeachingOptions';
import { CROSS_TEACHING_DEFAULTS } from './crossTeachingOptions';
import { crossTeachingLoss } from './crossTeachingLoss';
import { crossTeachingRampUp } from './crossTeachingRampUp';
import { mergeVariables } from './mergeVariables';
import { oneHot5d } from './segmentationLoss';
import { applyLogits } from './supervisedPhase';

export interface CrossTeachingTrio {
  student: BuiltNetwork;
  teachers: readonly [BuiltNetwork, BuiltNetwork];
}

/** Even phase steps take a labelled batch, odd ones an unlabelled batch (the two-stream sampler). */
export function crossTeachingBatchKind(phaseStep: number): 'labelled' | 'unlabelled' {
  return phaseStep % 2 === 0 ? 'labelled' : 'unlabelled';
}

export function crossTeachingPhase(trio: CrossTeachingTrio, steps: number, numClasses: number, options: CrossTeachingOptions, validate: Phase['validate']): Phase {
  const nets = [trio.student, ...trio.teachers];
  const d = CROSS_TEACHING_DEFAULTS;
  return {
    name: 'crossTeaching',
    steps,
    networks: nets.map((n) => n.name),
    // Networks loaded from a checkpoint stay frozen: their outputs still teach, their weights do not move.
    variables: () => mergeVariables(nets.filter((n) => !n.frozen).map((n) => n.network)),
    batchKind: crossTeachingBatchKind,
    loss: (batch, ctx) => {
      const h = ctx.hyper;
      const ramp = crossTeachingRampUp(ctx.phaseStep, { lengthSteps: h['rampUpLength'] ?? ctx.phaseSteps, per: options.rampUpPer, stepsPerEpoch: options.stepsPerEpoch });
      const weights = { kdWeight: h['kdWeight'] ?? d.kdWeight, ctWeight: h['ctWeight'] ?? d.ctWeight, temperature: h['temperature'] ?? d.temperature, ramp };
      const logits = (n: BuiltNetwork) => ({ name: n.name, logits: applyLogits(n, batch.image).logits });
      const trioLogits = { student: logits(trio.student), teachers: [logits(trio.teachers[0]), logits(trio.teachers[1])] as const };
      // The sampler's kind decides the loss; a labelled batch in an unlabelled slot would still be used without labels.
      const target = batch.kind === 'labelled' && batch.label !== undefined ? oneHot5d(batch.label, numClasses) : undefined;
      if (batch.kind === 'labelled' && target === undefined) throw new Error('crossTeaching: a labelled batch has no labels');
      return crossTeachingLoss(batch.kind, trioLogits, target, weights, options);
    },
    ...(validate ? { validate } : {}),
  };
}
