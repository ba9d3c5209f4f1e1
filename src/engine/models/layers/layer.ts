// A building block: a forward function plus a shape trace that counts FLOPs without touching tensors.
import type * as tf from '@tensorflow/tfjs-core';

/** Per-sample activation shape [D, H, W, C]. */
export type Shape4 = [number, number, number, number];

export interface FlopCounter {
  total: number;
}

export interface Layer {
  apply(x: tf.Tensor5D): tf.Tensor5D;
  /** Output shape for input `shape`; adds this layer's forward FLOPs (multiply-add = 2) to `flops`. */
  trace(shape: Shape4, flops: FlopCounter): Shape4;
}

/** Output extent of a 'same'-padded conv. */
export function sameOut(n: number, stride: number): number {
  return Math.ceil(n / stride);
}
