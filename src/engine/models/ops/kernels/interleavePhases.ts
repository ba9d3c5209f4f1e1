// Interleaves the eight stride-2 phases of a volume: the last step of a stride-2 input gradient computed per phase.
import * as tf from '@tensorflow/tfjs-core';
import { hasJsKernels, runJsKernel } from './jsKernel';
import type { JsKernel } from './jsKernel';

export type InterleaveAttrs = {
  d: number;
  h: number;
  w: number;
  /** Bit p (p = 4·pd + 2·ph + pw) set when phase p is passed; missing phases are zero. */
  mask: number;
};

const kernel: JsKernel<InterleaveAttrs> = {
  name: 'MedkdInterleavePhases',
  outShape: ([s], a) => [s?.[0] ?? 0, a.d, a.h, a.w, s?.[4] ?? 0],
  run: (phases, shapes, out, a) => {
    let next = 0;
    for (let p = 0; p < 8; p++) {
      if ((a.mask & (1 << p)) === 0) continue;
      const x = phases[next];
      const s = shapes[next];
      next++;
      if (x === undefined || s === undefined) throw new Error('MedkdInterleavePhases: missing phase');
      const [n = 0, qd = 0, qh = 0, qw = 0, c = 0] = s;
      const pd = p >> 2;
      const ph = (p >> 1) & 1;
      const pw = p & 1;
      let i = 0;
      for (let b = 0; b < n; b++) {
        for (let z = 0; z < qd; z++) {
          for (let y = 0; y < qh; y++) {
            let o = (((b * a.d + 2 * z + pd) * a.h + 2 * y + ph) * a.w + pw) * c;
            for (let xx = 0; xx < qw; xx++, o += 2 * c, i += c) {
              for (let q = 0; q < c; q++) out[o + q] = x[i + q]!;
            }
          }
        }
      }
    }
  },
};

/**
 * phases[i] is phase p = 4·pd + 2·ph + pw (only those with `mask` bit p set, in order), shaped [N, Qd, Qh, Qw, C];
 * out[n, 2i + pd, 2j + ph, 2l + pw, c] = phase[n, i, j, l, c], shaped [N, d, h, w, C].
 */
export function interleavePhases(phases: tf.Tensor5D[], attrs: InterleaveAttrs): tf.Tensor5D {
  if (phases.length === 0) throw new Error('interleavePhases: no phase given');
  return hasJsKernels() ? (runJsKernel(kernel, phases, attrs) as tf.Tensor5D) : interleavePhasesOps(phases, attrs);
}

/** The same with tfjs ops (pad each phase to ⌈size/2⌉, stack and reshape axis by axis, crop): for other backends. */
export function interleavePhasesOps(phases: tf.Tensor5D[], a: InterleaveAttrs): tf.Tensor5D {
  const first = phases[0];
  if (first === undefined) throw new Error('interleavePhases: no phase given');
  const [n, , , , c] = first.shape;
  const [qd, qh, qw] = [Math.ceil(a.d / 2), Math.ceil(a.h / 2), Math.ceil(a.w / 2)];
  return tf.tidy(() => {
    const full: tf.Tensor5D[] = [];
    let next = 0;
    for (let p = 0; p < 8; p++) {
      const t = (a.mask & (1 << p)) === 0 ? undefined : phases[next++];
      full.push(
        t === undefined
          ? tf.zeros([n, qd, qh, qw, c])
          : tf.pad(t, [[0, 0], [0, qd - t.shape[1]], [0, qh - t.shape[2]], [0, qw - t.shape[3]], [0, 0]]),
      );
    }
    const pair = (p0: tf.Tensor5D, p1: tf.Tensor5D, axis: 2 | 3 | 4): tf.Tensor5D => {
      const s: [number, number, number, number, number] = [...p0.shape];
      s[axis - 1] = (s[axis - 1] ?? 0) * 2;
      return tf.reshape(tf.stack([p0, p1], axis), s) as tf.Tensor5D;
    };
    const at = (i: number): tf.Tensor5D => full[i]!;
    const byW = [0, 2, 4, 6].map((p) => pair(at(p), at(p + 1), 4));
    const byH = [0, 2].map((i) => pair(byW[i]!, byW[i + 1]!, 3));
    const all = pair(byH[0]!, byH[1]!, 2);
    return tf.slice(all, [0, 0, 0, 0, 0], [n, a.d, a.h, a.w, c]);
  });
}
