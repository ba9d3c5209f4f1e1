// Fake models for inference tests: known functions of the input or of the position inside the window.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import type { Predictor } from '../../../src/engine/inference/predictor';

export async function useCpuBackend(): Promise<void> {
  await tf.setBackend('cpu');
  await tf.ready();
}

/** Class = (channel 0 > t0) + (channel 1 > t1) (one channel: just the first term), as one-hot over `classes`. */
export function thresholdPredict(t0: number, t1?: number, classes = 3): Predictor {
  return (x) =>
    tf.tidy(() => {
      const [n, d, h, w] = x.shape;
      let label = tf.cast(tf.greater(tf.slice(x, [0, 0, 0, 0, 0], [n, d, h, w, 1]), t0), 'int32');
      if (t1 !== undefined) label = tf.add(label, tf.cast(tf.greater(tf.slice(x, [0, 0, 0, 0, 1], [n, d, h, w, 1]), t1), 'int32'));
      return tf.reshape(tf.cast(tf.oneHot(tf.reshape(label, [-1]), classes), 'float32'), [n, d, h, w, classes]);
    });
}

/**
 * Ignores the intensities: every window gets the same output, value(d, h, w, c) at window-local position (d, h, w).
 * Counts its calls.
 */
export function positionalPredict(patch: [number, number, number], classes: number, value: (d: number, h: number, w: number, c: number) => number): Predictor & { calls: number } {
  const [pd, ph, pw] = patch;
  const values = new Float32Array(pd * ph * pw * classes);
  let o = 0;
  for (let d = 0; d < pd; d++) for (let h = 0; h < ph; h++) for (let w = 0; w < pw; w++) for (let c = 0; c < classes; c++) values[o++] = value(d, h, w, c);
  const f = Object.assign(
    (x: tf.Tensor5D): tf.Tensor5D => {
      f.calls++;
      return tf.tidy(() => tf.tile(tf.tensor5d(values, [1, pd, ph, pw, classes]), [x.shape[0], 1, 1, 1, 1]));
    },
    { calls: 0 },
  );
  return f;
}

/** Deterministic values in [0, 1) (a small LCG), so tests need no fixtures. */
export function pseudoRandom(n: number, seed = 1): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 32;
  }
  return out;
}
