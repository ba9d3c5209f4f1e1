// Output sizes and paddings of a strided convolution, per axis, with TensorFlow's 'same'/'valid' rules.
import type { Padding } from './conv3d';

/** Zeros added before and after one axis; a negative number crops instead. */
export type AxisPads = [before: number, after: number];

export interface AxisGeometry {
  out: number;
  pads: AxisPads;
}

/** One axis of a convolution: TF 'same' puts the odd padding element after (PyTorch's even-kernel convention too). */
export function convAxis(inSize: number, kernel: number, stride: number, padding: Padding): AxisGeometry {
  if (padding === 'valid') {
    const out = Math.floor((inSize - kernel) / stride) + 1;
    if (out < 1) throw new Error(`convolution: kernel ${kernel} does not fit an axis of size ${inSize} with 'valid' padding`);
    return { out, pads: [0, 0] };
  }
  const out = Math.ceil(inSize / stride);
  const total = Math.max((out - 1) * stride + kernel - inSize, 0);
  const before = Math.floor(total / 2);
  return { out, pads: [before, total - before] };
}

/** Output length of a stride-s correlation over an axis padded by `pads` (negative pads crop). */
export function paddedOut(inSize: number, kernel: number, stride: number, pads: AxisPads): number {
  return Math.floor((inSize + pads[0] + pads[1] - kernel) / stride) + 1;
}
