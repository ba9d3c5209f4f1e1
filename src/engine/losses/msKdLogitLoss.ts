// MS-KD logit loss (methods.md §2.4 GUESS): per teacher, KL between its binary distribution and the student's collapsed one, averaged over its region.
import * as tf from '@tensorflow/tfjs-core';
import { maskedMean } from './maskedMean';
import { stopGradient } from './stopGradient';

export interface MsKdLogitOptions {
  /** τ dividing teacher and student logits. */
  temperature: number;
  /** Multiply by τ² (Hinton). */
  scaleByTemperatureSquared: boolean;
  /** Student channel of teacher k's organ; default k + 1 (channel 0 is background). */
  organChannels?: number[];
  /** Student [bg, organ k] distribution: 'renormalize' = [s_0, s_k]/(s_0 + s_k); 'complement' = [1 − s_k, s_k]. */
  collapse: 'renormalize' | 'complement';
}

export const defaultMsKdLogitOptions: MsKdLogitOptions = { temperature: 1, scaleByTemperatureSquared: true, collapse: 'renormalize' };

/**
 * studentLogits: [N, D, H, W, K+1]; teacherLogits: K tensors [N, D, H, W, 2] (no gradient flows to them);
 * regions: K masks [N, D, H, W, 1] (see msKdRegionMasks). Returns Σ_k Σ_{v∈R_k} KL(P_k ‖ Q_k) / max(|R_k|, 1) (× τ²).
 */
export function msKdLogitLoss(studentLogits: tf.Tensor5D, teacherLogits: tf.Tensor5D[], regions: tf.Tensor5D[], options: MsKdLogitOptions = defaultMsKdLogitOptions): tf.Scalar {
  const k = teacherLogits.length;
  const c = studentLogits.shape[4];
  if (regions.length !== k) throw new Error(`msKdLogitLoss: ${regions.length} regions for ${k} teachers`);
  const channels = options.organChannels ?? teacherLogits.map((_, i) => i + 1);
  if (channels.length !== k || channels.some((ch) => ch < 1 || ch >= c)) throw new Error(`msKdLogitLoss: organ channels ${channels} do not fit ${c} student channels`);
  const tau = options.temperature;
  return tf.tidy(() => {
    const zs = tf.div(studentLogits, tau);
    const terms = teacherLogits.map((zt, i) => {
      const ch = channels[i] ?? i + 1;
      const organ = tf.slice(zs, [0, 0, 0, 0, ch], [-1, -1, -1, -1, 1]);
      let logQ: tf.Tensor;
      if (options.collapse === 'renormalize') {
        // log of [s_0, s_k]/(s_0 + s_k) is a log-softmax over just those two logits.
        logQ = tf.logSoftmax(tf.concat([tf.slice(zs, [0, 0, 0, 0, 0], [-1, -1, -1, -1, 1]), organ], 4), -1);
      } else {
        // log(1 − s_k) = logsumexp over the other channels − logsumexp over all, stable where s_k → 1.
        const others = tf.gather(zs, [...Array(c).keys()].filter((j) => j !== ch), 4);
        const lse = tf.logSumExp(zs, -1, true);
        logQ = tf.concat([tf.sub(tf.logSumExp(others, -1, true), lse), tf.sub(organ, lse)], 4);
      }
      const p = tf.softmax(tf.div(stopGradient(zt), tau), -1);
      const kl = tf.sum(tf.mul(p, tf.sub(tf.log(tf.maximum(p, 1e-8)), logQ)), -1, true);
      return maskedMean(kl, regions[i] as tf.Tensor5D);
    });
    const loss = tf.addN(terms);
    return (options.scaleByTemperatureSquared ? tf.mul(loss, tau * tau) : loss) as tf.Scalar;
  });
}
