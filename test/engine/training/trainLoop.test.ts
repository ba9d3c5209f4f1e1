import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { trainLoop } from '../../../src/engine/training/trainLoop';
import type { LoopOptimizer, Phase, TensorBatch, TrainLoopOptions } from '../../../src/engine/training/trainLoop';
import { HyperStore } from '../../../src/engine/training/hyperStore';
import { RunControl } from '../../../src/engine/training/runControl';
import type { MetricRecord } from '../../../src/engine/protocol';

// A one-weight "network": prediction = w·x, loss = mean((w·x − 2x)²), so w → 2.
function toyPhase(w: tf.Variable, steps: number): Phase {
  return {
    name: 'toy',
    steps,
    networks: ['toy'],
    variables: () => new Map([['w', w]]),
    batchKind: () => 'labelled',
    loss: (batch, ctx) => {
      const err = tf.sub(tf.mul(w, batch.image), tf.mul(2, batch.image));
      const mse = tf.mean(tf.square(err)) as tf.Scalar;
      const weighted = tf.mul(ctx.hyper['segWeight'] ?? 1, mse) as tf.Scalar;
      return { total: weighted, components: { mse } };
    },
  };
}

const sgd = (): LoopOptimizer => ({
  learningRate: 0,
  applyGradients(grads, vars) {
    for (const [name, g] of grads) {
      const v = vars.get(name)!;
      tf.tidy(() => v.assign(tf.sub(v, tf.mul(this.learningRate, g))));
    }
  },
});

function options(w: tf.Variable, steps: number, records: MetricRecord[], extra: Partial<TrainLoopOptions> = {}): TrainLoopOptions {
  return {
    phases: [toyPhase(w, steps)],
    optimizerFor: sgd,
    nextBatch: async (kind): Promise<TensorBatch> => ({ kind, image: tf.ones([1, 2, 2, 2, 1]) as tf.Tensor5D, caseIds: ['a'] }),
    hyper: new HyperStore([
      { name: 'lr', doc: 'learning rate', value: 0.1, min: 1e-6, max: 1, log: true },
      { name: 'segWeight', doc: 'weight', value: 1, min: 0, max: 10 },
    ]),
    control: new RunControl(),
    schedule: 'constant',
    warmupSteps: 0,
    valEvery: 0,
    checkpointEvery: 1000,
    logEvery: 1,
    onMetrics: (r) => records.push(r),
    onTweaks: () => undefined,
    onCheckpoint: async () => undefined,
    now: () => 0,
    ...extra,
  };
}

test('the loop converges on a toy problem and keeps tensor counts flat over 200 steps', async () => {
  await tf.setBackend('cpu');
  const w = tf.variable(tf.scalar(0));
  const records: MetricRecord[] = [];
  const o = options(w, 200, records);
  await trainLoop({ ...o, phases: [toyPhase(w, 10)] }); // warm up kernels and the variable's gradient
  const baseline = tf.memory().numTensors;
  records.length = 0;
  await trainLoop(o);
  assert.equal(tf.memory().numTensors, baseline, 'tensors leaked across 200 steps');
  // One SGD step on (w−2)²·mean(x²) with x=1: w ← w − 0.1·2(w−2); from w=0 the first loss is 4.
  assert.equal(records.length, 200);
  assert.ok(Math.abs(records[199]!.values['loss']!) < 1e-6);
  assert.ok(Math.abs((w.dataSync()[0] ?? 0) - 2) < 1e-4);
  assert.equal(records[0]!.values['lr'], 0.1);
  w.dispose();
});

test('first step loss and update match the hand computation', async () => {
  await tf.setBackend('cpu');
  const w = tf.variable(tf.scalar(0));
  const records: MetricRecord[] = [];
  await trainLoop(options(w, 1, records));
  assert.equal(records[0]!.values['loss'], 4); // (0 − 2)²
  assert.equal(records[0]!.values['loss/mse'], 4);
  assert.ok(Math.abs(w.dataSync()[0]! - 0.4) < 1e-6); // 0 − 0.1·2·(0 − 2)
  w.dispose();
});

test('a tweak takes effect at the next step and is reported with that step', async () => {
  await tf.setBackend('cpu');
  const w = tf.variable(tf.scalar(0));
  const records: MetricRecord[] = [];
  const tweaks: { step: number; name: string; old: number; value: number }[] = [];
  const o = options(w, 6, records, {
    onTweaks: (applied, step) => tweaks.push(...applied.map((a) => ({ step, name: a.name, old: a.old, value: a.value }))),
  });
  const origMetrics = o.onMetrics;
  o.onMetrics = (r) => {
    origMetrics(r);
    if (r.step === 3) o.hyper.request({ segWeight: 0 }, 'panel');
  };
  await trainLoop(o);
  assert.deepEqual(tweaks, [{ step: 4, name: 'segWeight', old: 1, value: 0 }]);
  assert.ok(records[2]!.values['loss']! > 0);
  assert.equal(records[3]!.values['loss'], 0); // weight 0 from step 4 on
  assert.throws(() => o.hyper.request({ segWeight: 11 }, 'panel'), /hyper.segWeight: 11 is outside \[0, 10\]/);
  assert.throws(() => o.hyper.request({ momentum: 1 }, 'panel'), /hyper.momentum: not tweakable in this run/);
  w.dispose();
});

test('stop ends the loop between steps with a final checkpoint; pause holds it', async () => {
  await tf.setBackend('cpu');
  const w = tf.variable(tf.scalar(0));
  const records: MetricRecord[] = [];
  const control = new RunControl();
  const checkpoints: number[] = [];
  const o = options(w, 100, records, {
    control,
    onCheckpoint: async (p) => {
      checkpoints.push(p.step);
    },
  });
  o.onMetrics = (r) => {
    records.push(r);
    if (r.step === 5) {
      control.pause();
      setTimeout(() => {
        assert.equal(records.length, 5); // nothing ran while paused
        control.stop();
      }, 30);
    }
  };
  const result = await trainLoop(o);
  assert.equal(result.stopped, true);
  assert.equal(result.position.step, 5);
  assert.deepEqual(checkpoints, [5]);
  w.dispose();
});

test('a NaN loss stops the run with a clear message', async () => {
  await tf.setBackend('cpu');
  const w = tf.variable(tf.scalar(0));
  const o = options(w, 3, []);
  o.nextBatch = async (kind) => ({ kind, image: tf.fill([1, 1, 1, 1, 1], Number.NaN) as tf.Tensor5D, caseIds: ['nan'] });
  await assert.rejects(trainLoop(o), /step 1 \(toy\): loss is NaN/);
  w.dispose();
});
