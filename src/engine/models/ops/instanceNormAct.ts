// Instance norm, affine and LeakyReLU fused into TypeScript kernels with their own gradient. Composed from tfjs ops the
// same layer costs two transposing reductions and six elementwise passes forward and about twice that backward; here
// the forward reads x twice (statistics, then normalise-scale-shift-activate) and the backward three times.
import * as tf from '@tensorflow/tfjs-core';
import { hasJsKernels, runJsKernel } from './kernels/jsKernel';
import type { JsKernel } from './kernels/jsKernel';

export type NormActAttrs = {
  /** LeakyReLU slope after the affine; 1 means no activation. */
  slope: number;
};

/** [N, D, H, W, C] → n, voxels per sample, channels. */
function dims(shape: number[] | undefined): [number, number, number] {
  const [n = 0, d = 0, h = 0, w = 0, c = 0] = shape ?? [];
  return [n, d * h * w, c];
}

function need(x: Float32Array | undefined, kernel: string): Float32Array {
  if (x === undefined) throw new Error(`${kernel}: missing input`);
  return x;
}

/** x → [N, 2, C]: per sample and channel the mean and 1/√(biased variance + eps). */
const statsKernel: JsKernel<{ eps: number }> = {
  name: 'MedkdInstanceStats',
  outShape: ([s]) => {
    const [n, , c] = dims(s);
    return [n, 2, c];
  },
  run: ([xIn], [s], out, { eps }) => {
    const x = need(xIn, 'MedkdInstanceStats');
    const [n, voxels, c] = dims(s);
    const sum = new Float64Array(c);
    const sq = new Float64Array(c);
    const shift = new Float64Array(c);
    for (let b = 0; b < n; b++) {
      const base = b * voxels * c;
      // Sums of (x − first value): float64 and shifted, so the variance does not cancel away.
      for (let q = 0; q < c; q++) {
        shift[q] = x[base + q]!;
        sum[q] = 0;
        sq[q] = 0;
      }
      for (let v = 0, i = base; v < voxels; v++) {
        for (let q = 0; q < c; q++, i++) {
          const t = x[i]! - shift[q]!;
          sum[q] = sum[q]! + t;
          sq[q] = sq[q]! + t * t;
        }
      }
      for (let q = 0; q < c; q++) {
        const m = sum[q]! / voxels;
        const variance = Math.max(0, sq[q]! / voxels - m * m);
        out[b * 2 * c + q] = shift[q]! + m;
        out[b * 2 * c + c + q] = 1 / Math.sqrt(variance + eps);
      }
    }
  },
};

const TINY = 1e-30;

/**
 * leaky'(y) = lp + lm·sign(y) with sign(y) = y / (|y| + TINY): branch-free (a data-dependent branch mispredicts on
 * half the voxels). At y = 0 exactly it gives (1 + slope) / 2, a valid subgradient.
 */
function leakyFactors(slope: number): [number, number] {
  return [0.5 * (1 + slope), 0.5 * (1 - slope)];
}

/** Per-sample scale a = γ·rstd and shift t = β − mean·a, so y = a·x + t. */
function affine(stats: Float32Array, gamma: Float32Array, beta: Float32Array, b: number, c: number, a: Float32Array, t: Float32Array): void {
  for (let q = 0; q < c; q++) {
    const mean = stats[b * 2 * c + q]!;
    const rstd = stats[b * 2 * c + c + q]!;
    a[q] = gamma[q]! * rstd;
    t[q] = beta[q]! - mean * a[q]!;
  }
}

