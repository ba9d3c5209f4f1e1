import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { crossTeachingLoss } from '../../../src/engine/methods/crossTeachingLoss';
import type { CrossTeachingLossOptions, TrioLogits } from '../../../src/engine/methods/crossTeachingLoss';
import { p1FocalOptions } from '../../../src/engine/losses/focalLoss';
import { assertClose, assertNoLeak, useCpu } from '../models/testing';

before(useCpu);

// Two voxels (a, b), two classes: logits [1, 1, 1, 2, 2]; softmax of [0, ln 3] is [.25, .75], of [0, ln 9] is [.1, .9].
//   T1: a [.25, .75], b [.75, .25]    T2: a [.25, .75], b [.1, .9]    S: a [.5, .5], b [.75, .25]
// Labels: a = 1, b = 0. Weights: kdWeight 10, ctWeight 0.1, r = 0.5, T = 1.
const L3 = Math.log(3);
const logits = (a: [number, number], b: [number, number]): tf.Tensor5D => tf.tensor5d([...a, ...b], [1, 1, 1, 2, 2]);
const EPS = 1e-5;
const W = { kdWeight: 10, ctWeight: 0.1, temperature: 1, ramp: 0.5 };
const OPTIONS: CrossTeachingLossOptions = { studentPseudoLabel: true, segDiceWeight: 1, segFocalWeight: 1, focal: p1FocalOptions, kdTemperatureSquared: true, unlabelledKdRampPower: 2 };

/** P1 Dice loss of one foreground class: −(2TP + ε)/(Σp + Σg + ε). */
const dice = (tp: number, sumP: number, sumG: number) => -(2 * tp + EPS) / (sumP + sumG + EPS);
/** KL(q ‖ p) per voxel, averaged: q = mean teacher probabilities, p = student's. */
const kl = 0.5 * (0.25 * Math.log(0.25 / 0.5) + 0.75 * Math.log(0.75 / 0.5)) + 0.5 * (0.425 * Math.log(0.425 / 0.75) + 0.575 * Math.log(0.575 / 0.25));
/** P1 focal on one voxel: t clamped to [1e-5, 1 − 1e-5], p_t = Σ t·p + 1e-5, −0.5 (1 − p_t)² ln p_t. */
const focalVoxel = (pTrue: number, pOther: number) => {
  const pt = (1 - EPS) * pTrue + EPS * pOther + EPS;
  return -0.5 * (1 - pt) ** 2 * Math.log(pt);
};

function withTrio<T extends tf.TensorContainer>(fn: (trio: TrioLogits, target: tf.Tensor5D) => T): T {
  return tf.tidy(() => {
    const trio: TrioLogits = {
      student: { name: 'S', logits: logits([0, 0], [L3, 0]) },
      teachers: [
        { name: 'T1', logits: logits([0, L3], [L3, 0]) },
        { name: 'T2', logits: logits([0, L3], [0, Math.log(9)]) },
      ],
    };
    return fn(trio, tf.tensor5d([0, 1, 1, 0], [1, 1, 1, 2, 2]));
  });
}

function values(terms: { total: tf.Scalar; components: Record<string, tf.Scalar> }): Record<string, number> {
  const out: Record<string, number> = { total: terms.total.dataSync()[0]! };
  for (const [k, v] of Object.entries(terms.components)) out[k] = v.dataSync()[0]!;
  return out;
}

test('unlabelled step: cross teaching between the teachers, student pseudo-label, KD × r²', () => {
  // Argmax T2 = [1, 1], argmax T1 = [1, 0], argmax of the averaged teachers (a [.25, .75], b [.425, .575]) = [1, 1].
  const ctT1 = dice(0.75 + 0.25, 0.75 + 0.25, 2); // T1 ← T2: −2/3
  const ctT2 = dice(0.75, 0.75 + 0.9, 1); // T2 ← T1: −1.5/2.65
  const ctS = dice(0.5 + 0.25, 0.5 + 0.25, 2); // S ← avg: −1.5/2.75
  const v = assertNoLeak(() => withTrio((trio) => values(crossTeachingLoss('unlabelled', trio, undefined, W, OPTIONS))), 'unlabelled loss');
  assert.deepEqual(Object.keys(v).sort(), ['ct/S', 'ct/T1', 'ct/T2', 'kd/unlabelled', 'total']);
  assertClose([v['ct/T1']!, v['ct/T2']!, v['ct/S']!], [0.05 * ctT1, 0.05 * ctT2, 0.05 * ctS], 1e-6, 'ct terms (× 0.1 · 0.5)');
  assertClose([v['kd/unlabelled']!], [10 * 0.25 * kl], 1e-6, 'kd (× 10 · 0.5²)');
  assertClose([v['total']!], [0.05 * (ctT1 + ctT2 + ctS) + 2.5 * kl], 1e-6, 'total');
  // Hand values: ct/T1 −0.033333, ct/T2 −0.028302, ct/S −0.027273, kd 2.5 · 0.184171.
  assertClose([v['ct/T1']!, v['kd/unlabelled']!], [-0.0333333, 0.4604276], 1e-5, 'decimals');
});

