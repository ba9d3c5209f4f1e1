// ×2 resampling of a volume's depth, height and width with a gradient: three axis passes and their adjoints.
import * as tf from '@tensorflow/tfjs-core';
import { hasJsKernels } from './jsKernel';
import { resize2xAxis, resize2xAxisGrad, resize2xAxisOps } from './resize2x';
import type { ResizeMode } from './resize2x';

// Width first: its pass writes the least (2×), depth's the most (8× the input).
const AXES = [3, 2, 1] as const;

/** x [N, D, H, W, C] → [N, 2D, 2H, 2W, C]. */
export function resize3d2x(x: tf.Tensor5D, mode: ResizeMode): tf.Tensor5D {
  if (!hasJsKernels()) return tf.tidy(() => AXES.reduce((t, axis) => resize2xAxisOps(t, axis, mode), x));
  const op = tf.customGrad((...args) => {
    const [xi] = args as [tf.Tensor5D];
    return {
      value: tf.tidy(() => AXES.reduce((t, axis) => resize2xAxis(t, axis, mode), xi)),
      gradFunc: (dy: tf.Tensor5D) => tf.tidy(() => [...AXES].reverse().reduce((g, axis) => resize2xAxisGrad(g, axis, mode), dy)),
    };
  });
  return op(x) as tf.Tensor5D;
}
