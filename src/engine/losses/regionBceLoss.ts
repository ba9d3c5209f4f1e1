// P3's binary cross-entropy on sigmoid region probabilities, with the background term down-weighted (methods.md §3.5).
import * as tf from '@tensorflow/tfjs-core';

export interface RegionBceOptions {
  /** Weight of the (1 − g)·log(1 − p) term; P3 uses 0.01. */
  backgroundWeight: number;
  /** Guard inside the logs: log(p + eps) and log(1 + eps − p). */
  eps: number;
}

export const p3BceOptions: RegionBceOptions = { backgroundWeight: 0.01, eps: 1e-6 };

/** probs: [N, D, H, W, R] sigmoid probabilities; target: soft or hard region masks of that shape. Mean over all entries. */
export function regionBceLoss(probs: tf.Tensor5D, target: tf.Tensor5D, options: RegionBceOptions = p3BceOptions): tf.Scalar {
  const { backgroundWeight, eps } = options;
  return tf.tidy(() => {
    const pos = tf.mul(target, tf.log(tf.add(probs, eps)));
    const neg = tf.mul(tf.mul(tf.sub(1, target), backgroundWeight), tf.log(tf.sub(1 + eps, probs)));
    return tf.neg(tf.mean(tf.add(pos, neg))) as tf.Scalar;
  });
}
