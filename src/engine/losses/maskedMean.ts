// Mean of x over the voxels a mask selects, safe for empty masks (MS-KD's region averages).
import * as tf from '@tensorflow/tfjs-core';

/** Σ(m·x) / max(Σm, 1); `mask` (0/1 or soft weights) broadcasts against `x`. */
export function maskedMean(x: tf.Tensor, mask: tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    const m = tf.mul(tf.onesLike(x), mask); // count the mask once per entry of x
    return tf.div(tf.sum(tf.mul(m, x)), tf.maximum(tf.sum(m), 1)) as tf.Scalar;
  });
}
