// Filter gradient of depthwiseConv3d as one depthwise conv2d whose filter is dy (WASM has no depthwise backprop kernels).
import * as tf from '@tensorflow/tfjs-core';
import type { Pads3 } from './conv3dFolded';
import { shiftStack } from './kernels/shiftStack';

/**
 * dw [kD, kH, kW, C] given x [N, D, H, W, C] and dy [N, D', H', W', C]. With (n, d', c) as channels, a depthwise conv2d
 * with dy as an H'×W' filter (dilation = stride) gives G[kd, kh, kw, (n, d', c)]; summing over (n, d') leaves dw.
 */
export function depthwiseConv3dBackpropFilter(
  x: tf.Tensor5D,
  dy: tf.Tensor5D,
  kernel: [number, number, number],
  stride: number,
  pads: Pads3,
): tf.Tensor4D {
  const [n, d, h, w, c] = x.shape;
  const [, od, oh, ow] = dy.shape;
  const [kD, kH, kW] = kernel;
  return tf.tidy(() => {
    const xt = tf.transpose(x, [2, 3, 0, 1, 4]); // [H, W, N, D, C]
    const stacked = shiftStack(xt, { rows: h * w * n, len: d, elem: c, k: kD, s: stride, pad: pads[0][0], outLen: od });
    const input = tf.reshape<tf.Rank.R4>(stacked, [kD, h, w, n * od * c]);
    const filter = tf.reshape<tf.Rank.R4>(tf.transpose(dy, [2, 3, 0, 1, 4]), [oh, ow, n * od * c, 1]);
    const afterH = kH + stride * (oh - 1) - h - pads[1][0];
    const afterW = kW + stride * (ow - 1) - w - pads[2][0];
    let g: tf.Tensor4D = tf.depthwiseConv2d(input, filter, 1, [[0, 0], [pads[1][0], Math.max(0, afterH)], [pads[2][0], Math.max(0, afterW)], [0, 0]], 'NHWC', [stride, stride]);
    if (afterH < 0 || afterW < 0) g = tf.slice(g, [0, 0, 0, 0], [kD, kH, kW, n * od * c]);
    return tf.sum(tf.reshape(g, [kD, kH, kW, n * od, c]), 3);
  });
}
