// 3D correlation as ONE batched conv2d: depth taps folded into channels, so XNNPACK's conv2d does all the arithmetic.
import * as tf from '@tensorflow/tfjs-core';
import { paddedOut } from './convGeometry';
import type { AxisPads } from './convGeometry';
import { depthFold } from './kernels/depthFold';

/** Padding per axis (depth, height, width); negative values crop. */
export type Pads3 = [AxisPads, AxisPads, AxisPads];

/** The part of an axis kept after negative pads crop it, and the zeros still to add. */
export function splitPads(size: number, pads: AxisPads): { start: number; count: number; pads: AxisPads } {
  const start = Math.max(0, -pads[0]);
  const count = size - start - Math.max(0, -pads[1]);
  return { start, count, pads: [Math.max(0, pads[0]), Math.max(0, pads[1])] };
}

/**
 * x [N, D, H, W, Cin] correlated with w [kD, kH, kW, Cin, Cout] at one stride on all axes, padded (or cropped) by
 * `pads` → [N, D', H', W', Cout], plus `bias` [Cout] in the same kernel. No gradient: conv3d wires this into tf.customGrad.
 */
export function conv3dFolded(x: tf.Tensor5D, w: tf.Tensor5D, stride: number, pads: Pads3, bias?: tf.Tensor1D): tf.Tensor5D {
  const [n, d, h, wd, c] = x.shape;
  const [kD, kH, kW, ci, co] = w.shape;
  if (ci !== c) throw new Error(`conv3d: input has ${c} channels, filter expects ${ci}`);
  const outD = paddedOut(d, kD, stride, pads[0]);
  const hs = splitPads(h, pads[1]);
  const ws = splitPads(wd, pads[2]);
  return tf.tidy(() => {
    const plain = kD === 1 && stride === 1 && pads[0][0] === 0 && outD === d && hs.count === h && ws.count === wd;
    const folded = plain
      ? tf.reshape<tf.Rank.R4>(x, [n * d, h, wd, c])
      : depthFold(x, { kD, sD: stride, padD: pads[0][0], outD, h0: hs.start, hN: hs.count, w0: ws.start, wN: ws.count });
    const w2 = tf.reshape<tf.Rank.R4>(kD === 1 ? w : tf.transpose(w, [1, 2, 0, 3, 4]), [kH, kW, kD * c, co]);
    const pad: [[number, number], [number, number], [number, number], [number, number]] = [[0, 0], hs.pads, ws.pads, [0, 0]];
    const y = bias ? tf.fused.conv2d({ x: folded, filter: w2, strides: [stride, stride], pad, bias }) : tf.conv2d(folded, w2, [stride, stride], pad);
    return tf.reshape(y, [n, outD, y.shape[1], y.shape[2], co]);
  });
}
