// Whole-volume prediction from a patch-sized model: windows on a regular grid, blended by an importance map.
// Accumulation happens in Float32Array slabs, never as one whole-volume tensor, so tfjs only ever holds a batch.
import * as tf from '@tensorflow/tfjs-core';
import type { Vec3 } from '../io/volume';
import type { Activation, Predictor } from './predictor';
import type { WindowNormalizer } from './zScoreWindow';
import { gaussianImportanceMap } from './gaussianImportanceMap';
import { InferenceCancelledError } from './inferenceCancelledError';
import { windowStarts } from './windowStarts';
import { isWindowPredictor } from './windowPredictor';
import type { WindowPredictor } from './windowPredictor';

/** The part of a Volume inference needs: data in channel planes, x fastest; dims [nx, ny, nz]. */
export interface SlidingWindowImage {
  data: Float32Array;
  dims: Vec3;
  /** Default: data.length / voxel count. */
  channels?: number;
}

export interface SlidingWindowOptions {
  /** Window size [D, H, W] = [z, y, x] in voxels, the model's input size. */
  patchSize: Vec3;
  /** Fraction of a window shared with its neighbour along each axis, 0 ≤ overlap < 1 (default 0.5). */
  overlap?: number;
  /** Windows per predict call (default 1; at least a WindowPredictor's parallelism). */
  batchSize?: number;
  /** Blend overlapping windows with a Gaussian importance map or plain averaging (default 'gaussian'). */
  mode?: 'gaussian' | 'constant';
  /** Gaussian σ = patch size × this per axis (default 1/8). */
  gaussianSigmaScale?: number;
  /** Importance weights are raised to at least this (default 0: only zeros are raised, to the smallest positive weight). */
  minWeight?: number;
  /** Channels the model outputs. */
  numClasses: number;
  /** 'softmax': exclusive classes, labels = argmax. 'sigmoid': overlapping regions, one mask per channel (default 'softmax'). */
  activation?: Activation;
  /** Sigmoid only: a voxel is in region c when its probability is > threshold (default 0.5). */
  threshold?: number;
  /** Intensity of the voxels added when the volume is smaller than the patch (default 0; paper 1 uses −1024 HU). */
  padValue?: number;
  /**
   * Return the blended probabilities as well (default true). They cost 4·numClasses bytes per voxel on top of the
   * labels; with false only the labels (or region masks) are kept. Either way the running accumulation needs
   * 4·(numClasses + 1)·D·H'·W' bytes (one window-deep slab of the padded y-x plane), not the whole volume.
   */
  keepProbabilities?: boolean;
  /** Rewrites each window in place before predict (e.g. zScoreWindow for paper 1's per-window z-score). */
  normalizeWindow?: WindowNormalizer;
  /** Grid size [nx, ny, nz], needed only when the image is a bare Float32Array. */
  dims?: Vec3;
  /** Called after every batch with the fraction of windows done. */
  onProgress?: (fraction: number) => void;
  /** Stops between batches with an InferenceCancelledError. */
  signal?: AbortSignal;
}

interface ResultBase {
  /** The input grid [nx, ny, nz]; every output is on it. */
  dims: Vec3;
  numClasses: number;
  windowCount: number;
  /** numClasses planes of the input grid (index c·N + x + nx·(y + ny·z)); absent when keepProbabilities is false. */
  probabilities?: Float32Array;
}
export interface SoftmaxWindowResult extends ResultBase {
  activation: 'softmax';
  /** Argmax class per voxel (the first maximum wins ties). */
  labels: Uint8Array;
}
export interface SigmoidWindowResult extends ResultBase {
  activation: 'sigmoid';
  /** One 0/1 mask per output channel: probability > threshold. */
  regions: Uint8Array[];
}
export type SlidingWindowResult = SoftmaxWindowResult | SigmoidWindowResult;

function resolveImage(image: Float32Array | SlidingWindowImage, dims: Vec3 | undefined): { data: Float32Array; dims: Vec3; channels: number } {
  const data = image instanceof Float32Array ? image : image.data;
  const grid = image instanceof Float32Array ? dims : image.dims;
  if (!grid) throw new Error('slidingWindowInference: a bare Float32Array needs options.dims [nx, ny, nz]');
  const voxels = grid[0] * grid[1] * grid[2];
  const channels = image instanceof Float32Array ? data.length / voxels : (image.channels ?? data.length / voxels);
  if (!Number.isInteger(channels) || channels < 1 || data.length !== voxels * channels) {
    throw new Error(`slidingWindowInference: ${data.length} values do not fill ${grid.join('×')} × ${channels} channels`);
  }
  return { data, dims: grid, channels };
}

