// Concatenation and slicing along the channel (last) axis. WASM's Concat copies such inner blocks with a JS loop of
// tiny typed-array copies, and its Slice/SplitV (the concat's gradient) falls back to a generic per-element path at
// rank 5, ~11 s for one 64³×32 split; these kernels move each row in one loop instead.
import * as tf from '@tensorflow/tfjs-core';
import { hasJsKernels, runJsKernel } from './jsKernel';
import type { JsKernel } from './jsKernel';

const lastDim = (s: number[] | undefined): number => s?.[s.length - 1] ?? 0;
const rowsOf = (s: number[] | undefined): number => (s ?? []).slice(0, -1).reduce((p, d) => p * d, 1);

const concatKernel: JsKernel<Record<string, never>> = {
  name: 'MedkdConcatChannels',
  outShape: (shapes) => [...(shapes[0] ?? []).slice(0, -1), shapes.reduce((a, s) => a + lastDim(s), 0)],
  run: (inputs, shapes, out) => {
    const rows = rowsOf(shapes[0]);
    const total = shapes.reduce((a, s) => a + lastDim(s), 0);
    let offset = 0;
    inputs.forEach((x, k) => {
      const c = lastDim(shapes[k]);
      for (let r = 0; r < rows; r++) {
        const o = r * total + offset;
        const i = r * c;
        for (let q = 0; q < c; q++) out[o + q] = x[i + q]!;
      }
      offset += c;
    });
  },
};

type SliceAttrs = { start: number; size: number };

const sliceKernel: JsKernel<SliceAttrs> = {
  name: 'MedkdSliceChannels',
  outShape: ([s], a) => [...(s ?? []).slice(0, -1), a.size],
  run: ([x], [s], out, a) => {
    if (x === undefined) throw new Error('MedkdSliceChannels: missing input');
    const rows = rowsOf(s);
    const c = lastDim(s);
    for (let r = 0; r < rows; r++) {
      const i = r * c + a.start;
      const o = r * a.size;
      for (let q = 0; q < a.size; q++) out[o + q] = x[i + q]!;
    }
  },
};

/** Channels [start, start + size) of x (no gradient). */
export function sliceChannels<T extends tf.Tensor>(x: T, start: number, size: number): T {
  if (!hasJsKernels()) return tf.slice(x, x.shape.map((_, i) => (i === x.rank - 1 ? start : 0)), x.shape.map((d, i) => (i === x.rank - 1 ? size : d))) as T;
  return runJsKernel(sliceKernel, [x], { start, size }) as T;
}

/** xs concatenated along the last axis (no gradient). */
export function concatChannelsRaw<T extends tf.Tensor>(xs: T[]): T {
  if (!hasJsKernels()) return tf.concat(xs, -1) as T;
  return runJsKernel(concatKernel, xs, {}) as T;
}
