// Filter gradient of depthwiseConv3d on the GEMM-backed conv2d (WASM has no depthwise backprop kernels, and XNNPACK's
// depthwise conv2d with a dy-sized kernel runs at ~0.2 GFLOP/s).
import * as tf from '@tensorflow/tfjs-core';
import type { Pads3 } from './conv3dFolded';
import { shiftStack } from './kernels/shiftStack';

/**
 * Channels per dense sub-problem: its wasted off-diagonal work (×GROUP) buys conv2d's GEMM speed (~50× depthwise's);
 * 8 measured fastest at 64³ (16 packs a filter too big for cache, 4 runs small inefficient tiles).
 */
const GROUP = 8;

/**
 * dw [kD, kH, kW, C] given x [N, D, H, W, C] and dy [N, D', H', W', C]. Per group of channels, the dense filter
 * gradient (conv3dBackpropFilter's big-kernel conv2d: x's channels × shifts as the batch, (n, d') as channels, dy as
 * an H'×W' filter with dilation = stride) gives every (c_in, c_out) pair of the group; depthwise keeps c_in = c_out.
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
  const afterH = kH + stride * (oh - 1) - h - pads[1][0];
  const afterW = kW + stride * (ow - 1) - w - pads[2][0];
  return tf.tidy(() => {
    const xT = tf.reshape(tf.transpose(x, [4, 2, 3, 0, 1]), [c, h * w * n * d]); // rows: channels of [H, W, N, D]
    const dyT = tf.reshape(tf.transpose(dy, [4, 2, 3, 0, 1]), [c, oh * ow * n * od]); // rows: channels of [H', W', N, D']
    const parts: tf.Tensor4D[] = [];
    for (let c0 = 0; c0 < c; c0 += GROUP) {
      const g = Math.min(GROUP, c - c0);
      const xg = tf.slice(xT, [c0, 0], [g, h * w * n * d]);
      const stacked = shiftStack(xg, { rows: g * h * w * n, len: d, elem: 1, k: kD, s: stride, pad: pads[0][0], outLen: od });
      const input = tf.reshape<tf.Rank.R4>(stacked, [kD * g, h, w, n * od]);
      const filter = tf.reshape<tf.Rank.R4>(tf.transpose(tf.slice(dyT, [c0, 0], [g, oh * ow * n * od])), [oh, ow, n * od, g]);
      let dense: tf.Tensor4D = tf.conv2d(input, filter, 1, [[0, 0], [pads[1][0], Math.max(0, afterH)], [pads[2][0], Math.max(0, afterW)], [0, 0]], 'NHWC', [stride, stride]);
      if (afterH < 0 || afterW < 0) dense = tf.slice(dense, [0, 0, 0, 0], [kD * g, kH, kW, g]);
      // dense[(kd, ci), kh, kw, co] → the diagonal ci = co.
      const eye = tf.reshape(tf.eye(g), [1, g, 1, 1, g]);
      parts.push(tf.sum(tf.mul(tf.reshape(dense, [kD, g, kH, kW, g]), eye), 4) as tf.Tensor4D);
    }
    const all = parts.length === 1 ? parts[0]! : tf.concat(parts, 1);
    return tf.transpose(all, [0, 2, 3, 1]);
  });
}