/** x, stats, γ, β → leaky(γ·(x − mean)·rstd + β). */
const applyKernel: JsKernel<NormActAttrs> = {
  name: 'MedkdInstanceNormApply',
  outShape: ([s]) => s ?? [],
  run: ([xIn, statsIn, gammaIn, betaIn], [s], out, { slope }) => {
    const k = 'MedkdInstanceNormApply';
    const [x, stats, gamma, beta] = [need(xIn, k), need(statsIn, k), need(gammaIn, k), need(betaIn, k)];
    const [n, voxels, c] = dims(s);
    const a = new Float32Array(c);
    const t = new Float32Array(c);
    // leaky(y) = p·y + m·|y|, branch-free as its derivative below.
    const [p, m] = leakyFactors(slope);
    for (let b = 0; b < n; b++) {
      affine(stats, gamma, beta, b, c, a, t);
      for (let v = 0, i = b * voxels * c; v < voxels; v++) {
        for (let q = 0; q < c; q++, i++) {
          const y = a[q]! * x[i]! + t[q]!;
          out[i] = p * y + m * Math.abs(y);
        }
      }
    }
  },
};

interface GradSetup {
  x: Float32Array;
  stats: Float32Array;
  gamma: Float32Array;
  beta: Float32Array;
  dy: Float32Array;
  n: number;
  voxels: number;
  c: number;
  /** Scratch for affine(): per-channel scale and shift of one sample. */
  a: Float32Array;
  t: Float32Array;
  /** leaky'(y) = lp + lm·sign(y). */
  lp: number;
  lm: number;
}

/** What both gradient kernels start from: their checked inputs x, stats, γ, β, dy, the sizes, scratch, the slope factors. */
function gradSetup(inputs: (Float32Array | undefined)[], s: number[] | undefined, slope: number, kernel: string): GradSetup {
  const [x, stats, gamma, beta, dy] = [0, 1, 2, 3, 4].map((i) => need(inputs[i], kernel)) as [Float32Array, Float32Array, Float32Array, Float32Array, Float32Array];
  const [n, voxels, c] = dims(s);
  const [lp, lm] = leakyFactors(slope);
  return { x, stats, gamma, beta, dy, n, voxels, c, a: new Float32Array(c), t: new Float32Array(c), lp, lm };
}

/** x, stats, γ, β, dy → [N, 2, C]: Σ g and Σ g·xhat per sample and channel, g = dy·leaky'(y). */
const gradSumsKernel: JsKernel<NormActAttrs> = {
  name: 'MedkdInstanceNormGradSums',
  outShape: ([s]) => {
    const [n, , c] = dims(s);
    return [n, 2, c];
  },
  run: (inputs, [s], out, { slope }) => {
    const { x, stats, gamma, beta, dy, n, voxels, c, a, t, lp, lm } = gradSetup(inputs, s, slope, 'MedkdInstanceNormGradSums');
    const sumG = new Float64Array(c);
    const sumGx = new Float64Array(c);
    for (let b = 0; b < n; b++) {
      affine(stats, gamma, beta, b, c, a, t);
      sumG.fill(0);
      sumGx.fill(0);
      // Σ g·xhat = rstd·Σ g·(x − mean): accumulate Σ g·x and subtract mean·Σ g after the loop.
      for (let v = 0, i = b * voxels * c; v < voxels; v++) {
        for (let q = 0; q < c; q++, i++) {
          const xi = x[i]!;
          const y = a[q]! * xi + t[q]!;
          const g = dy[i]! * (lp + lm * (y / (Math.abs(y) + TINY)));
          sumG[q] = sumG[q]! + g;
          sumGx[q] = sumGx[q]! + g * xi;
        }
      }
      for (let q = 0; q < c; q++) {
        const mean = stats[b * 2 * c + q]!;
        const rstd = stats[b * 2 * c + c + q]!;
        out[b * 2 * c + q] = sumG[q]!;
        out[b * 2 * c + c + q] = (sumGx[q]! - mean * sumG[q]!) * rstd;
      }
    }
  },
};

