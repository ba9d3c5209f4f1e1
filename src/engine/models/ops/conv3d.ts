// 3D convolution that trains correctly on every backend (stub: to be replaced by the fast path of issue 3).
import * as tf from '@tensorflow/tfjs-core';

export type Padding = 'same' | 'valid';

export interface Conv3dOptions {
  /** Stride along d, h, w (one number for all three). */
  stride?: 1 | 2;
  padding?: Padding;
}

/**
 * x: [N, D, H, W, Cin], w: [kD, kH, kW, Cin, Cout] → [N, D', H', W', Cout].
 * Forward, input gradient and filter gradient are correct on every backend.
 */
export function conv3d(x: tf.Tensor5D, w: tf.Tensor5D, options: Conv3dOptions = {}): tf.Tensor5D {
  const s = options.stride ?? 1;
  return tf.conv3d(x, w, [s, s, s], options.padding ?? 'same');
}
