// 3D convolution whose forward, input gradient and filter gradient run on fast kernels on every backend.
import * as tf from '@tensorflow/tfjs-core';
import { isNativeBackend } from '../../backend/isNativeBackend';
import { channelSum } from './channelReduce';
import { conv3dBackpropFilter } from './conv3dBackpropFilter';
import { conv3dBackpropInput } from './conv3dBackpropInput';
import { conv3dFolded } from './conv3dFolded';
import type { Pads3 } from './conv3dFolded';
import { convAxis } from './convGeometry';

export type Padding = 'same' | 'valid';

export interface Conv3dOptions {
  /** Stride along d, h, w (one number for all three). */
  stride?: 1 | 2;
  padding?: Padding;
  /** [Cout] (depthwise: [C]) added in the convolution's own kernel where the backend fuses it, with its gradient. */
  bias?: tf.Tensor1D;
}

/** Forward pads of a conv3d over x's [D, H, W] with kernel [kD, kH, kW]. */
export function conv3dPads(inDims: readonly number[], kernel: readonly number[], stride: number, padding: Padding): Pads3 {
  const axis = (a: number): [number, number] => convAxis(inDims[a] ?? 0, kernel[a] ?? 1, stride, padding).pads;
  return [axis(0), axis(1), axis(2)];
}

/**
 * x: [N, D, H, W, Cin], w: [kD, kH, kW, Cin, Cout] → [N, D', H', W', Cout].
 * Forward, input gradient and filter gradient are correct on every backend. Native TensorFlow backends use tf.conv3d;
 * 'wasm' and 'cpu' fold depth taps into channels and run batched conv2d (XNNPACK on WASM), see conv3dFolded.
 */
export function conv3d(x: tf.Tensor5D, w: tf.Tensor5D, options: Conv3dOptions = {}): tf.Tensor5D {
  const s = options.stride ?? 1;
  const padding = options.padding ?? 'same';
  const bias = options.bias;
  if (isNativeBackend()) {
    const y = tf.conv3d(x, w, [s, s, s], padding);
    return bias ? tf.tidy(() => tf.add(y, bias)) : y;
  }
  const inDims: [number, number, number] = [x.shape[1], x.shape[2], x.shape[3]];
  const kernel: [number, number, number] = [w.shape[0], w.shape[1], w.shape[2]];
  const pads = conv3dPads(inDims, kernel, s, padding);
  // Inference (no gradient tape): the forward alone, without customGrad's bookkeeping.
  if (!tf.engine().isTapeOn()) return conv3dFolded(x, w, s, pads, bias);
  const op = tf.customGrad((...args) => {
    const save = args[args.length - 1] as tf.GradSaveFunc;
    const [xi, wi] = args as [tf.Tensor5D, tf.Tensor5D];
    const bi = bias ? (args[2] as tf.Tensor1D) : undefined;
    save([xi, wi]);
    return {
      value: conv3dFolded(xi, wi, s, pads, bi),
      gradFunc: (dy: tf.Tensor5D, saved: tf.Tensor[]) => {
        const [xs, ws] = saved as [tf.Tensor5D, tf.Tensor5D];
        const grads = [conv3dBackpropInput(dy, ws, inDims, s, pads), conv3dBackpropFilter(xs, dy, kernel, s, pads)];
        return bias ? [...grads, biasGradient(dy)] : grads;
      },
    };
  });
  return (bias ? op(x, w, bias) : op(x, w)) as tf.Tensor5D;
}

/** A per-channel bias's gradient: dy summed over batch and space. */
export function biasGradient(dy: tf.Tensor5D): tf.Tensor1D {
  return channelSum(dy);
}
