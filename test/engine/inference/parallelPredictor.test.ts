import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '../../../src/engine/backend/initBackend';
import { createUNet } from '../../../src/engine/models/createUNet';
import { studentPreset } from '../../../src/engine/models/modelPresets';
import type { Network } from '../../../src/engine/models/network';
import { slidingWindowInference } from '../../../src/engine/inference/slidingWindowInference';
import type { SlidingWindowResult } from '../../../src/engine/inference/slidingWindowInference';
import { INFER_WORKERS_ENV, inferenceWorkerCount, inferenceWorkerScript, startParallelPredictor } from '../../../src/engine/inference/parallelPredictor';
import { predictorFromRecipe } from '../../../src/engine/inference/predictorRecipe';
import type { PredictorRecipe } from '../../../src/engine/inference/predictorRecipe';
import { seeded } from '../models/ops/naiveReference';

const DIMS: [number, number, number] = [21, 18, 19];
const PATCH: [number, number, number] = [16, 16, 16];

/** Two small separable students with different seeds (an ensemble), 3 classes, trained weights replaced by seeded ones. */
function networks(): Network[] {
  return [1, 2].map((seed) => {
    const net = createUNet(studentPreset({ features: [4, 8], outChannels: 3 }), { name: `s${seed}`, seed });
    // Seeded non-trivial weights (init leaves γ = 1, β = 0): every weight matters to the comparison.
    let k = seed * 1000;
    for (const v of net.variables.values()) v.assign(tf.tensor(Float32Array.from(seeded(v.size, k++), (x) => x * 0.5), v.shape));
    return net;
  });
}

async function segment(recipe: PredictorRecipe, nets: Network[], workers: number): Promise<SlidingWindowResult> {
  const image = Float32Array.from(seeded(DIMS[0] * DIMS[1] * DIMS[2], 42));
  const parallel = workers > 1 ? await startParallelPredictor(recipe, nets, workers) : undefined;
  try {
    return await slidingWindowInference(image, { dims: DIMS, patchSize: PATCH, numClasses: 3, overlap: 0.5, batchSize: 1 }, parallel ?? predictorFromRecipe(recipe, nets));
  } finally {
    await parallel?.dispose();
  }
}

after(() => useBackend('cpu'));

for (const flips of [undefined, [[], ['x'], ['y', 'z']] as PredictorRecipe['flips']]) {
  test(`2 worker threads give the probabilities and labels of one thread (ensemble of 2${flips ? ', flip TTA' : ''}), and leave no tensor behind`, async () => {
    await useBackend('wasm');
    const nets = networks();
    const recipe: PredictorRecipe = { specs: nets.map((n) => n.spec), weights: [2, 1], ...(flips ? { flips } : {}) };
    const before = tf.memory().numTensors;
    const one = await segment(recipe, nets, 1);
    const two = await segment(recipe, nets, 2);
    assert.equal(tf.memory().numTensors, before, 'tensors on the main thread');
    assert.equal(two.windowCount, 8, '2×2×2 windows of 16³ over 21×18×19 at overlap 0.5');
    const p1 = one.probabilities!;
    const p2 = two.probabilities!;
    assert.equal(p2.length, 3 * DIMS[0] * DIMS[1] * DIMS[2]);
    let worst = 0;
    for (let i = 0; i < p1.length; i++) worst = Math.max(worst, Math.abs(p1[i]! - p2[i]!));
    assert.ok(worst <= 1e-5, `largest probability difference ${worst}`);
    // Not a constant map: the comparison would be empty.
    const labels = one.activation === 'softmax' ? one.labels : new Uint8Array();
    assert.ok(new Set(labels).size >= 2, `labels used: ${[...new Set(labels)].join(', ')}`);
    assert.deepEqual(two.activation === 'softmax' ? two.labels : undefined, labels);
    nets.forEach((n) => n.dispose());
  });
}

test('a worker that fails reports which thread and task and why; the predictor then refuses work instead of hanging', async () => {
  await useBackend('wasm');
  const nets = networks();
  const recipe: PredictorRecipe = { specs: nets.map((n) => n.spec) };
  const parallel = await startParallelPredictor(recipe, nets, 2);
  try {
    // 15³ windows do not halve evenly for the networks' second level: each worker's network refuses them.
    const bad = new Float32Array(2 * 15 ** 3);
    await assert.rejects(parallel.predictWindows(bad, [2, 15, 15, 15, 1]), /worker thread \d \(predict\): network input 15×15×15 is not divisible by 2/);
  } finally {
    await parallel.dispose();
    nets.forEach((n) => n.dispose());
  }
  await assert.rejects(parallel.predictWindows(new Float32Array(2 * 16 ** 3), [2, 16, 16, 16, 1]), /worker thread \d \(predict\) exited/);
});

test('inferenceWorkerCount: one per core up to 4 on wasm/cpu, MEDKD_INFER_WORKERS overrides, nonsense is named', async () => {
  await useBackend('cpu');
  assert.equal(inferenceWorkerCount({}, 2), 2);
  assert.equal(inferenceWorkerCount({}, 16), 4);
  assert.equal(inferenceWorkerCount({}, 1), 1);
  assert.equal(inferenceWorkerCount({ [INFER_WORKERS_ENV]: '0' }, 8), 0);
  assert.equal(inferenceWorkerCount({ [INFER_WORKERS_ENV]: '3' }, 2), 3);
  assert.throws(() => inferenceWorkerCount({ [INFER_WORKERS_ENV]: 'two' }, 2), /MEDKD_INFER_WORKERS=two: expected a whole number/);
  assert.match(inferenceWorkerScript(), /inferenceWorker\.(ts|js)$/);
});
