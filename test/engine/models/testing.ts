// Shared by the model and loss tests: the CPU backend, seeded inputs and a finite-difference gradient check.
import assert from 'node:assert/strict';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import * as tf from '@tensorflow/tfjs-core';
import { seededRandom } from '../../../src/engine/models/seededRandom';

/** The stub ops run on the pure-JS CPU backend; tests stay backend-agnostic otherwise. */
export async function useCpu(): Promise<void> {
  await tf.setBackend('cpu');
  await tf.ready();
}

/** A deterministic tensor with entries uniform in [lo, hi). */
export function randomTensor<R extends tf.Rank = tf.Rank.R5>(shape: number[], seed: number, lo = -1, hi = 1): tf.Tensor<R> {
  const rng = seededRandom(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  const data = new Float32Array(n);
  for (let i = 0; i < n; i++) data[i] = lo + (hi - lo) * rng.uniform();
  return tf.tensor(data, shape) as unknown as tf.Tensor<R>;
}

/**
 * Compares tf.grads of the scalar `f` with central differences (step `eps`) at every entry of every input,
 * in float32. Passes when |analytic − numeric| ≤ tol · max(1, max |numeric|) for every entry.
 */
export function gradientCheck(f: (...xs: tf.Tensor[]) => tf.Scalar, inputs: tf.Tensor[], eps = 1e-2, tol = 1e-2): void {
  const analytic = tf.tidy(() => tf.grads((...xs: tf.Tensor[]) => f(...xs))(inputs)).map((g) => {
    const d = g.dataSync().slice();
    g.dispose();
    return d;
  });
  const values = inputs.map((x) => x.dataSync().slice());
  const evalAt = (k: number, i: number, delta: number): number => {
    const vk = values[k];
    if (!vk) throw new Error('input missing');
    const perturbed = vk.slice();
    perturbed[i] = (perturbed[i] ?? 0) + delta;
    return tf.tidy(() => {
      const xs = inputs.map((x, j) => (j === k ? tf.tensor(perturbed, x.shape) : x));
      return f(...xs).dataSync()[0] ?? NaN;
    });
  };
  inputs.forEach((x, k) => {
    const a = analytic[k];
    if (!a) throw new Error('gradient missing');
    const numeric = new Float32Array(x.size);
    for (let i = 0; i < x.size; i++) numeric[i] = (evalAt(k, i, eps) - evalAt(k, i, -eps)) / (2 * eps);
    const scale = Math.max(1, ...numeric.map(Math.abs));
    for (let i = 0; i < x.size; i++) {
      const ai = a[i] ?? NaN;
      const ni = numeric[i] ?? NaN;
      assert.ok(Number.isFinite(ai), `input ${k}[${i}]: analytic gradient ${ai} is not finite`);
      assert.ok(Math.abs(ai - ni) <= tol * scale, `input ${k}[${i}]: analytic ${ai} vs numeric ${ni} (tol ${tol * scale})`);
    }
  });
}

/** Asserts `fn` leaves the live tensor count where it found it (so `fn` must dispose what it creates). */
export function assertNoLeak<T>(fn: () => T, what: string): T {
  const before = tf.memory().numTensors;
  const out = fn();
  assert.equal(tf.memory().numTensors, before, `${what} leaked ${tf.memory().numTensors - before} tensors`);
  return out;
}

/** Sum of `y` weighted by fixed pseudo-random coefficients: a scalar whose gradient reaches every entry of `y`. */
export function probe(y: tf.Tensor, seed = 99): tf.Scalar {
  return tf.tidy(() => {
    const r = randomTensor(y.shape, seed);
    return tf.sum(tf.mul(y, r));
  });
}

/** Like `gradientCheck`, for the variables a closure reads: perturbs each entry in place and restores it. */
export function variableGradientCheck(f: () => tf.Scalar, variables: tf.Variable[], eps = 1e-2, tol = 1e-2): void {
  const { value, grads } = tf.variableGrads(f, variables);
  value.dispose();
  variables.forEach((v, k) => {
    const g = grads[v.name];
    assert.ok(g, `variable ${k} got no gradient`);
    const a = g.dataSync().slice();
    const base = v.dataSync().slice();
    const at = (i: number, delta: number): number => {
      const p = base.slice();
      p[i] = (p[i] ?? 0) + delta;
      tf.tidy(() => v.assign(tf.tensor(p, v.shape)));
      return tf.tidy(() => f().dataSync()[0] ?? NaN);
    };
    const numeric = new Float32Array(v.size);
    for (let i = 0; i < v.size; i++) numeric[i] = (at(i, eps) - at(i, -eps)) / (2 * eps);
    tf.tidy(() => v.assign(tf.tensor(base, v.shape)));
    const scale = Math.max(1, ...numeric.map(Math.abs));
    for (let i = 0; i < v.size; i++) {
      const ai = a[i] ?? NaN;
      const ni = numeric[i] ?? NaN;
      assert.ok(Math.abs(ai - ni) <= tol * scale, `variable ${k}[${i}]: analytic ${ai} vs numeric ${ni} (tol ${tol * scale})`);
    }
  });
  for (const g of Object.values(grads)) g.dispose();
}

/** Reads a tensor's values as a plain array and disposes it. */
export function take(t: tf.Tensor): number[] {
  const d = Array.from(t.dataSync());
  t.dispose();
  return d;
}

/** Element-wise |a − b| ≤ tol. */
export function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number, what = 'value'): void {
  assert.equal(actual.length, expected.length, `${what}: length ${actual.length} vs ${expected.length}`);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i] ?? NaN;
    const e = expected[i] ?? NaN;
    assert.ok(Math.abs(a - e) <= tol, `${what}[${i}]: ${a} vs expected ${e} (tol ${tol})`);
  }
}
