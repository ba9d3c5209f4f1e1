// Hinton KD as P1 uses it: per-voxel KL(q ‖ p) averaged over voxels, q the mean of the teachers' softened softmaxes.
import * as tf from '@tensorflow/tfjs-core';
import { stopGradient } from './stopGradient';

export interface KdLossOptions {
  /** T, dividing student and teacher logits alike. */
  temperature: number;
  /** Multiply by T² so gradients keep their size across temperatures (Hinton); P1 runs T = 1, where it has no effect. */
  scaleByTemperatureSquared: boolean;
}

export const defaultKdOptions: KdLossOptions = { temperature: 1, scaleByTemperatureSquared: true };

/**
 * studentLogits: [N, D, H, W, C]; teacherLogits: one or more tensors of that shape, averaged in probability space
 * after softmax(z/T). Teachers get no gradient. Returns (1/(N·D·H·W)) Σ_voxels Σ_c q (log q − log p).
 */
export function kdLoss(studentLogits: tf.Tensor5D, teacherLogits: tf.Tensor5D | tf.Tensor5D[], options: KdLossOptions = defaultKdOptions): tf.Scalar {
  const teachers = Array.isArray(teacherLogits) ? teacherLogits : [teacherLogits];
  if (teachers.length === 0) throw new Error('kdLoss: no teacher logits');
  const t = options.temperature;
  return tf.tidy(() => {
    const logp = tf.logSoftmax(tf.div(studentLogits, t), -1);
    const q = tf.div(tf.addN(teachers.map((z) => tf.softmax(tf.div(stopGradient(z), t), -1))), teachers.length);
    // q·log q → 0 as q → 0; the clamp only keeps log finite there.
    const kl = tf.sum(tf.mul(q, tf.sub(tf.log(tf.maximum(q, 1e-8)), logp)), -1);
    const loss = tf.mean(kl);
    return (options.scaleByTemperatureSquared ? tf.mul(loss, t * t) : loss) as tf.Scalar;
  });
}