/** Probabilities [N, D, H, W, classes] of the windows `input` (shape [N, D, H, W, Cin]), checked for their size. */
async function predictBatch(predict: Predictor | WindowPredictor, input: Float32Array, shape: [number, number, number, number, number], numClasses: number): Promise<ArrayLike<number>> {
  const want = [...shape.slice(0, 4), numClasses];
  if (isWindowPredictor(predict)) {
    const probs = await predict.predictWindows(input, shape);
    const expected = want.reduce((a, b) => a * b, 1);
    if (probs.length !== expected) throw new Error(`slidingWindowInference: the predictor returned ${probs.length} values, expected [${want.join(', ')}]`);
    return probs;
  }
  const x = tf.tensor5d(input, shape);
  let out: tf.Tensor5D | undefined;
  try {
    out = predict(x);
    if (out.shape.some((s, i) => s !== want[i])) {
      throw new Error(`slidingWindowInference: predict returned [${out.shape.join(', ')}], expected [${want.join(', ')}]`);
    }
    return await out.data();
  } finally {
    x.dispose();
    out?.dispose();
  }
}

// Yields to the event loop so a cancel request arriving over IPC can flip the signal between batches.
const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Predict a whole volume with a model trained on patches.
 * Volumes smaller than the patch are centre-padded with padValue; windows start on a regular grid (windowStarts)
 * with the last one flush with the end; outputs are cropped back to the input grid.
 */
