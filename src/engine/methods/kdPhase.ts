// Basic knowledge distillation: a frozen teacher's softened outputs (KL with temperature T, T²-scaled) plus the
// ground-truth loss train the student (Hinton et al.; methods.md's "basic_kd" ablation).
import * as tf from '@tensorflow/tfjs-core';
import type { Phase } from '../training/trainLoop';
import { kdLoss } from '../losses/kdLoss';
import type { BuiltNetwork } from './buildNetworks';
import { oneHot5d, segmentationTerms } from './segmentationLoss';
import { applyLogits } from './supervisedPhase';
import { frozenForward } from './frozenForward';

export function kdPhase(teachers: BuiltNetwork[], student: BuiltNetwork, steps: number, numClasses: number, validate: Phase['validate']): Phase {
  return {
    name: student.name,
    steps,
    networks: [student.name],
    variables: () => student.network.variables,
    batchKind: () => 'labelled',
    loss: (batch, ctx) => {
      if (batch.label === undefined) throw new Error(`${student.name}: a labelled batch has no labels`);
      const target = oneHot5d(batch.label, numClasses);
      // Teachers run off the tape (nothing recorded or saved for backprop): their outputs are constants.
      const teacherLogits = teachers.map((t) => frozenForward(t.network, batch.image).logits);
      const { logits } = applyLogits(student, batch.image);
      const { dice, ce } = segmentationTerms(logits, target);
      const T = ctx.hyper['temperature'] ?? 1;
      const kd = kdLoss(logits, teacherLogits, { temperature: T, scaleByTemperatureSquared: true });
      const segW = ctx.hyper['segWeight'] ?? 1;
      const kdW = ctx.hyper['kdWeight'] ?? 1;
      const seg = tf.mul(segW, tf.add(dice, ce)) as tf.Scalar;
      const kdTerm = tf.mul(kdW, kd) as tf.Scalar;
      return { total: tf.add(seg, kdTerm) as tf.Scalar, components: { [`${student.name}/dice`]: dice, [`${student.name}/ce`]: ce, kd: kdTerm } };
    },
    ...(validate ? { validate } : {}),
  };
}
