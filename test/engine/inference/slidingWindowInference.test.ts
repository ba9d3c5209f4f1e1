import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import type { Vec3 } from '../../../src/engine/io/volume';
import { slidingWindowInference } from '../../../src/engine/inference/slidingWindowInference';
import type { SlidingWindowResult } from '../../../src/engine/inference/slidingWindowInference';
import { InferenceCancelledError } from '../../../src/engine/inference/inferenceCancelledError';
import type { Predictor } from '../../../src/engine/inference/predictor';
import type { WindowPredictor } from '../../../src/engine/inference/windowPredictor';
import { flipTTA } from '../../../src/engine/inference/flipTTA';
import { ensemblePredict } from '../../../src/engine/inference/ensemblePredict';
import { positionalPredict, pseudoRandom, thresholdPredict, useCpuBackend } from './fakePredictors';

before(useCpuBackend);

/** Expected class per voxel for thresholdPredict(0.5, 0.3) on a 2-channel image (channel planes). */
function expectedLabels(data: Float32Array, n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = (data[i]! > 0.5 ? 1 : 0) + (data[n + i]! > 0.3 ? 1 : 0);
  return out;
}

function labelsOf(r: SlidingWindowResult): Uint8Array {
  assert.equal(r.activation, 'softmax');
  return r.activation === 'softmax' ? r.labels : new Uint8Array();
}

function counting(p: Predictor): Predictor & { calls: number } {
  const f = Object.assign((x: tf.Tensor5D) => {
    f.calls++;
    return p(x);
  }, { calls: 0 });
  return f;
}

for (const [overlap, windows, batchSize] of [
  [0, 8, 1],
  [0.5, 12, 2],
  [0.5, 12, 5],
] as const) {
  test(`thresholded one-hot model: exact label map and one-hot probabilities, overlap ${overlap}, batch ${batchSize}`, async () => {
    // Image: 2 channels on [nx, ny, nz] = [7, 5, 6]; patch [D, H, W] = [4, 3, 5] (non-cubic, so a swapped axis shows).
    // Window starts: overlap 0 → z [0, 2], y [0, 2], x [0, 2] = 8; overlap 0.5 → z [0, 2], y [0, 1, 2], x [0, 2] = 12.
    const dims: Vec3 = [7, 5, 6];
    const n = 7 * 5 * 6;
    const data = pseudoRandom(2 * n, 7);
    const predict = counting(thresholdPredict(0.5, 0.3, 3));
    const before = tf.memory().numTensors;
    const r = await slidingWindowInference({ data, dims, channels: 2 }, { patchSize: [4, 3, 5], overlap, batchSize, numClasses: 3 }, predict);
    assert.equal(tf.memory().numTensors, before);
    assert.equal(r.windowCount, windows);
    assert.equal(predict.calls, Math.ceil(windows / batchSize));
    assert.deepEqual(r.dims, dims);
    const want = expectedLabels(data, n);
    assert.deepEqual(labelsOf(r), want);
    // Every window agrees, so blended probabilities are exactly one-hot (tolerance 1e-6: w·1/w in float32).
    const p = r.probabilities!;
    assert.equal(p.length, 3 * n);
    for (let i = 0; i < n; i++) for (let c = 0; c < 3; c++) assert.ok(Math.abs(p[c * n + i]! - (want[i] === c ? 1 : 0)) < 1e-6);
  });
}

test('a volume smaller than the patch is centre-padded with padValue and cropped back', async () => {
  // [nx, ny, nz] = [3, 2, 2] in a [4, 4, 4] patch: one window; pad 0.9 would be class 1 if it leaked into the output.
  const dims: Vec3 = [3, 2, 2];
  const n = 12;
  const data = pseudoRandom(2 * n, 3);
  let seen: Float32Array | undefined;
  const inner = thresholdPredict(0.5, 0.3, 3);
  const before = tf.memory().numTensors;
  const r = await slidingWindowInference({ data, dims, channels: 2 }, { patchSize: [4, 4, 4], numClasses: 3, padValue: 0.9 }, (x) => {
    seen = x.dataSync() as Float32Array;
    return inner(x);
  });
  assert.equal(tf.memory().numTensors, before);
  assert.equal(r.windowCount, 1);
  assert.deepEqual(labelsOf(r), expectedLabels(data, n));
  // Centre padding: offsets (z, y, x) = (1, 1, 0). Window voxel (d, h, w) = (1, 1, 0), channel 1 = image (0, 0, 0) channel 1.
  assert.equal(seen![((1 * 4 + 1) * 4 + 0) * 2 + 1], data[n]);
  // Window voxel (0, 0, 0) is padding.
  assert.equal(seen![0], Math.fround(0.9));
});

