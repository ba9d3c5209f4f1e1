// ×2 resampling along one axis (nearest, or linear with PyTorch's half-pixel or align-corners rule) and its adjoint.
// tfjs's resize gradients are wrong here: the CPU ResizeNearestNeighborGrad/ResizeBilinearGrad break on non-square
// images and the WASM ResizeBilinearGrad ignores half-pixel centres, so the 3D upsampling ops use these instead.
import * as tf from '@tensorflow/tfjs-core';
import { hasJsKernels, runJsKernel } from './jsKernel';
import type { JsKernel } from './jsKernel';

export type ResizeMode = 'nearest' | 'linear' | 'linearAlignCorners';
const MODES: readonly ResizeMode[] = ['nearest', 'linear', 'linearAlignCorners'];

/** For each of the 2·len outputs: two source indices and their weights. */
export function resize2xTaps(len: number, mode: ResizeMode): { i0: Int32Array; i1: Int32Array; w0: Float32Array; w1: Float32Array } {
  const out = 2 * len;
  const i0 = new Int32Array(out);
  const i1 = new Int32Array(out);
  const w0 = new Float32Array(out);
  const w1 = new Float32Array(out);
  for (let o = 0; o < out; o++) {
    if (mode === 'nearest') {
      i0[o] = i1[o] = o >> 1;
      w0[o] = 1;
      continue;
    }
    // Half-pixel: src = (o + ½)/2 − ½, clamped at 0 as PyTorch does; align corners: src = o·(len − 1)/(out − 1).
    const src = mode === 'linear' ? Math.max(0, (o + 0.5) / 2 - 0.5) : (o * (len - 1)) / (out - 1);
    const lo = Math.min(Math.floor(src), len - 1);
    i0[o] = lo;
    i1[o] = Math.min(lo + 1, len - 1);
    w1[o] = src - lo;
    w0[o] = 1 - (src - lo);
  }
  return { i0, i1, w0, w1 };
}

type Attrs = { outer: number; len: number; inner: number; mode: number; adjoint: number };

const kernel: JsKernel<Attrs> = {
  name: 'MedkdResize2x',
  outShape: (_s, a) => [a.outer, a.adjoint === 1 ? a.len : 2 * a.len, a.inner],
  run: ([x], _s, out, a) => {
    if (x === undefined) throw new Error('MedkdResize2x: missing input');
    const { outer, len, inner } = a;
    const t = resize2xTaps(len, MODES[a.mode] ?? 'nearest');
    for (let r = 0; r < outer; r++) {
      const small = r * len * inner;
      const big = r * 2 * len * inner;
      for (let o = 0; o < 2 * len; o++) {
        const bo = big + o * inner;
        const s0 = small + t.i0[o]! * inner;
        const s1 = small + t.i1[o]! * inner;
        const w0 = t.w0[o]!;
        const w1 = t.w1[o]!;
        if (a.adjoint === 1) {
          for (let q = 0; q < inner; q++) {
            const g = x[bo + q]!;
            out[s0 + q]! += w0 * g;
            out[s1 + q]! += w1 * g;
          }
        } else if (w1 === 0) {
          for (let q = 0; q < inner; q++) out[bo + q] = w0 * x[s0 + q]!;
        } else {
          for (let q = 0; q < inner; q++) out[bo + q] = w0 * x[s0 + q]! + w1 * x[s1 + q]!;
        }
      }
    }
  },
};

function view(shape: readonly number[], axis: number): { outer: number; len: number; inner: number } {
  const prod = (s: readonly number[]): number => s.reduce((p, d) => p * d, 1);
  return { outer: prod(shape.slice(0, axis)), len: shape[axis] ?? 1, inner: prod(shape.slice(axis + 1)) };
}

/** x resampled ×2 along `axis` (no gradient; see resize2xAxisGrad). */
export function resize2xAxis<T extends tf.Tensor>(x: T, axis: number, mode: ResizeMode): T {
  const v = view(x.shape, axis);
  const shape = [...x.shape];
  shape[axis] = 2 * v.len;
  if (!hasJsKernels()) return resize2xAxisOps(x, axis, mode);
  return tf.tidy(() => tf.reshape(runJsKernel(kernel, [x], { ...v, mode: MODES.indexOf(mode), adjoint: 0 }), shape) as T);
}

/** The adjoint: dy (×2 along `axis`) → the gradient for the input of resize2xAxis. */
export function resize2xAxisGrad<T extends tf.Tensor>(dy: T, axis: number, mode: ResizeMode): T {
  const big = view(dy.shape, axis);
  const shape = [...dy.shape];
  shape[axis] = big.len / 2;
  const v = { ...big, len: big.len / 2 };
  return tf.tidy(() => tf.reshape(runJsKernel(kernel, [dy], { ...v, mode: MODES.indexOf(mode), adjoint: 1 }), shape) as T);
}

/** The same with gather and a lerp (differentiable by tfjs): for backends without the TypeScript kernels. */
export function resize2xAxisOps<T extends tf.Tensor>(x: T, axis: number, mode: ResizeMode): T {
  const t = resize2xTaps(x.shape[axis] ?? 1, mode);
  return tf.tidy(() => {
    const a = tf.gather(x, tf.tensor1d(t.i0, 'int32'), axis);
    const b = tf.gather(x, tf.tensor1d(t.i1, 'int32'), axis);
    const bshape = x.shape.map((_, i) => (i === axis ? t.w0.length : 1));
    return tf.add(tf.mul(a, tf.reshape(tf.tensor1d(t.w0), bshape)), tf.mul(b, tf.reshape(tf.tensor1d(t.w1), bshape))) as T;
  });
}
