import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { createSgd } from '../../../../src/engine/training/optimizers/sgdOptimizer';
import { assertClose, take, useCpu } from '../../models/testing';

before(useCpu);

test('SGD with Nesterov momentum and L2: two steps by hand', () => {
  // p = [1, −2], g = [0.5, 0.5] both steps, lr 0.1, μ 0.9, λ 0.1. Tolerance 1e-6.
  // Step 1, p0 = 1: d = 0.5 + 0.1 = 0.6; b = 0.6; d = 0.6 + 0.54 = 1.14; p = 1 − 0.114 = 0.886.
  // Step 2: d = 0.5 + 0.0886 = 0.5886; b = 0.54 + 0.5886 = 1.1286; d = 0.5886 + 1.01574 = 1.60434; p = 0.725566.
  // p0 = −2: d = 0.3; b = 0.3; d = 0.57; p = −2.057. Then d = 0.5 − 0.2057 = 0.2943; b = 0.27 + 0.2943 = 0.5643;
  // d = 0.2943 + 0.50787 = 0.80217; p = −2.137217.
  const p = tf.variable(tf.tensor1d([1, -2]));
  const vars = new Map([['p', p]]);
  const g = tf.tensor1d([0.5, 0.5]);
  const opt = createSgd({ learningRate: 0.1, momentum: 0.9, nesterov: true, weightDecay: 0.1 });
  const before = tf.memory().numTensors;
  opt.applyGradients(new Map([['p', g]]), vars);
  assertClose(p.dataSync(), [0.886, -2.057], 1e-6);
  const afterFirst = tf.memory().numTensors; // + the momentum slot
  opt.applyGradients(new Map([['p', g]]), vars);
  assertClose(p.dataSync(), [0.725566, -2.137217], 1e-6);
  assert.equal(tf.memory().numTensors, afterFirst);
  assert.equal(afterFirst, before + 1);
  assert.equal(opt.step, 2);
  opt.dispose();
  assert.equal(tf.memory().numTensors, before);
  tf.dispose([p, g]);
});

test('plain momentum and plain SGD', () => {
  // Heavy-ball (no Nesterov), μ 0.5, lr 1, g = 1 twice: b = 1 → p = −1; b = 1.5 → p = −2.5. μ = 0: p −= lr·g.
  const p = tf.variable(tf.scalar(0));
  const g = tf.scalar(1);
  const opt = createSgd({ learningRate: 1, momentum: 0.5, nesterov: false, weightDecay: 0 });
  opt.applyGradients(new Map([['p', g]]), new Map([['p', p]]));
  opt.applyGradients(new Map([['p', g]]), new Map([['p', p]]));
  assertClose(p.dataSync(), [-2.5], 1e-7);
  const plain = createSgd({ learningRate: 0.25, momentum: 0, nesterov: false, weightDecay: 0 });
  plain.applyGradients(new Map([['p', g]]), new Map([['p', p]]));
  assertClose(p.dataSync(), [-2.75], 1e-7);
  assert.equal(plain.getState().slots.size, 0);
  tf.dispose([p, g]);
  opt.dispose();
});

test('state round trip resumes exactly; learning rate is settable; bad gradients are named', () => {
  // Two optimisers: A takes 2 steps; B takes 1, its state moves to C, C takes the 2nd: A and C agree to the bit.
  const mk = (): tf.Variable => tf.variable(tf.tensor1d([1, 2, 3]));
  const g = tf.tensor1d([0.3, -0.1, 0.2]);
  const o = { learningRate: 0.05, momentum: 0.9, nesterov: true, weightDecay: 1e-3 };
  const [pa, pc] = [mk(), mk()];
  const a = createSgd(o);
  a.applyGradients(new Map([['p', g]]), new Map([['p', pa]]));
  a.learningRate = 0.01;
  a.applyGradients(new Map([['p', g]]), new Map([['p', pa]]));
  const b = createSgd(o);
  b.applyGradients(new Map([['p', g]]), new Map([['p', pc]]));
  const c = createSgd({ ...o, learningRate: 123 });
  const count = tf.memory().numTensors;
  c.setState(b.getState());
  assert.equal(tf.memory().numTensors, count + 1, 'setState copies the one momentum slot and nothing else');
  b.dispose();
  assert.equal(c.learningRate, 0.05);
  c.learningRate = 0.01;
  c.applyGradients(new Map([['p', g]]), new Map([['p', pc]]));
  assert.deepEqual(take(tf.clone(pc)), take(tf.clone(pa)));
  assert.throws(() => c.applyGradients(new Map([['q', g]]), new Map([['p', pc]])), /gradient for unknown variable q/);
  const wrong = tf.zeros([2]);
  assert.throws(() => c.applyGradients(new Map([['p', wrong]]), new Map([['p', pc]])), /gradient for p has shape \[2\], variable has \[3\]/);
  assert.throws(() => c.setState({ kind: 'adam', step: 0, learningRate: 1, slots: new Map() }), /cannot load adam/);
  tf.dispose([pa, pc, g, wrong]);
  a.dispose();
  c.dispose();
});