test('windows tile exactly with overlap 0: each voxel gets value(z mod D, y mod H, x mod W)', async () => {
  // [nx, ny, nz] = [6, 4, 6], patch [D, H, W] = [3, 2, 3] → 2·2·2 windows, no overlap. Class 1 = (100d + 10h + w)/1000.
  const f = (d: number, h: number, w: number): number => (100 * d + 10 * h + w) / 1000;
  const predict = positionalPredict([3, 2, 3], 2, (d, h, w, c) => (c === 1 ? f(d, h, w) : 1 - f(d, h, w)));
  const r = await slidingWindowInference(new Float32Array(6 * 4 * 6), { dims: [6, 4, 6], patchSize: [3, 2, 3], overlap: 0, numClasses: 2 }, predict);
  assert.equal(r.windowCount, 8);
  const n = 144;
  for (let z = 0; z < 6; z++) {
    for (let y = 0; y < 4; y++) {
      for (let x = 0; x < 6; x++) {
        const got = r.probabilities![n + x + 6 * (y + 4 * z)]!;
        assert.ok(Math.abs(got - f(z % 3, y % 2, x % 3)) < 1e-6, `(${x}, ${y}, ${z}): ${got}`);
      }
    }
  }
});

test('blending along x by hand: constant averages, Gaussian weights [e⁻⁴, 1, 1, e⁻⁴]', async () => {
  // [nx, ny, nz] = [6, 1, 2], patch [D, H, W] = [2, 1, 4], overlap 0.5 → windows at x = 0 and 2 (z = 0 only).
  // The model says P(class 1) = [0.1, 0.6, 0.8, 0.3] at window positions w = 0..3, regardless of the image and of d.
  const v = [0.1, 0.6, 0.8, 0.3];
  const predict = positionalPredict([2, 1, 4], 2, (_d, _h, w, c) => (c === 1 ? v[w]! : 1 - v[w]!));
  const image = { data: new Float32Array(12), dims: [6, 1, 2] as Vec3 };
  const check = (r: SlidingWindowResult, want: number[], labels: number[], what: string): void => {
    for (let z = 0; z < 2; z++) want.forEach((e, x) => assert.ok(Math.abs(r.probabilities![12 + 6 * z + x]! - e) < 1e-6, `${what} x=${x} z=${z}`));
    assert.deepEqual(labelsOf(r), Uint8Array.from([...labels, ...labels]));
  };
  // Constant: x2 = (0.8 + 0.1)/2, x3 = (0.3 + 0.6)/2.
  const flat = await slidingWindowInference(image, { patchSize: [2, 1, 4], mode: 'constant', numClasses: 2 }, predict);
  check(flat, [0.1, 0.6, 0.45, 0.45, 0.8, 0.3], [0, 1, 0, 0, 1, 0], 'constant');
  // Gaussian, σ = 4/8 along w: g(i) = exp(−(i − 1.5)²/0.5) → [e^−4.5, e^−0.5, e^−0.5, e^−4.5] / e^−0.5 = [e⁻⁴, 1, 1, e⁻⁴];
  // along d (size 2) both samples are equally far from the centre → 1.
  const e = Math.exp(-4);
  const gauss = await slidingWindowInference(image, { patchSize: [2, 1, 4], numClasses: 2 }, predict);
  check(gauss, [0.1, 0.6, (0.8 + 0.1 * e) / (1 + e), (0.3 * e + 0.6) / (1 + e), 0.8, 0.3], [0, 1, 1, 1, 1, 0], 'gaussian');
  assert.equal(predict.calls, 4);
});

