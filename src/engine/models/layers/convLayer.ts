// A 'same'-padded 3D conv (full or depthwise-separable) over the shared ops, with seeded Xavier init.
import * as tf from '@tensorflow/tfjs-core';
import { conv3d } from '../ops/conv3d';
import { depthwiseConv3d } from '../ops/depthwiseConv3d';
import type { ParamStore } from '../paramStore';
import { sameOut } from './layer';
import type { FlopCounter, Layer, Shape4 } from './layer';

export interface ConvLayerOptions {
  inChannels: number;
  outChannels: number;
  kernel: 1 | 2 | 3;
  stride?: 1 | 2;
  bias: boolean;
  /** Depthwise k³ (with bias) then pointwise 1×1×1 (with `bias`), as MobileNet and P1's student. */
  separable?: boolean;
}

export function convLayer(store: ParamStore, name: string, o: ConvLayerOptions): Layer {
  const k = o.kernel;
  const stride = o.stride ?? 1;
  const kk = k * k * k;
  if (o.separable) {
    const dw = store.xavier(`${name}.dw`, [k, k, k, o.inChannels], kk, o.inChannels * kk);
    const dwBias = store.fill(`${name}.dwBias`, [o.inChannels], 0);
    const pw = store.xavier(`${name}.pw`, [1, 1, 1, o.inChannels, o.outChannels], o.inChannels, o.outChannels);
    const pwBias = o.bias ? store.fill(`${name}.pwBias`, [o.outChannels], 0) : undefined;
    return {
      apply: (x) =>
        tf.tidy(() => {
          const d = depthwiseConv3d(x, dw as tf.Tensor as tf.Tensor4D, { stride, padding: 'same', bias: dwBias as tf.Tensor as tf.Tensor1D });
          return conv3d(d, pw as tf.Tensor as tf.Tensor5D, { stride: 1, padding: 'same', ...(pwBias ? { bias: pwBias as tf.Tensor as tf.Tensor1D } : {}) });
        }),
      trace: ([d, h, w, c]: Shape4, flops: FlopCounter): Shape4 => {
        const out: Shape4 = [sameOut(d, stride), sameOut(h, stride), sameOut(w, stride), o.outChannels];
        const vox = out[0] * out[1] * out[2];
        flops.total += 2 * vox * (kk * c + c * o.outChannels);
        return out;
      },
    };
  }
  const weight = store.xavier(`${name}.w`, [k, k, k, o.inChannels, o.outChannels], o.inChannels * kk, o.outChannels * kk);
  const bias = o.bias ? store.fill(`${name}.b`, [o.outChannels], 0) : undefined;
  return {
    apply: (x) =>
      tf.tidy(() => {
        return conv3d(x, weight as tf.Tensor as tf.Tensor5D, { stride, padding: 'same', ...(bias ? { bias: bias as tf.Tensor as tf.Tensor1D } : {}) });
      }),
    trace: ([d, h, w, c]: Shape4, flops: FlopCounter): Shape4 => {
      const out: Shape4 = [sameOut(d, stride), sameOut(h, stride), sameOut(w, stride), o.outChannels];
      flops.total += 2 * out[0] * out[1] * out[2] * kk * c * o.outChannels;
      return out;
    },
  };
}
