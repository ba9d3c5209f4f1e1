// ×2 nearest-neighbour 3D upsampling with a gradient (tfjs has no UpSampling3D; conv3dTranspose has no gradient).
import * as tf from '@tensorflow/tfjs-core';

/** x: [N, D, H, W, C] → [N, 2D, 2H, 2W, C]. */
export function upsample3d(x: tf.Tensor5D): tf.Tensor5D {
  const [n, d, h, w, c] = x.shape;
  return tf.tidy(() => {
    const a = tf.reshape(x, [n, d, 1, h, 1, w, 1, c]);
    const b = tf.concat([a, a], 2);
    const b2 = tf.concat([b, b], 4);
    const b3 = tf.concat([b2, b2], 6);
    return tf.reshape(b3, [n, 2 * d, 2 * h, 2 * w, c]);
  });
}
