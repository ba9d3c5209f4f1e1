// Stacks depth-shifted (and strided) copies of rows: the layout the filter gradients' "big kernel" conv2d reads.
import * as tf from '@tensorflow/tfjs-core';
import { hasJsKernels, runJsKernel } from './jsKernel';
import type { JsKernel } from './jsKernel';

export type ShiftStackAttrs = {
  /** The input viewed as [rows, len, elem]. */
  rows: number;
  len: number;
  elem: number;
  /** Taps k, stride s, zeros before (pad) and output length. */
  k: number;
  s: number;
  pad: number;
  outLen: number;
};

const kernel: JsKernel<ShiftStackAttrs> = {
  name: 'MedkdShiftStack',
  outShape: (_s, a) => [a.k, a.rows, a.outLen, a.elem],
  run: ([x], _s, out, a) => {
    if (x === undefined) throw new Error('MedkdShiftStack: missing input');
    const { rows, len, elem, k, s, pad, outLen } = a;
    for (let t = 0; t < k; t++) {
      // Output positions z whose source z·s + t − pad lies inside [0, len).
      const zLo = Math.max(0, Math.ceil((pad - t) / s));
      const zHi = Math.min(outLen, Math.floor((len - 1 + pad - t) / s) + 1);
      for (let r = 0; r < rows; r++) {
        const outRow = (t * rows + r) * outLen;
        const inRow = r * len;
        if (s === 1) {
          const from = (inRow + zLo + t - pad) * elem;
          const to = (outRow + zLo) * elem;
          const count = (zHi - zLo) * elem;
          for (let q = 0; q < count; q++) out[to + q] = x[from + q]!;
        } else {
          for (let z = zLo; z < zHi; z++) {
            const from = (inRow + z * s + t - pad) * elem;
            const to = (outRow + z) * elem;
            for (let q = 0; q < elem; q++) out[to + q] = x[from + q]!;
          }
        }
      }
    }
  },
};

/** x viewed as [rows, len, elem] → [k, rows, outLen, elem], out[t, r, z, e] = x[r, z·s + t − pad, e] (zero outside). */
export function shiftStack(x: tf.Tensor, attrs: ShiftStackAttrs): tf.Tensor4D {
  if (x.size !== attrs.rows * attrs.len * attrs.elem) throw new Error(`shiftStack: ${x.shape} is not ${attrs.rows}×${attrs.len}×${attrs.elem}`);
  return hasJsKernels() ? (runJsKernel(kernel, [x], attrs) as tf.Tensor4D) : shiftStackOps(x, attrs);
}

/** The same with tfjs ops (pad, strided slices, stack): for backends without the TypeScript kernels. */
export function shiftStackOps(x: tf.Tensor, a: ShiftStackAttrs): tf.Tensor4D {
  return tf.tidy(() => {
    const before = Math.max(0, a.pad);
    const after = Math.max(0, (a.outLen - 1) * a.s + a.k - a.pad - a.len);
    const padded = tf.pad(tf.reshape(x, [a.rows, a.len, a.elem]), [[0, 0], [before, after], [0, 0]]);
    const taps: tf.Tensor3D[] = [];
    for (let t = 0; t < a.k; t++) {
      const start = t - a.pad + before;
      taps.push(tf.stridedSlice(padded, [0, start, 0], [a.rows, start + (a.outLen - 1) * a.s + 1, a.elem], [1, a.s, 1]) as tf.Tensor3D);
    }
    return tf.stack(taps) as tf.Tensor4D;
  });
}
