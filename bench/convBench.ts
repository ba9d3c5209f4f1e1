// conv3d timings: forward, input gradient and filter gradient of a k=3 'same' conv, batch 1, best of `reps`.
import * as tf from '@tensorflow/tfjs-core';
import { ParallelExecutor } from '../src/engine/backend/parallelExecutor';
import { conv3dPads } from '../src/engine/models/ops/conv3d';
import { conv3dBackpropFilter } from '../src/engine/models/ops/conv3dBackpropFilter';
import { conv3dBackpropInput } from '../src/engine/models/ops/conv3dBackpropInput';
import { conv3dFolded } from '../src/engine/models/ops/conv3dFolded';

/** [D, H, W, Cin, Cout] */
export type ConvShape = [number, number, number, number, number];

export const CONV_SHAPES: ConvShape[] = [
  [64, 64, 64, 16, 16],
  [32, 32, 32, 32, 32],
  [16, 16, 16, 64, 64],
  [96, 64, 96, 8, 8],
];

export interface ConvTimes {
  fwd_ms: number;
  dx_ms: number;
  dw_ms: number;
}

/** Multiply-adds ×2 of one pass (forward, d-input and d-filter cost the same). */
export function convFlops([d, h, w, c, co]: ConvShape): number {
  return 2 * d * h * w * 27 * c * co;
}

function bestMs(f: () => tf.Tensor, reps: number): number {
  f().dispose(); // warm-up: kernel setup, heap growth
  let best = Infinity;
  for (let i = 0; i < reps; i++) {
    const t = performance.now();
    const r = f();
    r.dataSync();
    best = Math.min(best, performance.now() - t);
    r.dispose();
  }
  return best;
}

/** On the active backend, through the same functions conv3d's forward and gradients use. */
export function convTimes(shape: ConvShape, reps: number): ConvTimes {
  const [d, h, w, c, co] = shape;
  const x = tf.randomNormal([1, d, h, w, c], 0, 1, 'float32', 1) as tf.Tensor5D;
  const k = tf.randomNormal([3, 3, 3, c, co], 0, 0.1, 'float32', 2) as tf.Tensor5D;
  const dy = tf.randomNormal([1, d, h, w, co], 0, 1, 'float32', 3) as tf.Tensor5D;
  const pads = conv3dPads([d, h, w], [3, 3, 3], 1, 'same');
  try {
    return {
      fwd_ms: bestMs(() => conv3dFolded(x, k, 1, pads), reps),
      dx_ms: bestMs(() => conv3dBackpropInput(dy, k, [d, h, w], 1, pads), reps),
      dw_ms: bestMs(() => conv3dBackpropFilter(x, dy, [3, 3, 3], 1, pads), reps),
    };
  } finally {
    tf.dispose([x, k, dy]);
  }
}

/** Forward of a batch of `workers` samples, one per worker: wall time including the transfers (best of reps). */
export async function convForwardOnWorkers(shape: ConvShape, script: string, workers: number, reps: number): Promise<number> {
  const [d, h, w, c, co] = shape;
  const ex = await ParallelExecutor.start({ script, task: 'conv', config: { cin: c, cout: co }, workers });
  try {
    const n = workers * d * h * w * c;
    const data = new Float32Array(n).map((_, i) => Math.sin(i));
    const run = (): Promise<unknown> => ex.predict({ x: { shape: [workers, d, h, w, c], data } });
    await run();
    let best = Infinity;
    for (let i = 0; i < reps; i++) {
      const t = performance.now();
      await run();
      best = Math.min(best, performance.now() - t);
    }
    return best;
  } finally {
    await ex.dispose();
  }
}
