// P1's focal loss on softmax probabilities with clamp-style label smoothing (methods.md §1.6).
import * as tf from '@tensorflow/tfjs-core';

export interface FocalLossOptions {
  /** Focusing exponent γ in (1 − p_t)^γ. */
  gamma: number;
  /** α: one number for every class (P1: 0.5, a global ×0.5), or one per class, taken at the target's argmax class. */
  alpha: number | number[];
  /** s: targets are clamped to [s/(C−1), 1 − s] and p_t = Σ t·p + s. */
  smooth: number;
}

export const p1FocalOptions: FocalLossOptions = { gamma: 2, alpha: 0.5, smooth: 1e-5 };

/** probs, target: [N, D, H, W, C] (C ≥ 2) softmax probabilities and one-hot targets. FL = −α(1 − p_t)^γ log p_t, mean over voxels. */
export function focalLoss(probs: tf.Tensor5D, target: tf.Tensor5D, options: FocalLossOptions = p1FocalOptions): tf.Scalar {
  const c = probs.shape[4];
  const { gamma, alpha, smooth } = options;
  if (Array.isArray(alpha) && alpha.length !== c) throw new Error(`focalLoss: ${alpha.length} alphas for ${c} classes`);
  return tf.tidy(() => {
    const t = tf.clipByValue(target, smooth / Math.max(c - 1, 1), 1 - smooth);
    const pt = tf.add(tf.sum(tf.mul(t, probs), -1), smooth);
    // relu: rounding can push p_t a hair above 1, and a negative base breaks non-integer γ.
    const focal = tf.pow(tf.relu(tf.sub(1, pt)), gamma);
    const a = Array.isArray(alpha) ? tf.sum(tf.mul(tf.oneHot(tf.argMax(target, -1), c), tf.tensor1d(alpha)), -1) : tf.scalar(alpha);
    return tf.mean(tf.neg(tf.mul(tf.mul(a, focal), tf.log(pt)))) as tf.Scalar;
  });
}
