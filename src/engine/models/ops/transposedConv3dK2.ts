// Trainable transposed 3D convolution, kernel 2 stride 2 (conv3dTranspose has no gradient on any tfjs backend).
import * as tf from '@tensorflow/tfjs-core';
import { conv3d } from './conv3d';

/**
 * x: [N, D, H, W, Cin], w: [2, 2, 2, Cout, Cin] (tfjs conv3dTranspose layout; PyTorch's [Cin, Cout, 2, 2, 2] permuted)
 * → [N, 2D, 2H, 2W, Cout] with out[2z + a, 2y + b, 2x + c, o] = Σ_i x[z, y, x, i]·w[a, b, c, o, i].
 * A 1×1×1 conv3d to 8·Cout channels ordered (a, b, c, o), then a depth-to-space shuffle as two rank-4 transposes
 * (WASM's transpose is fast up to rank 4 and crawls at rank 6): [N·D, H·W, a, (b, c, o)] → [N·D, a, H·W, (b, c, o)],
 * then [N·D·a·H, W, b, (c, o)] → [N·D·a·H, b, W, (c, o)], which is [N, 2D, 2H, 2W, Cout] in memory.
 */
export function transposedConv3dK2(x: tf.Tensor5D, w: tf.Tensor5D): tf.Tensor5D {
  const [n, d, h, wd, ci] = x.shape;
  const [ka, kb, kc, co, wi] = w.shape;
  if (ka !== 2 || kb !== 2 || kc !== 2 || wi !== ci) throw new Error(`transposedConv3dK2: filter ${w.shape} does not fit input ${x.shape}`);
  return tf.tidy(() => {
    const w1 = tf.reshape<tf.Rank.R5>(tf.transpose(w, [4, 0, 1, 2, 3]), [1, 1, 1, ci, 8 * co]);
    const y = tf.reshape(conv3d(x, w1), [n * d, h * wd, 2, 4 * co]);
    const aFirst = tf.reshape(tf.transpose(y, [0, 2, 1, 3]), [n * d * 2 * h, wd, 2, 2 * co]);
    return tf.reshape(tf.transpose(aFirst, [0, 2, 1, 3]), [n, 2 * d, 2 * h, 2 * wd, co]);
  });
}
