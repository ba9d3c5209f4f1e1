// Folds the depth taps of a 3D convolution into channels, so one batched conv2d computes the whole 3D convolution.
import * as tf from '@tensorflow/tfjs-core';
import { hasJsKernels, runJsKernel } from './jsKernel';
import type { JsKernel } from './jsKernel';

export type DepthFoldAttrs = {
  /** Depth taps kD, depth stride, zeros before depth (negative crops), output depth. */
  kD: number;
  sD: number;
  padD: number;
  outD: number;
  /** Height and width window kept: rows h0 … h0+hN−1, columns w0 … w0+wN−1 (crops for negative pads). */
  h0: number;
  hN: number;
  w0: number;
  wN: number;
};

const kernel: JsKernel<DepthFoldAttrs> = {
  name: 'MedkdDepthFold',
  outShape: ([s], a) => {
    const [n = 0, , , , c = 0] = s ?? [];
    return [n * a.outD, a.hN, a.wN, a.kD * c];
  },
  run: ([x], [s], out, a) => {
    if (x === undefined || s === undefined) throw new Error('MedkdDepthFold: missing input');
    const [n = 0, d = 0, h = 0, w = 0, c = 0] = s;
    const { kD, sD, padD, outD, h0, hN, w0, wN } = a;
    const rowOut = kD * c;
    if (kD === 1 && h0 === 0 && hN === h && w0 === 0 && wN === w) {
      // Whole slices move as one block each: a memcpy instead of a loop over rows.
      const plane = h * w * c;
      for (let b = 0; b < n; b++) {
        for (let z = 0; z < outD; z++) {
          const zs = z * sD - padD;
          if (zs >= 0 && zs < d) out.set(x.subarray((b * d + zs) * plane, (b * d + zs + 1) * plane), (b * outD + z) * plane);
        }
      }
      return;
    }
    const src: number[] = new Array<number>(kD);
    let o = 0;
    for (let b = 0; b < n; b++) {
      for (let z = 0; z < outD; z++) {
        // Start of each tap's source slice, or −1 where the tap falls in the zero padding.
        for (let kd = 0; kd < kD; kd++) {
          const zs = z * sD + kd - padD;
          src[kd] = zs >= 0 && zs < d ? ((b * d + zs) * h + h0) * w * c + w0 * c : -1;
        }
        for (let y = 0; y < hN; y++) {
          for (let xx = 0; xx < wN; xx++) {
            const off = (y * w + xx) * c;
            for (let kd = 0; kd < kD; kd++) {
              const base = src[kd] ?? -1;
              const dst = o + kd * c;
              if (base >= 0) for (let q = 0; q < c; q++) out[dst + q] = x[base + off + q]!;
            }
            o += rowOut;
          }
        }
      }
    }
  },
};

/**
 * x [N, D, H, W, C] → [N·outD, hN, wN, kD·C] with out[(n, z), y, x, (kd, c)] = x[n, z·sD + kd − padD, h0 + y, w0 + x, c],
 * zero outside the volume.
 */
export function depthFold(x: tf.Tensor5D, attrs: DepthFoldAttrs): tf.Tensor4D {
  return hasJsKernels() ? (runJsKernel(kernel, [x], attrs) as tf.Tensor4D) : depthFoldOps(x, attrs);
}

/** The same with tfjs ops (pad, strided slices, concat): for backends without the TypeScript kernels. */
export function depthFoldOps(x: tf.Tensor5D, a: DepthFoldAttrs): tf.Tensor4D {
  const [n, d, , , c] = x.shape;
  return tf.tidy(() => {
    const cropped = tf.slice(x, [0, 0, a.h0, a.w0, 0], [n, d, a.hN, a.wN, c]);
    // Depth padded so every tap's slices z·sD + kd − padD, z < outD, are in range.
    const before = Math.max(0, a.padD);
    const after = Math.max(0, (a.outD - 1) * a.sD + a.kD - a.padD - d);
    const padded = tf.pad(cropped, [[0, 0], [before, after], [0, 0], [0, 0], [0, 0]]);
    const taps: tf.Tensor5D[] = [];
    for (let kd = 0; kd < a.kD; kd++) {
      const start = kd - a.padD + before;
      taps.push(tf.stridedSlice(padded, [0, start, 0, 0, 0], [n, start + (a.outD - 1) * a.sD + 1, a.hN, a.wN, c], [1, a.sD, 1, 1, 1]) as tf.Tensor5D);
    }
    const folded = taps.length === 1 ? taps[0]! : tf.concat(taps, 4);
    return tf.reshape<tf.Rank.R4>(folded, [n * a.outD, a.hN, a.wN, a.kD * c]);
  });
}
