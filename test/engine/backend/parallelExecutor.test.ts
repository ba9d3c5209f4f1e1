import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '../../../src/engine/backend/initBackend';
import { ParallelExecutor, shardSizes } from '../../../src/engine/backend/parallelExecutor';
import type { Batch } from '../../../src/engine/backend/parallelMessages';
import { relError, seeded } from '../models/ops/naiveReference';
import { tinyConvTask } from './fixtures/tinyConvTask';

const SCRIPT = join(__dirname, 'fixtures', 'tinyConvTask.ts');
const CONFIG = { seed: 7, cin: 2, cout: 3 };

/** x [n, 4, 5, 3, 2] and target [n, 4, 5, 3, 3], deterministic. */
function batch(n: number): Batch {
  return {
    x: { shape: [n, 4, 5, 3, 2], data: Float32Array.from(seeded(n * 120, 1)) },
    target: { shape: [n, 4, 5, 3, 3], data: Float32Array.from(seeded(n * 180, 2)) },
  };
}

/** The same computation on this thread, the whole batch at once. */
function local(b: Batch, values?: Float32Array[]): { loss: number; grads: Float32Array[]; y: Float32Array } {
  const task = tinyConvTask(CONFIG);
  if (values) task.weights.forEach((v, i) => tf.tidy(() => v.assign(tf.tensor(values[i]!, v.shape))));
  const inputs = { x: tf.tensor(b['x']!.data, b['x']!.shape), target: tf.tensor(b['target']!.data, b['target']!.shape) };
  const { loss, grads } = task.lossAndGradients(inputs);
  const y = task.predict!(inputs);
  const out = { loss: loss.dataSync()[0]!, grads: grads.map((g) => g.dataSync() as Float32Array), y: y.dataSync() as Float32Array };
  tf.dispose([loss, ...grads, y, ...Object.values(inputs), ...task.weights]);
  return out;
}

test('shardSizes: contiguous near-equal shards, none empty', () => {
  assert.deepEqual(shardSizes(4, 2), [2, 2]);
  assert.deepEqual(shardSizes(3, 2), [2, 1]);
  assert.deepEqual(shardSizes(1, 2), [1]);
});

test('ParallelExecutor: 2 wasm workers give the batch-mean loss and gradients of one process (even and uneven batches), weights sync, predict, errors', async () => {
  await useBackend('wasm');
  const before = tf.memory().numTensors;
  const ex = await ParallelExecutor.start({ script: SCRIPT, task: 'tinyConv', config: CONFIG, workers: 2 });
  try {
    assert.equal(ex.size, 2);
    assert.deepEqual(ex.weightShapes, [[3, 3, 3, 2, 3], [3]]);
    for (const n of [4, 3]) {
      const want = local(batch(n));
      const got = await ex.computeGradients(batch(n));
      assert.equal(got.samples, n);
      assert.ok(Math.abs(got.loss - want.loss) <= 1e-5 * Math.abs(want.loss), `loss ${got.loss} vs ${want.loss}`);
      got.grads.forEach((g, i) => assert.ok(relError(g, want.grads[i]!) <= 1e-5, `grad ${i}: ${relError(g, want.grads[i]!)}`));
    }
    // New weights reach every worker: results follow them.
    const values = [Float32Array.from(seeded(162, 9)), Float32Array.from([0.1, -0.2, 0.3])];
    await ex.setWeights(values);
    const want = local(batch(4), values);
    const got = await ex.computeGradients(batch(4));
    assert.ok(Math.abs(got.loss - want.loss) <= 1e-5 * Math.abs(want.loss));
    const y = await ex.predict(batch(4));
    assert.deepEqual(y.shape, [4, 4, 5, 3, 3]);
    assert.ok(relError(y.data, want.y) <= 1e-5);
    // A task error comes back as a rejection naming the worker, and the executor keeps working.
    const bad: Batch = { x: { shape: [2, 1, 5, 3, 2], data: new Float32Array(60) }, target: { shape: [2, 1, 5, 3, 3], data: new Float32Array(90) } };
    await assert.rejects(ex.computeGradients(bad), /worker thread \d \(tinyConv\): tinyConv refuses depth 1/);
    assert.equal((await ex.computeGradients(batch(2))).samples, 2);
  } finally {
    await ex.dispose();
  }
  assert.equal(tf.memory().numTensors, before);
});

test('ParallelExecutor: an unknown task fails start() with the known names', async () => {
  await assert.rejects(ParallelExecutor.start({ script: SCRIPT, task: 'nope', workers: 1 }), /unknown task "nope" \(known: tinyConv\)/);
});
