// Input gradient of a strided 3D correlation without zero insertion: one stride-1 correlation per output phase.
import * as tf from '@tensorflow/tfjs-core';
import type { Pads3 } from './conv3dFolded';
import { interleavePhases } from './kernels/interleavePhases';

/** Filter taps per axis (depth, height, width) in the order a stride-1 correlation reads them. */
export type Taps3 = [number[], number[], number[]];

/** A stride-1 correlation of dy with the sub-filter `taps` picks out of the forward filter. */
export type Correlate = (dy: tf.Tensor5D, taps: Taps3, pads: Pads3) => tf.Tensor5D;

interface PhaseAxis {
  taps: number[];
  pads: [number, number];
  size: number;
}

/**
 * Along one axis: input positions i = s·q + p receive dy[d'] · w[t] for s·d' + t − before = i, so phase p sees the taps
 * t ≡ p + before (mod s), read in reverse as a stride-1 correlation over dy padded to give ⌈(in − p)/s⌉ outputs.
 */
function phaseAxis(inSize: number, outSize: number, kernel: number, stride: number, before: number, p: number): PhaseAxis {
  const t0 = (p + before) % stride;
  const taps: number[] = [];
  for (let t = t0; t < kernel; t += stride) taps.unshift(t);
  const size = Math.ceil((inSize - p) / stride);
  const c = (p + before - t0) / stride;
  const padBefore = taps.length - 1 - c;
  return { taps, size, pads: [padBefore, size + taps.length - 1 - padBefore - outSize] };
}

/**
 * dx [N, D, H, W, C] of y = correlate(x, w) at `stride` with forward `pads`, given dy [N, D', H', W', Cout].
 * `inDims` are x's [D, H, W] and `kernel` is w's [kD, kH, kW]; `channels` is x's channel count.
 */
export function inputGradient(
  dy: tf.Tensor5D,
  inDims: [number, number, number],
  channels: number,
  kernel: [number, number, number],
  stride: number,
  pads: Pads3,
  correlate: Correlate,
): tf.Tensor5D {
  const n = dy.shape[0];
  const outDims = [dy.shape[1], dy.shape[2], dy.shape[3]];
  const axis = (a: 0 | 1 | 2, p: number): PhaseAxis => phaseAxis(inDims[a], outDims[a] ?? 0, kernel[a], stride, pads[a][0], p);
  return tf.tidy(() => {
    if (stride === 1) {
      const [ad, ah, aw] = [axis(0, 0), axis(1, 0), axis(2, 0)];
      return correlate(dy, [ad.taps, ah.taps, aw.taps], [ad.pads, ah.pads, aw.pads]);
    }
    const phases: tf.Tensor5D[] = [];
    let mask = 0;
    for (let pd = 0; pd < stride; pd++) {
      for (let ph = 0; ph < stride; ph++) {
        for (let pw = 0; pw < stride; pw++) {
          if (pd >= inDims[0] || ph >= inDims[1] || pw >= inDims[2]) continue;
          const [ad, ah, aw] = [axis(0, pd), axis(1, ph), axis(2, pw)];
          // A phase no tap reaches (kernel 1, stride 2) gets no gradient: the kernel leaves it zero.
          if (ad.taps.length === 0 || ah.taps.length === 0 || aw.taps.length === 0) continue;
          phases.push(correlate(dy, [ad.taps, ah.taps, aw.taps], [ad.pads, ah.pads, aw.pads]));
          mask |= 1 << (pd * 4 + ph * 2 + pw);
        }
      }
    }
    if (phases.length === 0) return tf.zeros([n, inDims[0], inDims[1], inDims[2], channels]);
    return interleavePhases(phases, { d: inDims[0], h: inDims[1], w: inDims[2], mask });
  });
}

/** w's sub-filter at the given taps along its first three axes. */
export function pickTaps<T extends tf.Tensor>(w: T, taps: Taps3): T {
  return tf.tidy(() => {
    let f: tf.Tensor = w;
    taps.forEach((t, axis) => {
      const all = t.length === w.shape[axis] && t.every((v, i) => v === t.length - 1 - i);
      f = all ? tf.reverse(f, axis) : tf.gather(f, tf.tensor1d(t, 'int32'), axis);
    });
    return f as T;
  });
}
