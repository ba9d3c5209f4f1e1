// Per-channel reductions of [N, D, H, W, C] volumes in one pass (TypeScript kernels on WASM and CPU, where tf.mean and
// tf.sum over axes 1-3 transpose the whole volume first): squeeze-and-excitation's global average pooling, bias gradients.
import * as tf from '@tensorflow/tfjs-core';
import { hasJsKernels, runJsKernel, volumeDims } from './kernels/jsKernel';
import type { JsKernel } from './kernels/jsKernel';

/** x [N, D, H, W, C] → [N, C]: float64 sums times `scale`, four channels at a time in locals. */
const sumKernel: JsKernel<{ scale: number }> = {
  name: 'MedkdChannelSum',
  outShape: ([s]) => {
    const [n, , c] = volumeDims(s);
    return [n, c];
  },
  run: ([x], [s], out, { scale }) => {
    if (x === undefined) throw new Error('MedkdChannelSum: missing input');
    const [n, voxels, c] = volumeDims(s);
    for (let b = 0; b < n; b++) {
      const base = b * voxels * c;
      const stop = base + voxels * c;
      let q = 0;
      for (; q + 4 <= c; q += 4) {
        let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        for (let i = base + q; i < stop; i += c) {
          s0 += x[i]!; s1 += x[i + 1]!; s2 += x[i + 2]!; s3 += x[i + 3]!;
        }
        out[b * c + q] = s0 * scale; out[b * c + q + 1] = s1 * scale; out[b * c + q + 2] = s2 * scale; out[b * c + q + 3] = s3 * scale;
      }
      for (; q < c; q++) {
        let s0 = 0;
        for (let i = base + q; i < stop; i += c) s0 += x[i]!;
        out[b * c + q] = s0 * scale;
      }
    }
  },
};

/** dy [N, C] and x (read for its shape only) → dx [N, D, H, W, C] = dy / voxels at every voxel. */
const meanGradKernel: JsKernel<Record<string, never>> = {
  name: 'MedkdChannelMeanGrad',
  outShape: ([, s]) => s ?? [],
  run: ([dy], [, s], out) => {
    if (dy === undefined) throw new Error('MedkdChannelMeanGrad: missing input');
    const [n, voxels, c] = volumeDims(s);
    const row = new Float32Array(c);
    for (let b = 0; b < n; b++) {
      for (let q = 0; q < c; q++) row[q] = dy[b * c + q]! / voxels;
      for (let v = 0, o = b * voxels * c; v < voxels; v++, o += c) out.set(row, o);
    }
  },
};

/** Mean of x [N, D, H, W, C] over D, H, W → [N, C], with its gradient. */
export function channelMean(x: tf.Tensor5D): tf.Tensor2D {
  if (!hasJsKernels()) return tf.mean(x, [1, 2, 3]) as tf.Tensor2D;
  const op = tf.customGrad((...args) => {
    const [xi, save] = args as [tf.Tensor5D, tf.GradSaveFunc];
    save([xi]);
    return {
      value: runJsKernel(sumKernel, [xi], { scale: 1 / (xi.size / xi.shape[0] / xi.shape[4]) }) as tf.Tensor2D,
      // The kernel reads only x's shape, but tfjs kernels take tensors: x itself (no copy) stands in for it.
      gradFunc: (dy: tf.Tensor2D, saved: tf.Tensor[]) => runJsKernel(meanGradKernel, [dy, saved[0]!], {}) as tf.Tensor5D,
    };
  });
  return op(x) as tf.Tensor2D;
}

/** Sum of x [N, D, H, W, C] over N, D, H, W → [C] (a bias's gradient); no gradient of its own. */
export function channelSum(x: tf.Tensor5D): tf.Tensor1D {
  if (!hasJsKernels()) return tf.sum(x, [0, 1, 2, 3]);
  return tf.tidy(() => tf.sum(runJsKernel(sumKernel, [x], { scale: 1 }), 0));
}
