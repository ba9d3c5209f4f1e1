// Depthwise 3D convolution (groups = channels), which tfjs lacks, with both gradients on fast kernels.
import * as tf from '@tensorflow/tfjs-core';
import { biasGradient, conv3dPads } from './conv3d';
import type { Conv3dOptions } from './conv3d';
import { depthwiseConv3dBackpropFilter } from './depthwiseConv3dBackpropFilter';
import { depthwiseConv3dFolded } from './depthwiseConv3dFolded';
import { inputGradient, pickTaps } from './inputGradient';

/**
 * x: [N, D, H, W, C], w: [kD, kH, kW, C] → [N, D', H', W', C]; each channel convolved with its own kernel.
 * Every backend takes the same path (tfjs has no depthwise conv3d kernel anywhere): per depth tap a batched depthwise
 * conv2d, the input gradient per stride phase, the filter gradient as one depthwise conv2d with dy as the filter.
 */
export function depthwiseConv3d(x: tf.Tensor5D, w: tf.Tensor4D, options: Conv3dOptions = {}): tf.Tensor5D {
  const s = options.stride ?? 1;
  const inDims: [number, number, number] = [x.shape[1], x.shape[2], x.shape[3]];
  const kernel: [number, number, number] = [w.shape[0], w.shape[1], w.shape[2]];
  const pads = conv3dPads(inDims, kernel, s, options.padding ?? 'same');
  const bias = options.bias;
  // Inference (no gradient tape): the forward alone, without customGrad's bookkeeping.
  if (!tf.engine().isTapeOn()) return depthwiseConv3dFolded(x, w, s, pads, bias);
  const op = tf.customGrad((...args) => {
    const save = args[args.length - 1] as tf.GradSaveFunc;
    const [xi, wi] = args as [tf.Tensor5D, tf.Tensor4D];
    const bi = bias ? (args[2] as tf.Tensor1D) : undefined;
    save([xi, wi]);
    return {
      value: depthwiseConv3dFolded(xi, wi, s, pads, bi),
      gradFunc: (dy: tf.Tensor5D, saved: tf.Tensor[]) => {
        const [xs, ws] = saved as [tf.Tensor5D, tf.Tensor4D];
        const dx = inputGradient(dy, inDims, xs.shape[4], kernel, s, pads, (g, taps, p) =>
          tf.tidy(() => depthwiseConv3dFolded(g, pickTaps(ws, taps), 1, p)),
        );
        const grads = [dx, depthwiseConv3dBackpropFilter(xs, dy, kernel, s, pads)];
        return bias ? [...grads, biasGradient(dy)] : grads;
      },
    };
  });
  return (bias ? op(x, w, bias) : op(x, w)) as tf.Tensor5D;
}
