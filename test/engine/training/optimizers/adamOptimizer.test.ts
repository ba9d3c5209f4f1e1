import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { createAdam } from '../../../../src/engine/training/optimizers/adamOptimizer';
import type { AdamOptions } from '../../../../src/engine/training/optimizers/adamOptimizer';
import { assertClose, take, useCpu } from '../../models/testing';

before(useCpu);

const base: AdamOptions = { learningRate: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, amsgrad: true, weightDecay: 0, decoupledWeightDecay: false };

function run(options: AdamOptions, gradients: number[], p0 = 1): number {
  const p = tf.variable(tf.scalar(p0));
  const opt = createAdam(options);
  for (const gv of gradients) {
    const g = tf.scalar(gv);
    opt.applyGradients(new Map([['p', g]]), new Map([['p', p]]));
    g.dispose();
  }
  const v = take(tf.clone(p))[0] ?? NaN;
  p.dispose();
  opt.dispose();
  return v;
}

test('Adam step 1 moves by lr·sign(g) (bias-corrected m/√v = 1)', () => {
  // g = 0.5: m = 0.05, v = 2.5e-4; m̂ = 0.5, √v̂ = 0.5 → p = 1 − 1e-3·0.5/(0.5 + 1e-8) ≈ 0.999. Tolerance 1e-7.
  assertClose([run(base, [0.5])], [1 - 1e-3 * (0.5 / (0.5 + 1e-8))], 1e-7);
});

test('AMSGrad keeps the larger second moment when v shrinks', () => {
  // Steps g = 0.5 then 0: m = 0.045, v = 2.4975e-4 < v̂ = 2.5e-4; bc1 = 0.19, bc2 = 0.001999.
  // AMSGrad step 2 = 1e-3·(0.045/0.19)/√(2.5e-4/0.001999) = 1e-3·0.236842/0.353642 ≈ 6.69724e-4;
  // plain Adam uses √(2.4975e-4/0.001999) = 0.353464 → 6.70062e-4. Tolerance 1e-9 (float32 at 1 has ulp 6e-8, so compare moves).
  const step1 = 1e-3 * (0.5 / (0.5 + 1e-8));
  const ams = 1 - step1 - 1e-3 * (0.045 / 0.19) / (Math.sqrt(2.5e-4 / 0.001999) + 1e-8);
  const plain = 1 - step1 - 1e-3 * (0.045 / 0.19) / (Math.sqrt(2.4975e-4 / 0.001999) + 1e-8);
  // Start at 0 so float32 resolves the 3e-7 difference between the two.
  const a = run(base, [0.5, 0], 0);
  const b = run({ ...base, amsgrad: false }, [0.5, 0], 0);
  assertClose([a, b], [ams - 1, plain - 1], 2e-9);
  assert.ok(b < a, 'plain Adam steps further once v shrinks');
});

test('weight decay: L2 in the gradient (Adam) or decoupled (AdamW)', () => {
  // L2, λ = 0.5, p = 1, g = 0: effective g = 0.5 → the same move as step 1 above.
  assertClose([run({ ...base, weightDecay: 0.5 }, [0])], [1 - 1e-3 * (0.5 / (0.5 + 1e-8))], 1e-7);
  // Decoupled, λ = 0.5, lr 1e-3, g = 0: p = 1·(1 − 5e-4) and m = 0, so no Adam move: 0.9995.
  assertClose([run({ ...base, weightDecay: 0.5, decoupledWeightDecay: true }, [0])], [0.9995], 1e-7);
});

test('Adam state round trip resumes exactly and tensor counts stay flat', () => {
  const g = tf.tensor1d([0.3, -0.1]);
  const pa = tf.variable(tf.tensor1d([1, 2]));
  const pc = tf.variable(tf.tensor1d([1, 2]));
  const a = createAdam(base);
  a.applyGradients(new Map([['p', g]]), new Map([['p', pa]]));
  const count = tf.memory().numTensors;
  a.applyGradients(new Map([['p', g]]), new Map([['p', pa]]));
  assert.equal(tf.memory().numTensors, count);
  const b = createAdam(base);
  b.applyGradients(new Map([['p', g]]), new Map([['p', pc]]));
  assert.deepEqual([...b.getState().slots.keys()].sort(), ['m/p', 'v/p', 'vMax/p']);
  const c = createAdam(base);
  c.setState(b.getState());
  b.dispose();
  assert.equal(c.step, 1);
  c.applyGradients(new Map([['p', g]]), new Map([['p', pc]]));
  assert.deepEqual(take(tf.clone(pc)), take(tf.clone(pa)));
  tf.dispose([g, pa, pc]);
  a.dispose();
  c.dispose();
});
