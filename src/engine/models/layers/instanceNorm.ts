// Instance norm: per sample and channel over D, H, W with biased variance, as PyTorch's InstanceNorm3d (also at inference).
import * as tf from '@tensorflow/tfjs-core';

/** x: [N, D, H, W, C]; gamma, beta: [C]. */
export function instanceNorm(x: tf.Tensor5D, gamma: tf.Tensor1D, beta: tf.Tensor1D, eps = 1e-5): tf.Tensor5D {
  return tf.tidy(() => {
    const { mean, variance } = tf.moments(x, [1, 2, 3], true);
    const normed = tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, eps)));
    return tf.add(tf.mul(normed, gamma), beta) as tf.Tensor5D;
  });
}