export async function slidingWindowInference(
  image: Float32Array | SlidingWindowImage,
  options: SlidingWindowOptions,
  predict: Predictor | WindowPredictor,
): Promise<SlidingWindowResult> {
  const { data, dims, channels } = resolveImage(image, options.dims);
  const [nx, ny, nz] = dims;
  const n = nx * ny * nz;
  const [pd, ph, pw] = options.patchSize;
  const numClasses = options.numClasses;
  const activation = options.activation ?? 'softmax';
  const batchSize = Math.max(options.batchSize ?? 1, isWindowPredictor(predict) ? predict.parallelism : 1);
  const threshold = options.threshold ?? 0.5;
  const padValue = options.padValue ?? 0;
  const keep = options.keepProbabilities ?? true;
  if (!Number.isInteger(numClasses) || numClasses < 1) throw new Error(`slidingWindowInference: numClasses must be a positive integer, got ${numClasses}`);
  if (activation === 'softmax' && numClasses > 256) throw new Error(`slidingWindowInference: ${numClasses} classes do not fit a Uint8Array label map`);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`slidingWindowInference: batchSize must be a positive integer, got ${batchSize}`);

  // Padded grid (z, y, x) and where the input sits in it.
  const D = Math.max(nz, pd);
  const H = Math.max(ny, ph);
  const W = Math.max(nx, pw);
  const oz = Math.floor((D - nz) / 2);
  const oy = Math.floor((H - ny) / 2);
  const ox = Math.floor((W - nx) / 2);
  const overlap = options.overlap ?? 0.5;
  const windows: Vec3[] = [];
  // z outermost: the slab accumulator below relies on window z-starts never decreasing.
  for (const z of windowStarts(D, pd, overlap)) {
    for (const y of windowStarts(H, ph, overlap)) {
      for (const x of windowStarts(W, pw, overlap)) windows.push([z, y, x]);
    }
  }
  const total = windows.length;
  const importance = gaussianImportanceMap(options.patchSize, { mode: options.mode, sigmaScale: options.gaussianSigmaScale, minWeight: options.minWeight });

  const winVoxels = pd * ph * pw;
  const winLen = winVoxels * channels;
  // Two input buffers: the next batch is cut out and sent while the previous batch's probabilities are stitched.
  const inputs = [0, 1].map(() => new Float32Array(Math.min(batchSize, total) * winLen));
  const plane = H * W;
  // Running sums for padded slices [base, base + pd), interleaved (voxel-major, class fastest) like the model output.
  const acc = new Float32Array(pd * plane * numClasses);
  const wsum = new Float32Array(pd * plane);
  let base = 0;

  const probabilities = keep ? new Float32Array(numClasses * n) : undefined;
  const labels = new Uint8Array(activation === 'softmax' ? n : 0);
  const regions = activation === 'sigmoid' ? Array.from({ length: numClasses }, () => new Uint8Array(n)) : [];
  const voxelProbs = new Float64Array(numClasses);

  const extract = (z0: number, y0: number, x0: number, out: Float32Array): void => {
    let o = 0;
    for (let dz = 0; dz < pd; dz++) {
      const z = z0 + dz - oz;
      for (let dy = 0; dy < ph; dy++) {
        const y = y0 + dy - oy;
        if (z < 0 || z >= nz || y < 0 || y >= ny) {
          out.fill(padValue, o, o + pw * channels);
          o += pw * channels;
          continue;
        }
        const rowStart = nx * (y + ny * z);
        for (let dx = 0; dx < pw; dx++) {
          const x = x0 + dx - ox;
          if (x < 0 || x >= nx) {
            for (let c = 0; c < channels; c++) out[o++] = padValue;
          } else {
            for (let c = 0; c < channels; c++) out[o++] = data[c * n + rowStart + x]!;
          }
        }
      }
    }
  };

  // Slices below `to` are complete once every window starting below `to` has been added.
  const finalize = (from: number, to: number): void => {
    for (let Z = from; Z < to; Z++) {
      const z = Z - oz;
      if (z < 0 || z >= nz) continue;
      const slab = (Z - base) * plane;
      for (let y = 0; y < ny; y++) {
        const s0 = slab + (y + oy) * W + ox;
        const i0 = nx * (y + ny * z);
        for (let x = 0; x < nx; x++) {
          const s = s0 + x;
          const i = i0 + x;
          const w = wsum[s]!;
          const a = s * numClasses;
          if (activation === 'softmax') {
            let sum = 0;
            let best = 0;
            let bestValue = -Infinity;
            for (let c = 0; c < numClasses; c++) {
              const v = acc[a + c]! / w;
              voxelProbs[c] = v;
              sum += v;
              if (v > bestValue) {
                bestValue = v;
                best = c;
              }
            }
            labels[i] = best;
            // Renormalise so the classes sum to 1 even where float sums drifted (paper 1 does the same).
            if (probabilities) for (let c = 0; c < numClasses; c++) probabilities[c * n + i] = sum > 0 ? voxelProbs[c]! / sum : voxelProbs[c]!;
          } else {
            for (let c = 0; c < numClasses; c++) {
              const v = acc[a + c]! / w;
              regions[c]![i] = v > threshold ? 1 : 0;
              if (probabilities) probabilities[c * n + i] = v;
            }
          }
        }
      }
    }
  };

  const advanceTo = (z: number): void => {
    if (z <= base) return;
    finalize(base, z);
    // Stride ≤ patch, so z − base ≤ pd: shift the slab down and clear the slices that enter at the top.
    const shift = z - base;
    acc.copyWithin(0, shift * plane * numClasses);
    acc.fill(0, (pd - shift) * plane * numClasses);
    wsum.copyWithin(0, shift * plane);
    wsum.fill(0, (pd - shift) * plane);
    base = z;
  };

  const accumulate = (z0: number, y0: number, x0: number, probs: ArrayLike<number>, offset: number): void => {
    const zOff = z0 - base;
    for (let dz = 0; dz < pd; dz++) {
      for (let dy = 0; dy < ph; dy++) {
        const s0 = ((zOff + dz) * H + y0 + dy) * W + x0;
        const g0 = (dz * ph + dy) * pw;
        let o = offset + g0 * numClasses;
        for (let dx = 0; dx < pw; dx++) {
          const w = importance[g0 + dx]!;
          const s = s0 + dx;
          wsum[s] = wsum[s]! + w;
          const a = s * numClasses;
          for (let c = 0; c < numClasses; c++) acc[a + c] = acc[a + c]! + w * probs[o++]!;
        }
      }
    }
  };

  const send = (from: number): { batch: Vec3[]; probs: Promise<ArrayLike<number>> } => {
    const batch = windows.slice(from, from + batchSize);
    const input = inputs[(from / batchSize) % 2]!;
    batch.forEach(([z, y, x], k) => {
      const win = input.subarray(k * winLen, (k + 1) * winLen);
      extract(z, y, x, win);
      options.normalizeWindow?.(win, [pd, ph, pw, channels]);
    });
    const shape: [number, number, number, number, number] = [batch.length, pd, ph, pw, channels];
    const probs = predictBatch(predict, input.subarray(0, batch.length * winLen), shape, numClasses);
    // Awaited below; this handler only keeps a failure from counting as unhandled while an earlier batch is stitched.
    probs.catch(() => undefined);
    return { batch, probs };
  };

  // Worker-thread predictors get the next batch before this thread stitches the current one; a same-thread predictor
  // would compute it right away, so it gets it after.
  const pipelined = isWindowPredictor(predict);
  let done = 0;
  if (options.signal?.aborted) throw new InferenceCancelledError(done, total);
  let inFlight = total > 0 ? send(0) : undefined;
  while (inFlight) {
    const { batch, probs: pending } = inFlight;
    const probs = await pending;
    const next = done + batch.length;
    inFlight = pipelined && next < total && !options.signal?.aborted ? send(next) : undefined;
    batch.forEach(([z, y, x0], k) => {
      advanceTo(z);
      accumulate(z, y, x0, probs, k * winVoxels * numClasses);
    });
    done = next;
    options.onProgress?.(done / total);
    await yieldToEventLoop();
    if (done < total && options.signal?.aborted) throw new InferenceCancelledError(done, total);
    if (!pipelined && done < total) inFlight = send(done);
  }
  finalize(base, D);

  const common = { dims: [nx, ny, nz] as Vec3, numClasses, windowCount: total, ...(probabilities ? { probabilities } : {}) };
  return activation === 'softmax' ? { activation, labels, ...common } : { activation, regions, ...common };
}
