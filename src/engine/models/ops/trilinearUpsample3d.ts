// ×2 trilinear 3D upsampling with a gradient, PyTorch semantics (tfjs has no 3D resize).
import type * as tf from '@tensorflow/tfjs-core';
import { resize3d2x } from './kernels/resize3d2x';

export interface TrilinearOptions {
  /** PyTorch align_corners=True (corner voxels map to corner voxels); false is half-pixel centres (the default). */
  alignCorners?: boolean;
}

/** x: [N, D, H, W, C] → [N, 2D, 2H, 2W, C], separable linear interpolation along depth, height and width. */
export function trilinearUpsample3d(x: tf.Tensor5D, options: TrilinearOptions = {}): tf.Tensor5D {
  return resize3d2x(x, options.alignCorners === true ? 'linearAlignCorners' : 'linear');
}