test('unlabelled step without student pseudo-supervision, and another ramp power', () => {
  const v = withTrio((trio) => values(crossTeachingLoss('unlabelled', trio, undefined, W, { ...OPTIONS, studentPseudoLabel: false, unlabelledKdRampPower: 1 })));
  assert.deepEqual(Object.keys(v).sort(), ['ct/T1', 'ct/T2', 'kd/unlabelled', 'total']);
  assertClose([v['kd/unlabelled']!], [10 * 0.5 * kl], 1e-6);
});

test('labelled step: Dice + focal of every network and KD × r', () => {
  // Dice of class 1 (label a): TP = p_a1, Σp = p_a1 + p_b1, Σg = 1.
  const expected: Record<string, number> = {
    'S/dice': dice(0.5, 0.75, 1),
    'T1/dice': dice(0.75, 1.0, 1),
    'T2/dice': dice(0.75, 1.65, 1),
    // Focal: voxel a's true class is 1, voxel b's is 0; mean of the two voxels.
    'S/focal': (focalVoxel(0.5, 0.5) + focalVoxel(0.75, 0.25)) / 2,
    'T1/focal': (focalVoxel(0.75, 0.25) + focalVoxel(0.75, 0.25)) / 2,
    'T2/focal': (focalVoxel(0.75, 0.25) + focalVoxel(0.1, 0.9)) / 2,
    kd: 10 * 0.5 * kl,
  };
  const v = assertNoLeak(() => withTrio((trio, target) => values(crossTeachingLoss('labelled', trio, target, W, OPTIONS))), 'labelled loss');
  assert.deepEqual(Object.keys(v).sort(), [...Object.keys(expected), 'total'].sort());
  for (const [k, e] of Object.entries(expected)) assertClose([v[k]!], [e], 1e-6, k);
  assertClose([v['total']!], [Object.values(expected).reduce((a, b) => a + b, 0)], 1e-5, 'total');
  // Dice weights scale their own terms only.
  const w2 = withTrio((trio, target) => values(crossTeachingLoss('labelled', trio, target, W, { ...OPTIONS, segDiceWeight: 2, segFocalWeight: 0 })));
  assertClose([w2['T1/dice']!, w2['T1/focal']!], [2 * expected['T1/dice']!, 0], 1e-6);
  assert.throws(() => withTrio((trio) => values(crossTeachingLoss('labelled', trio, undefined, W, OPTIONS))), /needs its one-hot target/);
});

test('teachers learn from their own terms only: no gradient reaches them through a target', () => {
  // Unlabelled, with only the student's terms weighted (ctWeight on, teachers' ct terms removed by differentiating ct/S + kd).
  const grads = tf.tidy(() => {
    const s = logits([0, 0], [L3, 0]);
    const t1 = logits([0, L3], [L3, 0]);
    const t2 = logits([0, L3], [0, Math.log(9)]);
    const f = (a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) => {
      const { components } = crossTeachingLoss('unlabelled', { student: { name: 'S', logits: a as tf.Tensor5D }, teachers: [{ name: 'T1', logits: b as tf.Tensor5D }, { name: 'T2', logits: c as tf.Tensor5D }] }, undefined, W, OPTIONS);
      return tf.add(components['ct/S']!, components['kd/unlabelled']!) as tf.Scalar;
    };
    return tf.grads(f)([s, t1, t2]).map((g) => Array.from(g.dataSync()));
  });
  assert.ok(grads[0]!.some((x) => Math.abs(x) > 1e-6), 'the student gets a gradient');
  assert.deepEqual(grads[1], [0, 0, 0, 0]);
  assert.deepEqual(grads[2], [0, 0, 0, 0]);
});
