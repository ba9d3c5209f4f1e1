// Filter gradient of conv3d as one conv2d whose filter is dy (WASM has no Conv2DBackpropFilter kernel); 1×1×1 convs
// (the pointwise half of every separable conv) as xᵀ·dy in a TypeScript kernel.
import * as tf from '@tensorflow/tfjs-core';
import type { Pads3 } from './conv3dFolded';
import { concatChannelsRaw, sliceChannels } from './kernels/channelBlocks';
import { hasJsKernels, runJsKernel } from './kernels/jsKernel';
import type { JsKernel } from './kernels/jsKernel';
import { shiftStack } from './kernels/shiftStack';

/** Voxels per chunk of the pointwise kernel: a chunk of x and of dy stay in L2 cache across the channel blocks. */
const POINT_CHUNK = 512;

/**
 * x [..., Cin], dy [..., Cout] with the same leading axes → [1, 1, 1, Cin, Cout] = Σ over voxels of x ⊗ dy: blocks of
 * 4 × 4 channel pairs summed in 16 locals (16 MACs per 8 loads), the Cin or Cout mod 4 rest pair by pair. The conv2d
 * route transposes both volumes first, which costs more than the product.
 */
const pointwiseKernel: JsKernel<Record<string, never>> = {
  name: 'MedkdPointwiseFilterGrad',
  outShape: ([xs, ys]) => [1, 1, 1, xs?.[xs.length - 1] ?? 0, ys?.[ys.length - 1] ?? 0],
  run: ([xIn, dyIn], [xs], out) => {
    if (xIn === undefined || dyIn === undefined) throw new Error('MedkdPointwiseFilterGrad: missing input');
    const x = xIn;
    const dy = dyIn;
    const ci = xs?.[xs.length - 1] ?? 0;
    const co = out.length / Math.max(1, ci);
    const voxels = x.length / Math.max(1, ci);
    const acc = new Float64Array(ci * co);
    const ci4 = ci - (ci % 4);
    const co4 = co - (co % 4);
    for (let v0 = 0; v0 < voxels; v0 += POINT_CHUNK) {
      const v1 = Math.min(voxels, v0 + POINT_CHUNK);
      for (let a = 0; a < ci4; a += 4) {
        for (let b = 0; b < co4; b += 4) {
          let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
          let s20 = 0, s21 = 0, s22 = 0, s23 = 0, s30 = 0, s31 = 0, s32 = 0, s33 = 0;
          for (let v = v0, i = v0 * ci + a, j = v0 * co + b; v < v1; v++, i += ci, j += co) {
            const x0 = x[i]!, x1 = x[i + 1]!, x2 = x[i + 2]!, x3 = x[i + 3]!;
            const y0 = dy[j]!, y1 = dy[j + 1]!, y2 = dy[j + 2]!, y3 = dy[j + 3]!;
            s00 += x0 * y0; s01 += x0 * y1; s02 += x0 * y2; s03 += x0 * y3;
            s10 += x1 * y0; s11 += x1 * y1; s12 += x1 * y2; s13 += x1 * y3;
            s20 += x2 * y0; s21 += x2 * y1; s22 += x2 * y2; s23 += x2 * y3;
            s30 += x3 * y0; s31 += x3 * y1; s32 += x3 * y2; s33 += x3 * y3;
          }
          const r0 = a * co + b, r1 = r0 + co, r2 = r1 + co, r3 = r2 + co;
          acc[r0] = acc[r0]! + s00; acc[r0 + 1] = acc[r0 + 1]! + s01; acc[r0 + 2] = acc[r0 + 2]! + s02; acc[r0 + 3] = acc[r0 + 3]! + s03;
          acc[r1] = acc[r1]! + s10; acc[r1 + 1] = acc[r1 + 1]! + s11; acc[r1 + 2] = acc[r1 + 2]! + s12; acc[r1 + 3] = acc[r1 + 3]! + s13;
          acc[r2] = acc[r2]! + s20; acc[r2 + 1] = acc[r2 + 1]! + s21; acc[r2 + 2] = acc[r2 + 2]! + s22; acc[r2 + 3] = acc[r2 + 3]! + s23;
          acc[r3] = acc[r3]! + s30; acc[r3 + 1] = acc[r3 + 1]! + s31; acc[r3 + 2] = acc[r3 + 2]! + s32; acc[r3 + 3] = acc[r3 + 3]! + s33;
        }
      }
      // Pairs outside the 4 × 4 blocks: a row or column of the rest.
      for (let a = 0; a < ci; a++) {
        for (let b = a < ci4 ? co4 : 0; b < co; b++) {
          let s0 = 0;
          for (let v = v0, i = v0 * ci + a, j = v0 * co + b; v < v1; v++, i += ci, j += co) s0 += x[i]! * dy[j]!;
          acc[a * co + b] = acc[a * co + b]! + s0;
        }
      }
    }
    out.set(acc);
  },
};

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
  const pointwise = kD * kH * kW === 1 && stride === 1 && pads.every(([before, after]) => before === 0 && after === 0);
  if (pointwise && hasJsKernels()) return runJsKernel(pointwiseKernel, [x, dy], {}) as tf.Tensor5D;
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
