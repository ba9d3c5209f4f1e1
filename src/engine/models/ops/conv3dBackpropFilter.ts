// Filter gradient of conv3d as one conv2d whose filter is dy (WASM has no Conv2DBackpropFilter kernel).
import * as tf from '@tensorflow/tfjs-core';
import type { Pads3 } from './conv3dFolded';
import { concatChannelsRaw, sliceChannels } from './kernels/channelBlocks';
import { shiftStack } from './kernels/shiftStack';

/**
 * Output channels per conv2d call. Each call packs a dy-sized filter; on WASM, calls of 8 output channels beat 4, 16,
 * 32 and 64 for every bench shape (64³×16 … 16³×64: 0.5-0.9× the time of 16), except with a 1-4 image batch (an
 * input with few channels, the stem), where one call does best.
 */
export function filterChunk(inChannels: number): number {
  return inChannels <= 4 ? Infinity : 8;
}

/**
 * dw [kD, kH, kW, Cin, Cout] for y = conv3dFolded(x, w, stride, pads) given dy [N, D', H', W', Cout].
 * With x's channels as the batch and (n, d') as conv2d channels, a conv2d with dy as a big (H'×W', dilation = stride)
 * filter sums x·dy over every position: G[(kd, c), kh, kw, co] = Σ x[n, s·d' + kd − pd, s·h' + kh − ph, …, c]·dy[n, d', h', w', co].
 */
export function conv3dBackpropFilter(
  x: tf.Tensor5D,
  dy: tf.Tensor5D,
  kernel: [number, number, number],
  stride: number,
  pads: Pads3,
): tf.Tensor5D {
  const [n, d, h, w, c] = x.shape;
  const [, od, oh, ow, co] = dy.shape;
  const [kD, kH, kW] = kernel;
  return tf.tidy(() => {
    const xT = tf.transpose(x, [4, 2, 3, 0, 1]); // [C, H, W, N, D]
    const plain = kD === 1 && stride === 1 && pads[0][0] === 0 && od === d;
    const stacked = plain ? xT : shiftStack(xT, { rows: c * h * w * n, len: d, elem: 1, k: kD, s: stride, pad: pads[0][0], outLen: od });
    const input = tf.reshape<tf.Rank.R4>(stacked, [kD * c, h, w, n * od]);
    const filter = tf.reshape<tf.Rank.R4>(tf.transpose(dy, [2, 3, 0, 1, 4]), [oh, ow, n * od, co]);
    // Padding after that makes the output exactly kH × kW; 'valid' stride-2 can leave one input row unused (pad −1),
    // and conv2d cannot crop, so that case computes one extra row and drops it.
    const afterH = kH + stride * (oh - 1) - h - pads[1][0];
    const afterW = kW + stride * (ow - 1) - w - pads[2][0];
    const pad: [[number, number], [number, number], [number, number], [number, number]] = [[0, 0], [pads[1][0], Math.max(0, afterH)], [pads[2][0], Math.max(0, afterW)], [0, 0]];
    const chunk = filterChunk(c);
    const parts: tf.Tensor4D[] = [];
    for (let c0 = 0; c0 < co; c0 += chunk) {
      const f = co <= chunk ? filter : sliceChannels(filter, c0, Math.min(chunk, co - c0));
      parts.push(tf.conv2d(input, f, 1, pad, 'NHWC', [stride, stride]));
    }
    let g = parts.length === 1 ? parts[0]! : concatChannelsRaw(parts);
    if (afterH < 0 || afterW < 0) g = tf.slice(g, [0, 0, 0, 0], [kD * c, kH, kW, co]);
    return tf.transpose(tf.reshape(g, [kD, c, kH, kW, co]), [0, 2, 3, 1, 4]);
  });
}
