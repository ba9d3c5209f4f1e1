// Group norm: per sample over D, H, W and the channels of each group, as PyTorch's GroupNorm (P3 uses 8 groups).
import * as tf from '@tensorflow/tfjs-core';

/** x: [N, D, H, W, C] with C divisible by `groups`; gamma, beta: [C]. */
export function groupNorm(x: tf.Tensor5D, gamma: tf.Tensor1D, beta: tf.Tensor1D, groups: number, eps = 1e-5): tf.Tensor5D {
  const [n, d, h, w, c] = x.shape;
  if (c % groups !== 0) throw new Error(`groupNorm: ${groups} groups do not divide ${c} channels`);
  return tf.tidy(() => {
    const g = tf.reshape(x, [n, d, h, w, groups, c / groups]);
    const { mean, variance } = tf.moments(g, [1, 2, 3, 5], true);
    const normed = tf.reshape(tf.mul(tf.sub(g, mean), tf.rsqrt(tf.add(variance, eps))), [n, d, h, w, c]);
    return tf.add(tf.mul(normed, gamma), beta) as tf.Tensor5D;
  });
}
