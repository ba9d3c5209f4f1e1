// Instance norm, affine and LeakyReLU fused into TypeScript kernels with their own gradient. Composed from tfjs ops the
// same layer costs two transposing reductions and six elementwise passes forward and about twice that backward; here
// the forward reads x twice (statistics, then normalise-scale-shift-activate) and the backward three times.
import * as tf from '@tensorflow/tfjs-core';
import { hasJsKernels, runJsKernel, volumeDims } from './kernels/jsKernel';
import type { JsKernel } from './kernels/jsKernel';

export type NormActAttrs = {
  /** LeakyReLU slope after the affine; 1 means no activation. */
  slope: number;
};

function need(x: Float32Array | undefined, kernel: string): Float32Array {
  if (x === undefined) throw new Error(`${kernel}: missing input`);
  return x;
}

/**
 * The loops below walk the channels-last data in chunks of CHUNK voxels (a chunk stays in L2 cache) and within a chunk
 * four channels at a time with their sums in locals (V8 keeps locals in registers; a per-channel array accumulator costs
 * a load and a store per element, 5-6× slower), then one channel at a time for the C mod 4 rest.
 */
const CHUNK = 1024;

/** x → [N, 2, C]: per sample and channel the mean and 1/√(biased variance + eps). */
const statsKernel: JsKernel<{ eps: number }> = {
  name: 'MedkdInstanceStats',
  outShape: ([s]) => {
    const [n, , c] = volumeDims(s);
    return [n, 2, c];
  },
  run: ([xIn], [s], out, { eps }) => {
    const x = need(xIn, 'MedkdInstanceStats');
    const [n, voxels, c] = volumeDims(s);
    // Sums of (x − the channel's first value) in float64: shifted, so the variance does not cancel away.
    const sum = new Float64Array(c);
    const sq = new Float64Array(c);
    for (let b = 0; b < n; b++) {
      const base = b * voxels * c;
      sum.fill(0);
      sq.fill(0);
      for (let v0 = 0; v0 < voxels; v0 += CHUNK) {
        const stop = base + Math.min(voxels, v0 + CHUNK) * c;
        let q = 0;
        for (; q + 4 <= c; q += 4) {
          const h0 = x[base + q]!, h1 = x[base + q + 1]!, h2 = x[base + q + 2]!, h3 = x[base + q + 3]!;
          let s0 = 0, s1 = 0, s2 = 0, s3 = 0, r0 = 0, r1 = 0, r2 = 0, r3 = 0;
          for (let i = base + v0 * c + q; i < stop; i += c) {
            const d0 = x[i]! - h0, d1 = x[i + 1]! - h1, d2 = x[i + 2]! - h2, d3 = x[i + 3]! - h3;
            s0 += d0; s1 += d1; s2 += d2; s3 += d3;
            r0 += d0 * d0; r1 += d1 * d1; r2 += d2 * d2; r3 += d3 * d3;
          }
          sum[q] = sum[q]! + s0; sum[q + 1] = sum[q + 1]! + s1; sum[q + 2] = sum[q + 2]! + s2; sum[q + 3] = sum[q + 3]! + s3;
          sq[q] = sq[q]! + r0; sq[q + 1] = sq[q + 1]! + r1; sq[q + 2] = sq[q + 2]! + r2; sq[q + 3] = sq[q + 3]! + r3;
        }
        for (; q < c; q++) {
          const h = x[base + q]!;
          let s0 = 0, r0 = 0;
          for (let i = base + v0 * c + q; i < stop; i += c) {
            const d = x[i]! - h;
            s0 += d;
            r0 += d * d;
          }
          sum[q] = sum[q]! + s0;
          sq[q] = sq[q]! + r0;
        }
      }
      for (let q = 0; q < c; q++) {
        const m = sum[q]! / voxels;
        const variance = Math.max(0, sq[q]! / voxels - m * m);
        out[b * 2 * c + q] = x[base + q]! + m;
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

/** x, stats, γ, β → leaky(γ·(x − mean)·rstd + β), leaky(y) = p·y + m·|y| (Math.max or a branch: 2.5-3× slower in V8). */
const applyKernel: JsKernel<NormActAttrs> = {
  name: 'MedkdInstanceNormApply',
  outShape: ([s]) => s ?? [],
  run: ([xIn, statsIn, gammaIn, betaIn], [s], out, { slope }) => {
    const k = 'MedkdInstanceNormApply';
    const [x, stats, gamma, beta] = [need(xIn, k), need(statsIn, k), need(gammaIn, k), need(betaIn, k)];
    const [n, voxels, c] = volumeDims(s);
    const a = new Float32Array(c);
    const t = new Float32Array(c);
    const [p, m] = leakyFactors(slope);
    for (let b = 0; b < n; b++) {
      affine(stats, gamma, beta, b, c, a, t);
      const base = b * voxels * c;
      for (let v0 = 0; v0 < voxels; v0 += CHUNK) {
        const stop = base + Math.min(voxels, v0 + CHUNK) * c;
        let q = 0;
        for (; q + 4 <= c; q += 4) {
          const a0 = a[q]!, a1 = a[q + 1]!, a2 = a[q + 2]!, a3 = a[q + 3]!;
          const t0 = t[q]!, t1 = t[q + 1]!, t2 = t[q + 2]!, t3 = t[q + 3]!;
          for (let i = base + v0 * c + q; i < stop; i += c) {
            const y0 = a0 * x[i]! + t0, y1 = a1 * x[i + 1]! + t1, y2 = a2 * x[i + 2]! + t2, y3 = a3 * x[i + 3]! + t3;
            out[i] = p * y0 + m * Math.abs(y0);
            out[i + 1] = p * y1 + m * Math.abs(y1);
            out[i + 2] = p * y2 + m * Math.abs(y2);
            out[i + 3] = p * y3 + m * Math.abs(y3);
          }
        }
        for (; q < c; q++) {
          const a0 = a[q]!, t0 = t[q]!;
          for (let i = base + v0 * c + q; i < stop; i += c) {
            const y = a0 * x[i]! + t0;
            out[i] = p * y + m * Math.abs(y);
          }
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
  const [n, voxels, c] = volumeDims(s);
  const [lp, lm] = leakyFactors(slope);
  return { x, stats, gamma, beta, dy, n, voxels, c, a: new Float32Array(c), t: new Float32Array(c), lp, lm };
}

/** x, stats, γ, β, dy → [N, 2, C]: Σ g and Σ g·xhat per sample and channel, g = dy·leaky'(y). */
const gradSumsKernel: JsKernel<NormActAttrs> = {
  name: 'MedkdInstanceNormGradSums',
  outShape: ([s]) => {
    const [n, , c] = volumeDims(s);
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
      const base = b * voxels * c;
      // Σ g·xhat = rstd·Σ g·(x − mean): accumulate Σ g·x and subtract mean·Σ g after the loop.
      for (let v0 = 0; v0 < voxels; v0 += CHUNK) {
        const stop = base + Math.min(voxels, v0 + CHUNK) * c;
        let q = 0;
        for (; q + 4 <= c; q += 4) {
          const a0 = a[q]!, a1 = a[q + 1]!, a2 = a[q + 2]!, a3 = a[q + 3]!;
          const t0 = t[q]!, t1 = t[q + 1]!, t2 = t[q + 2]!, t3 = t[q + 3]!;
          let g0 = 0, g1 = 0, g2 = 0, g3 = 0, h0 = 0, h1 = 0, h2 = 0, h3 = 0;
          for (let i = base + v0 * c + q; i < stop; i += c) {
            const x0 = x[i]!, x1 = x[i + 1]!, x2 = x[i + 2]!, x3 = x[i + 3]!;
            const y0 = a0 * x0 + t0, y1 = a1 * x1 + t1, y2 = a2 * x2 + t2, y3 = a3 * x3 + t3;
            const e0 = dy[i]! * (lp + lm * (y0 / (Math.abs(y0) + TINY)));
            const e1 = dy[i + 1]! * (lp + lm * (y1 / (Math.abs(y1) + TINY)));
            const e2 = dy[i + 2]! * (lp + lm * (y2 / (Math.abs(y2) + TINY)));
            const e3 = dy[i + 3]! * (lp + lm * (y3 / (Math.abs(y3) + TINY)));
            g0 += e0; g1 += e1; g2 += e2; g3 += e3;
            h0 += e0 * x0; h1 += e1 * x1; h2 += e2 * x2; h3 += e3 * x3;
          }
          sumG[q] = sumG[q]! + g0; sumG[q + 1] = sumG[q + 1]! + g1; sumG[q + 2] = sumG[q + 2]! + g2; sumG[q + 3] = sumG[q + 3]! + g3;
          sumGx[q] = sumGx[q]! + h0; sumGx[q + 1] = sumGx[q + 1]! + h1; sumGx[q + 2] = sumGx[q + 2]! + h2; sumGx[q + 3] = sumGx[q + 3]! + h3;
        }
        for (; q < c; q++) {
          const a0 = a[q]!, t0 = t[q]!;
          let g0 = 0, h0 = 0;
          for (let i = base + v0 * c + q; i < stop; i += c) {
            const x0 = x[i]!;
            const y0 = a0 * x0 + t0;
            const e0 = dy[i]! * (lp + lm * (y0 / (Math.abs(y0) + TINY)));
            g0 += e0;
            h0 += e0 * x0;
          }
          sumG[q] = sumG[q]! + g0;
          sumGx[q] = sumGx[q]! + h0;
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
      const base = b * voxels * c;
      for (let v0 = 0; v0 < voxels; v0 += CHUNK) {
        const stop = base + Math.min(voxels, v0 + CHUNK) * c;
        let q = 0;
        for (; q + 4 <= c; q += 4) {
          const a0 = a[q]!, a1 = a[q + 1]!, a2 = a[q + 2]!, a3 = a[q + 3]!;
          const t0 = t[q]!, t1 = t[q + 1]!, t2 = t[q + 2]!, t3 = t[q + 3]!;
          const p0 = p[q]!, p1 = p[q + 1]!, p2 = p[q + 2]!, p3 = p[q + 3]!;
          const r0 = r[q]!, r1 = r[q + 1]!, r2 = r[q + 2]!, r3 = r[q + 3]!;
          const u0 = u[q]!, u1 = u[q + 1]!, u2 = u[q + 2]!, u3 = u[q + 3]!;
          for (let i = base + v0 * c + q; i < stop; i += c) {
            const x0 = x[i]!, x1 = x[i + 1]!, x2 = x[i + 2]!, x3 = x[i + 3]!;
            const y0 = a0 * x0 + t0, y1 = a1 * x1 + t1, y2 = a2 * x2 + t2, y3 = a3 * x3 + t3;
            out[i] = p0 * dy[i]! * (lp + lm * (y0 / (Math.abs(y0) + TINY))) + r0 * x0 + u0;
            out[i + 1] = p1 * dy[i + 1]! * (lp + lm * (y1 / (Math.abs(y1) + TINY))) + r1 * x1 + u1;
            out[i + 2] = p2 * dy[i + 2]! * (lp + lm * (y2 / (Math.abs(y2) + TINY))) + r2 * x2 + u2;
            out[i + 3] = p3 * dy[i + 3]! * (lp + lm * (y3 / (Math.abs(y3) + TINY))) + r3 * x3 + u3;
          }
        }
        for (; q < c; q++) {
          const a0 = a[q]!, t0 = t[q]!, p0 = p[q]!, r0 = r[q]!, u0 = u[q]!;
          for (let i = base + v0 * c + q; i < stop; i += c) {
            const x0 = x[i]!;
            const y0 = a0 * x0 + t0;
            out[i] = p0 * dy[i]! * (lp + lm * (y0 / (Math.abs(y0) + TINY))) + r0 * x0 + u0;
          }
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
