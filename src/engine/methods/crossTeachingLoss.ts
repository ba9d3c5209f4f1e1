// Choi's step loss for a student S and teachers T1, T2 that see the same patch (methods.md §1.6):
//   labelled:   L_seg(S) + L_seg(T1) + L_seg(T2) + kdWeight·r·L_kd
//   unlabelled: ctWeight·r·[L_hd(T1←T2) + L_hd(T2←T1) + L_hd(S←avg T)] + kdWeight·r^p·L_kd   (p = 2)
// L_seg = soft Dice (P1 form) + focal; L_hd = Dice against another net's hard argmax; L_kd = KL(avg teacher ‖ S).
import * as tf from '@tensorflow/tfjs-core';
import { focalLoss } from '../losses/focalLoss';
import { kdLoss } from '../losses/kdLoss';
import { pseudoLabelDiceLoss } from '../losses/pseudoLabelDiceLoss';
import { p1DiceOptions, softDiceLoss } from '../losses/softDiceLoss';
import type { BatchKind, LossTerms } from '../training/trainLoop';
import type { CrossTeachingOptions } from './crossTeachingOptions';

export interface NamedLogits {
  name: string;
  /** [N, D, H, W, C] */
  logits: tf.Tensor5D;
}

export interface TrioLogits {
  student: NamedLogits;
  teachers: readonly [NamedLogits, NamedLogits];
}

/** The live values of one step. */
export interface CrossTeachingWeights {
  kdWeight: number;
  ctWeight: number;
  temperature: number;
  /** The ramp-up r of this step. */
  ramp: number;
}

export type CrossTeachingLossOptions = Pick<CrossTeachingOptions, 'studentPseudoLabel' | 'segDiceWeight' | 'segFocalWeight' | 'focal' | 'kdTemperatureSquared' | 'unlabelledKdRampPower'>;

/**
 * target: one-hot [N, D, H, W, C], required for labelled batches. Components are logged as "loss/<name>", each
 * already weighted as it enters the total: "<net>/dice", "<net>/focal", "kd" (labelled); "ct/<net>", "kd/unlabelled".
 */
export function crossTeachingLoss(kind: BatchKind, trio: TrioLogits, target: tf.Tensor5D | undefined, w: CrossTeachingWeights, o: CrossTeachingLossOptions): LossTerms {
  const [t1, t2] = trio.teachers;
  const s = trio.student;
  const kd = () => kdLoss(s.logits, [t1.logits, t2.logits], { temperature: w.temperature, scaleByTemperatureSquared: o.kdTemperatureSquared });
  const components: Record<string, tf.Scalar> = {};
  if (kind === 'labelled') {
    if (target === undefined) throw new Error('crossTeachingLoss: a labelled batch needs its one-hot target');
    for (const net of [s, t1, t2]) {
      const probs = tf.softmax(net.logits) as tf.Tensor5D;
      components[`${net.name}/dice`] = tf.mul(o.segDiceWeight, softDiceLoss(probs, target, p1DiceOptions));
      components[`${net.name}/focal`] = tf.mul(o.segFocalWeight, focalLoss(probs, target, o.focal));
    }
    components['kd'] = tf.mul(w.kdWeight * w.ramp, kd());
  } else {
    const p1 = tf.softmax(t1.logits) as tf.Tensor5D;
    const p2 = tf.softmax(t2.logits) as tf.Tensor5D;
    const ct = w.ctWeight * w.ramp;
    // Each teacher learns the other's hard pseudo-label; pseudoLabelDiceLoss stops the target's gradient.
    components[`ct/${t1.name}`] = tf.mul(ct, pseudoLabelDiceLoss(p1, p2));
    components[`ct/${t2.name}`] = tf.mul(ct, pseudoLabelDiceLoss(p2, p1));
    // The student's target averages the teachers in probability space before the argmax.
    if (o.studentPseudoLabel) components[`ct/${s.name}`] = tf.mul(ct, pseudoLabelDiceLoss(tf.softmax(s.logits) as tf.Tensor5D, [p1, p2]));
    components['kd/unlabelled'] = tf.mul(w.kdWeight * w.ramp ** o.unlabelledKdRampPower, kd());
  }
  return { total: tf.addN(Object.values(components)) as tf.Scalar, components };
}
