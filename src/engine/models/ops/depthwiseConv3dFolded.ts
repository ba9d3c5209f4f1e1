// Depthwise 3D correlation as a sum over depth taps of batched depthwise conv2d calls (XNNPACK on WASM).
import * as tf from '@tensorflow/tfjs-core';
import type { Pads3 } from './conv3dFolded';
import { splitPads } from './conv3dFolded';
import { paddedOut } from './convGeometry';
import { depthFold } from './kernels/depthFold';

/** x [N, D, H, W, C] correlated per channel with w [kD, kH, kW, C], plus `bias` [C] → [N, D', H', W', C]. No gradient. */
export function depthwiseConv3dFolded(x: tf.Tensor5D, w: tf.Tensor4D, stride: number, pads: Pads3, bias?: tf.Tensor1D): tf.Tensor5D {
  const [n, d, h, wd, c] = x.shape;
  const [kD, kH, kW, cw] = w.shape;
  if (cw !== c) throw new Error(`depthwiseConv3d: input has ${c} channels, filter has ${cw}`);
  const outD = paddedOut(d, kD, stride, pads[0]);
  const hs = splitPads(h, pads[1]);
  const ws = splitPads(wd, pads[2]);
  // The fused kernel takes one pad for all four sides: the bias rides on the first tap where the pads allow it.
  const [p0, p1] = hs.pads;
  const fuseBias = bias !== undefined && p0 === p1 && ws.pads[0] === p0 && ws.pads[1] === p0;
  return tf.tidy(() => {
    const parts: tf.Tensor4D[] = [];
    for (let kd = 0; kd < kD; kd++) {
      // Depth slices z·s + kd − pad for every output depth z (zero outside), as a batch of 2D images.
      const slices =
        kD === 1 && stride === 1 && pads[0][0] === 0 && outD === d && hs.count === h && ws.count === wd
          ? tf.reshape<tf.Rank.R4>(x, [n * d, h, wd, c])
          : depthFold(x, { kD: 1, sD: stride, padD: pads[0][0] - kd, outD, h0: hs.start, hN: hs.count, w0: ws.start, wN: ws.count });
      const filter = tf.reshape<tf.Rank.R4>(tf.slice(w, [kd, 0, 0, 0], [1, kH, kW, c]), [kH, kW, c, 1]);
      parts.push(
        fuseBias && kd === 0
          ? tf.fused.depthwiseConv2d({ x: slices, filter, strides: [stride, stride], pad: p0, bias })
          : tf.depthwiseConv2d(slices, filter, [stride, stride], [[0, 0], hs.pads, ws.pads, [0, 0]]),
      );
    }
    const taps = parts.length === 1 ? parts[0]! : tf.addN(parts);
    const sum = (bias !== undefined && !fuseBias ? tf.add(taps, bias) : taps) as tf.Tensor4D;
    return tf.reshape(sum, [n, outD, sum.shape[1], sum.shape[2], c]);
  });
}
