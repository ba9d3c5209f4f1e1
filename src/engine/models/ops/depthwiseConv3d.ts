// Depthwise 3D convolution (groups = channels), which tfjs lacks (stub: replaced by the fast path of issue 3).
import * as tf from '@tensorflow/tfjs-core';
import type { Conv3dOptions } from './conv3d';

/** x: [N, D, H, W, C], w: [kD, kH, kW, C] → [N, D', H', W', C]; each channel convolved with its own kernel. */
export function depthwiseConv3d(x: tf.Tensor5D, w: tf.Tensor4D, options: Conv3dOptions = {}): tf.Tensor5D {
  throw new Error(`depthwiseConv3d not implemented yet (x ${x.shape}, w ${w.shape}, ${JSON.stringify(options)})`);
}
