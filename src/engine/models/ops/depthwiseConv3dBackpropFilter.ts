// Filter gradient of depthwiseConv3d: a direct TypeScript kernel on WASM and CPU; elsewhere the GEMM-backed conv2d
// (no backend has depthwise conv3d backprop kernels, and XNNPACK's depthwise conv2d with a dy-sized kernel runs at
// ~0.2 GFLOP/s).
import * as tf from '@tensorflow/tfjs-core';
import type { Pads3 } from './conv3dFolded';
import { hasJsKernels, runJsKernel } from './kernels/jsKernel';
import type { JsKernel } from './kernels/jsKernel';
import { shiftStack } from './kernels/shiftStack';

/**
 * Channels per dense sub-problem: its wasted off-diagonal work (×GROUP) buys conv2d's GEMM speed (~50× depthwise's);
 * 8 measured fastest at 64³ (16 packs a filter too big for cache, 4 runs small inefficient tiles).
 */
const GROUP = 8;

type FilterGradAttrs = { kD: number; kH: number; kW: number; stride: number; padD: number; padH: number; padW: number };

/**
 * x [N, D, H, W, C], dy [N, D', H', W', C] → dw [kD, kH, kW, C] directly: per output row and tap, four channels at a
 * time summed in locals along the row (x's row stays in cache across the taps). 27·C MACs per output voxel and no
 * data movement, where the GEMM route below transposes both volumes and computes ×GROUP the MACs.
 */
const filterGradKernel: JsKernel<FilterGradAttrs> = {
  name: 'MedkdDepthwiseFilterGrad',
  outShape: ([xs], a) => [a.kD, a.kH, a.kW, xs?.[4] ?? 0],
  run: ([xIn, dyIn], [xs, ys], out, { kD, kH, kW, stride: s, padD, padH, padW }) => {
    if (xIn === undefined || dyIn === undefined) throw new Error('MedkdDepthwiseFilterGrad: missing input');
    const x = xIn;
    const dy = dyIn;
    const [n = 0, d = 0, h = 0, w = 0, c = 0] = xs ?? [];
    const [, od = 0, oh = 0, ow = 0] = ys ?? [];
    const acc = new Float64Array(kD * kH * kW * c);
    for (let b = 0; b < n; b++) {
      for (let z = 0; z < od; z++) {
        for (let y = 0; y < oh; y++) {
          const dyRow = (((b * od + z) * oh + y) * ow) * c;
          for (let kd = 0; kd < kD; kd++) {
            const iz = s * z + kd - padD;
            if (iz < 0 || iz >= d) continue;
            for (let kh = 0; kh < kH; kh++) {
              const iy = s * y + kh - padH;
              if (iy < 0 || iy >= h) continue;
              const xRow = (((b * d + iz) * h + iy) * w) * c;
              for (let kw = 0; kw < kW; kw++) {
                // Output columns whose input column s·ox + kw − padW falls inside [0, w).
                const lo = Math.max(0, Math.ceil((padW - kw) / s));
                const hi = Math.min(ow, Math.floor((w - 1 - kw + padW) / s) + 1);
                if (lo >= hi) continue;
                const tap = ((kd * kH + kh) * kW + kw) * c;
                const xStep = s * c;
                const x0 = xRow + (s * lo + kw - padW) * c;
                const y0 = dyRow + lo * c;
                const y1 = dyRow + hi * c;
                let q = 0;
                for (; q + 4 <= c; q += 4) {
                  let a0 = 0, a1 = 0, a2 = 0, a3 = 0;
                  for (let i = x0 + q, j = y0 + q; j < y1; i += xStep, j += c) {
                    a0 += x[i]! * dy[j]!;
                    a1 += x[i + 1]! * dy[j + 1]!;
                    a2 += x[i + 2]! * dy[j + 2]!;
                    a3 += x[i + 3]! * dy[j + 3]!;
                  }
                  acc[tap + q] = acc[tap + q]! + a0;
                  acc[tap + q + 1] = acc[tap + q + 1]! + a1;
                  acc[tap + q + 2] = acc[tap + q + 2]! + a2;
                  acc[tap + q + 3] = acc[tap + q + 3]! + a3;
                }
                for (; q < c; q++) {
                  let a0 = 0;
                  for (let i = x0 + q, j = y0 + q; j < y1; i += xStep, j += c) a0 += x[i]! * dy[j]!;
                  acc[tap + q] = acc[tap + q]! + a0;
                }
              }
            }
          }
        }
      }
    }
    out.set(acc);
  },
};

/** dw [kD, kH, kW, C] given x [N, D, H, W, C] and dy [N, D', H', W', C] of a depthwise conv with that geometry. */
type DepthwiseFilterGrad = (x: tf.Tensor5D, dy: tf.Tensor5D, kernel: [number, number, number], stride: number, pads: Pads3) => tf.Tensor4D;

/** The direct TypeScript kernel on WASM and CPU, the GEMM route on the native backends. */
export const depthwiseConv3dBackpropFilter: DepthwiseFilterGrad = (x, dy, kernel, stride, pads) => {
  if (!hasJsKernels()) return depthwiseFilterGradGemm(x, dy, kernel, stride, pads);
  const [kD, kH, kW] = kernel;
  return runJsKernel(filterGradKernel, [x, dy], { kD, kH, kW, stride, padD: pads[0][0], padH: pads[1][0], padW: pads[2][0] }) as tf.Tensor4D;
};

/**
 * Per group of channels, the dense filter gradient (conv3dBackpropFilter's big-kernel conv2d: x's channels × shifts as
 * the batch, (n, d') as channels, dy as an H'×W' filter with dilation = stride) gives every (c_in, c_out) pair of the
 * group; depthwise keeps c_in = c_out.
 */
export const depthwiseFilterGradGemm: DepthwiseFilterGrad = (x, dy, kernel, stride, pads) => {
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
};
