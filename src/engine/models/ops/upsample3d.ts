// ×2 nearest-neighbour 3D upsampling with a gradient (tfjs has no UpSampling3D; conv3dTranspose has no gradient).
import type * as tf from '@tensorflow/tfjs-core';
import { resize3d2x } from './kernels/resize3d2x';

/** x: [N, D, H, W, C] → [N, 2D, 2H, 2W, C], out[2z + a, 2y + b, 2x + c] = x[z, y, x]; the gradient sums each 2×2×2 block. */
export function upsample3d(x: tf.Tensor5D): tf.Tensor5D {
  return resize3d2x(x, 'nearest');
}