test('blending along z runs through the slab accumulator (shifted between window rows), any batch size', async () => {
  // [nx, ny, nz] = [2, 1, 7], patch [4, 1, 1], overlap 0.5 → z starts [0, 2, 3], x starts [0, 1]: 6 windows.
  // P(class 1) = [0.1, 0.6, 0.8, 0.3][d]. Constant weights: z0 .1; z1 .6; z2 (.8 + .1)/2; z3 (.3 + .6 + .1)/3;
  // z4 (.8 + .6)/2; z5 (.3 + .8)/2; z6 .3.
  const v = [0.1, 0.6, 0.8, 0.3];
  const want = [0.1, 0.6, 0.45, 1 / 3, 0.7, 0.55, 0.3];
  for (const batchSize of [1, 2, 4]) {
    const predict = positionalPredict([4, 1, 1], 2, (d, _h, _w, c) => (c === 1 ? v[d]! : 1 - v[d]!));
    const r = await slidingWindowInference(new Float32Array(14), { dims: [2, 1, 7], patchSize: [4, 1, 1], mode: 'constant', batchSize, numClasses: 2 }, predict);
    assert.equal(r.windowCount, 6);
    for (let z = 0; z < 7; z++) {
      for (let x = 0; x < 2; x++) assert.ok(Math.abs(r.probabilities![14 + 2 * z + x]! - want[z]!) < 1e-6, `batch ${batchSize} z=${z}: ${r.probabilities![14 + 2 * z + x]}`);
    }
    assert.deepEqual(labelsOf(r), Uint8Array.from([0, 0, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1, 0, 0]));
  }
});

test('sigmoid: overlapping regions thresholded at > threshold, probabilities not renormalised', async () => {
  // [6, 1, 1], patch [1, 1, 3], overlap 0 → windows at 0 and 3. Channel 0 = [0.2, 0.5, 0.9][w], channel 1 = 1 − that... + 0.1.
  const v = [0.2, 0.5, 0.9];
  const predict = positionalPredict([1, 1, 3], 2, (_d, _h, w, c) => (c === 0 ? v[w]! : 1.1 - v[w]!));
  const r = await slidingWindowInference(new Float32Array(6), { dims: [6, 1, 1], patchSize: [1, 1, 3], overlap: 0, numClasses: 2, activation: 'sigmoid' }, predict);
  assert.equal(r.activation, 'sigmoid');
  if (r.activation !== 'sigmoid') return;
  // 0.5 is not > 0.5.
  assert.deepEqual(r.regions[0], Uint8Array.from([0, 0, 1, 0, 0, 1]));
  assert.deepEqual(r.regions[1], Uint8Array.from([1, 1, 0, 1, 1, 0]));
  assert.ok(Math.abs(r.probabilities![0]! + r.probabilities![6]! - 1.1) < 1e-6);
});

test('keepProbabilities false returns only labels; a bare Float32Array needs dims', async () => {
  const data = pseudoRandom(5 * 4 * 3, 11);
  const r = await slidingWindowInference(data, { dims: [5, 4, 3], patchSize: [2, 2, 2], numClasses: 2, keepProbabilities: false }, thresholdPredict(0.5, undefined, 2));
  assert.equal(r.probabilities, undefined);
  assert.deepEqual(labelsOf(r), Uint8Array.from(data, (v) => (v > 0.5 ? 1 : 0)));
  await assert.rejects(slidingWindowInference(data, { patchSize: [2, 2, 2], numClasses: 2 }, thresholdPredict(0.5)), /needs options.dims/);
  await assert.rejects(slidingWindowInference(data, { dims: [5, 4, 4], patchSize: [2, 2, 2], numClasses: 2 }, thresholdPredict(0.5)), /do not fill/);
});

test('normalizeWindow sees every window (interleaved [D, H, W, C]) before predict', async () => {
  const shapes: string[] = [];
  // The hook overwrites each window with 1, so the thresholded model labels every voxel 1 although the image is 0.
  const r = await slidingWindowInference(new Float32Array(4 * 4 * 4), { dims: [4, 4, 4], patchSize: [2, 4, 4], overlap: 0, numClasses: 2, normalizeWindow: (w, shape) => {
    shapes.push(shape.join('×'));
    w.fill(1);
  } }, thresholdPredict(0.5, undefined, 2));
  assert.deepEqual(shapes, ['2×4×4×1', '2×4×4×1']);
  assert.ok(labelsOf(r).every((l) => l === 1));
});

test('predict with the wrong output shape is an error, and no tensor leaks', async () => {
  const before = tf.memory().numTensors;
  await assert.rejects(
    slidingWindowInference(new Float32Array(8), { dims: [2, 2, 2], patchSize: [2, 2, 2], numClasses: 3 }, thresholdPredict(0.5, undefined, 2)),
    /predict returned \[1, 2, 2, 2, 2\], expected \[1, 2, 2, 2, 3\]/,
  );
  assert.equal(tf.memory().numTensors, before);
});

