// Input gradient of conv3d on the fast conv2d path (the WASM Conv3DBackpropInputV2 kernel is wrong: never used).
import * as tf from '@tensorflow/tfjs-core';
import { conv3dFolded } from './conv3dFolded';
import type { Pads3 } from './conv3dFolded';
import { inputGradient, pickTaps } from './inputGradient';

/** dx [N, D, H, W, Cin] for y = conv3dFolded(x, w, stride, pads), given dy and x's [D, H, W]. */
export function conv3dBackpropInput(dy: tf.Tensor5D, w: tf.Tensor5D, inDims: [number, number, number], stride: number, pads: Pads3): tf.Tensor5D {
  const [kD, kH, kW, ci] = w.shape;
  return inputGradient(dy, inDims, ci, [kD, kH, kW], stride, pads, (g, taps, p) =>
    tf.tidy(() => conv3dFolded(g, tf.transpose(pickTaps(w, taps), [0, 1, 2, 4, 3]), 1, p)),
  );
}