/** x, stats, γ, β, dy, sums → dx = γ·rstd·(g − mean(g) − xhat·mean(g·xhat)). */
const gradInputKernel: JsKernel<NormActAttrs> = {
  name: 'MedkdInstanceNormGradInput',
  outShape: ([s]) => s ?? [],
  run: (inputs, [s], out, { slope }) => {
    const { x, stats, gamma, beta, dy, n, voxels, c, a, t, lp, lm } = gradSetup(inputs, s, slope, 'MedkdInstanceNormGradInput');
    const sums = need(inputs[5], 'MedkdInstanceNormGradInput');
    // dx = p·g + r·x + u per channel: p = γ·rstd, r = −p·rstd·mean(g·xhat), u = −p·mean(g) − r·mean.
    const p = new Float32Array(c);
    const r = new Float32Array(c);
    const u = new Float32Array(c);
    for (let b = 0; b < n; b++) {
      affine(stats, gamma, beta, b, c, a, t);
      for (let q = 0; q < c; q++) {
        const mean = stats[b * 2 * c + q]!;
        const rstd = stats[b * 2 * c + c + q]!;
        p[q] = gamma[q]! * rstd;
        r[q] = (-p[q]! * rstd * sums[b * 2 * c + c + q]!) / voxels;
        u[q] = (-p[q]! * sums[b * 2 * c + q]!) / voxels - r[q]! * mean;
      }
      for (let v = 0, i = b * voxels * c; v < voxels; v++) {
        for (let q = 0; q < c; q++, i++) {
          const xi = x[i]!;
          const y = a[q]! * xi + t[q]!;
          const g = dy[i]! * (lp + lm * (y / (Math.abs(y) + TINY)));
          out[i] = p[q]! * g + r[q]! * xi + u[q]!;
        }
      }
    }
  },
};

/** The same layer from tfjs ops (PyTorch's InstanceNorm3d with affine, biased variance), for the native backends. */
export function instanceNormActOps(x: tf.Tensor5D, gamma: tf.Tensor1D, beta: tf.Tensor1D, slope: number, eps = 1e-5): tf.Tensor5D {
  return tf.tidy(() => {
    const { mean, variance } = tf.moments(x, [1, 2, 3], true);
    const y = tf.add(tf.mul(tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, eps))), gamma), beta);
    return (slope === 1 ? y : tf.leakyRelu(y, slope)) as tf.Tensor5D;
  });
}

/**
 * x: [N, D, H, W, C]; gamma, beta: [C]. Instance norm over D, H, W with biased variance (PyTorch's InstanceNorm3d, also
 * at inference), then γ·x̂ + β, then LeakyReLU with `slope` (1: none). Gradients for x, γ and β.
 */
export function instanceNormAct(x: tf.Tensor5D, gamma: tf.Tensor1D, beta: tf.Tensor1D, slope = 1, eps = 1e-5): tf.Tensor5D {
  if (!hasJsKernels()) return instanceNormActOps(x, gamma, beta, slope, eps);
  const attrs: NormActAttrs = { slope };
  // Inference (no gradient tape): the two forward kernels alone.
  if (!tf.engine().isTapeOn()) return tf.tidy(() => runJsKernel(applyKernel, [x, runJsKernel(statsKernel, [x], { eps }), gamma, beta], attrs) as tf.Tensor5D);
  const op = tf.customGrad((...args) => {
    const [xi, g, b, save] = args as [tf.Tensor5D, tf.Tensor1D, tf.Tensor1D, tf.GradSaveFunc];
    const stats = runJsKernel(statsKernel, [xi], { eps });
    save([xi, stats, g, b]);
    return {
      value: runJsKernel(applyKernel, [xi, stats, g, b], attrs) as tf.Tensor5D,
      gradFunc: (dy: tf.Tensor5D, saved: tf.Tensor[]) => {
        const [xs, st, gs, bs] = saved as [tf.Tensor5D, tf.Tensor, tf.Tensor1D, tf.Tensor1D];
        const sums = runJsKernel(gradSumsKernel, [xs, st, gs, bs, dy], attrs);
        const dx = runJsKernel(gradInputKernel, [xs, st, gs, bs, dy, sums], attrs) as tf.Tensor5D;
        const total = tf.sum(sums, 0);
        const [dBeta, dGamma] = tf.unstack(total, 0) as [tf.Tensor1D, tf.Tensor1D];
        tf.dispose([sums, total]);
        return [dx, dGamma, dBeta];
      },
    };
  });
  return op(x, gamma, beta) as tf.Tensor5D;
}