test('cancellation via AbortSignal stops between batches with InferenceCancelledError', async () => {
  const controller = new AbortController();
  const predict = positionalPredict([4, 3, 5], 3, (_d, _h, _w, c) => (c === 0 ? 1 : 0));
  const progress: number[] = [];
  const before = tf.memory().numTensors;
  const run = slidingWindowInference(new Float32Array(7 * 5 * 6), { dims: [7, 5, 6], patchSize: [4, 3, 5], numClasses: 3, signal: controller.signal, onProgress: (f) => {
    progress.push(f);
    if (progress.length === 2) controller.abort();
  } }, predict);
  await assert.rejects(run, (err: unknown) => err instanceof InferenceCancelledError && err.done === 2 && err.total === 12 && /cancelled after 2 of 12 windows/.test(err.message));
  assert.equal(predict.calls, 2);
  assert.deepEqual(progress, [1 / 12, 2 / 12]);
  assert.equal(tf.memory().numTensors, before);
  // Already aborted: nothing runs.
  await assert.rejects(slidingWindowInference(new Float32Array(8), { dims: [2, 2, 2], patchSize: [2, 2, 2], numClasses: 3, signal: AbortSignal.abort() }, predict), /cancelled after 0 of 1/);
  assert.equal(predict.calls, 2);
});

test('tensor count flat over a full inference through TTA and an ensemble', async () => {
  const dims: Vec3 = [9, 6, 5];
  const n = 9 * 6 * 5;
  const data = pseudoRandom(2 * n, 5);
  // Both members and all flips agree (a pointwise model is flip-equivariant), so labels stay exact.
  const predict = flipTTA(ensemblePredict([thresholdPredict(0.5, 0.3, 3), thresholdPredict(0.5, 0.3, 3)], [1, 3]), [[], ['x'], ['y'], ['z'], ['x', 'y']]);
  const before = tf.memory().numTensors;
  const progress: number[] = [];
  const r = await slidingWindowInference({ data, dims, channels: 2 }, { patchSize: [4, 4, 4], batchSize: 3, numClasses: 3, onProgress: (f) => progress.push(f) }, predict);
  assert.equal(tf.memory().numTensors, before);
  // z [0, 1], y [0, 2], x [0, 2, 4, 5] → 16 windows in batches of 3 → 6 progress reports ending at 1.
  assert.equal(r.windowCount, 16);
  assert.equal(progress.length, 6);
  assert.equal(progress.at(-1), 1);
  assert.deepEqual(labelsOf(r), expectedLabels(data, n));
});

test('a worker-thread predictor gets the next batch before the current one is stitched; results equal the same-thread run', async () => {
  const dims: Vec3 = [9, 6, 5];
  const data = pseudoRandom(2 * 9 * 6 * 5, 7);
  const same = thresholdPredict(0.5, 0.3, 3);
  const options = { dims, patchSize: [4, 3, 3] as Vec3, numClasses: 3, overlap: 0.5 };
  const expected = await slidingWindowInference(data, options, same);
  // Windows-in, probabilities-out over the same model, answering each call a tick later; logs calls and progress.
  const events: string[] = [];
  let calls = 0;
  const worker: WindowPredictor = {
    parallelism: 2,
    predictWindows: async (input, shape) => {
      const call = ++calls;
      events.push(`send ${call}`);
      const copy = input.slice();
      await new Promise((r) => setTimeout(r, 1));
      return tf.tidy(() => same(tf.tensor5d(copy, shape as [number, number, number, number, number])).dataSync() as Float32Array);
    },
  };
  const got = await slidingWindowInference(data, { ...options, onProgress: (f) => events.push(`done ${f.toFixed(3)}`) }, worker);
  assert.deepEqual(Array.from(got.probabilities ?? []), Array.from(expected.probabilities ?? []));
  assert.deepEqual(Array.from(got.activation === 'softmax' ? got.labels : []), Array.from(expected.activation === 'softmax' ? expected.labels : []));
  const batches = Math.ceil(expected.windowCount / 2);
  assert.equal(calls, batches);
  // send 1, send 2, done (batch 1), send 3, done (batch 2), …: batch k+1 goes out before batch k is stitched.
  assert.deepEqual(events.slice(0, 3), ['send 1', 'send 2', `done ${(2 / expected.windowCount).toFixed(3)}`]);
  assert.equal(events.filter((e) => e.startsWith('send')).length, batches);
  assert.equal(events[events.length - 1], 'done 1.000');
});
