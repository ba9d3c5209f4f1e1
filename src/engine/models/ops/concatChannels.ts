// Channel concatenation (U-Net skip joins) with a fast forward and gradient on the WASM and CPU backends.
import * as tf from '@tensorflow/tfjs-core';
import { concatChannelsRaw, sliceChannels } from './kernels/channelBlocks';
import { hasJsKernels } from './kernels/jsKernel';

/**
 * xs: tensors that agree on every axis but the last → their concatenation along the last axis; the gradient splits dy
 * back per input. Use instead of tf.concat(xs, -1): on WASM that concat's gradient (SplitV) crawls at rank 5.
 */
export function concatChannels<T extends tf.Tensor>(xs: T[]): T {
  const first = xs[0];
  if (first === undefined) throw new Error('concatChannels: nothing to concatenate');
  xs.forEach((x) => {
    if (x.rank !== first.rank || x.shape.slice(0, -1).some((d, i) => d !== first.shape[i])) throw new Error(`concatChannels: ${x.shape} does not match ${first.shape} before the last axis`);
  });
  if (!hasJsKernels()) return tf.concat(xs, -1) as T;
  const op = tf.customGrad((...args) => {
    const inputs = args.slice(0, xs.length) as T[];
    const sizes = inputs.map((x) => x.shape[x.rank - 1] ?? 0);
    return {
      value: concatChannelsRaw(inputs),
      gradFunc: (dy: T) => {
        let start = 0;
        return sizes.map((size) => {
          const g = sliceChannels(dy, start, size);
          start += size;
          return g;
        });
      },
    };
  });
  return op(...xs) as T;
}
