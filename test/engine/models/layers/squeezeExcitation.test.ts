import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { ParamStore } from '../../../../src/engine/models/paramStore';
import { squeezeExcitation } from '../../../../src/engine/models/layers/squeezeExcitation';
import { assertClose, assertNoLeak, gradientCheck, probe, randomTensor, take, useCpu, variableGradientCheck } from '../testing';

before(useCpu);

function setWeights(store: ParamStore, values: Record<string, number[]>): void {
  for (const [name, v] of Object.entries(values)) {
    const variable = store.variables.get(name);
    assert.ok(variable, name);
    variable.assign(tf.tensor(v, variable.shape));
  }
}

test('squeezeExcitation gates with ReLU and adds the residual: x + x⊙s', () => {
  // 2 channels, reduction 2 → 1 hidden unit. x: [1, 1, 1, 2, 2] voxels [1, 0] and [3, 2] → GAP [2, 1].
  // h = LReLU(2·1 + 1·(−1)) = 1; s = ReLU([2·1 + 0.5, −1·1 + 0.5]) = [2.5, 0]; out = x ⊙ (1 + s).
  const store = new ParamStore(0);
  const se = squeezeExcitation(store, 'se', 2, 2, 0.01);
  setWeights(store, { 'se.fc1.w': [1, -1], 'se.fc1.b': [0], 'se.fc2.w': [2, -1], 'se.fc2.b': [0.5, 0.5] });
  const x = tf.tensor5d([1, 0, 3, 2], [1, 1, 1, 2, 2]);
  assertClose(assertNoLeak(() => take(se.apply(x)), 'squeezeExcitation'), [3.5, 0, 10.5, 2], 1e-6);
  // A negative hidden pre-activation goes through LeakyReLU with slope 0.01: GAP [1, 2] → h = −0.01;
  // s = ReLU([−0.02 + 0.5, 0.01 + 0.5]) = [0.48, 0.51].
  const x2 = tf.tensor5d([1, 2, 1, 2], [1, 1, 1, 2, 2]);
  assertClose(take(se.apply(x2)), [1.48, 3.02, 1.48, 3.02], 1e-6);
  assert.deepEqual([...store.variables.keys()], ['se.fc1.w', 'se.fc1.b', 'se.fc2.w', 'se.fc2.b']);
  tf.dispose([x, x2, ...store.variables.values()]);
});

test('squeezeExcitation gradient matches finite differences for x and every weight', () => {
  // 4 channels, reduction 2, x: [2, 1, 2, 2, 4]; biases set so the ReLU gate is active; step 1e-2, tolerance 1e-2.
  const store = new ParamStore(7);
  const se = squeezeExcitation(store, 'se', 4, 2, 0.01);
  setWeights(store, { 'se.fc2.b': [0.5, 0.6, 0.7, 0.8], 'se.fc1.b': [0.3, -0.2] });
  const x = randomTensor<tf.Rank.R5>([2, 1, 2, 2, 4], 8);
  assertNoLeak(() => {
    gradientCheck((xi) => probe(se.apply(xi as tf.Tensor5D)), [x]);
    variableGradientCheck(() => probe(se.apply(x)), [...store.variables.values()]);
  }, 'gradient checks');
  tf.dispose([x, ...store.variables.values()]);
});
