import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { maskedMean } from '../../../src/engine/losses/maskedMean';
import { stopGradient } from '../../../src/engine/losses/stopGradient';
import { assertClose, assertNoLeak, take, useCpu } from '../models/testing';

before(useCpu);

test('maskedMean is Σ(m·x)/max(Σm, 1): selected mean, 0 for an empty mask, weights for soft masks', () => {
  // x = [1, 2, 3, 4]: mask [1, 0, 1, 0] → 2; empty → 0; [0.5, 0, 0, 0] → 0.5/1 (denominator clamped at 1).
  const x = tf.tensor1d([1, 2, 3, 4]);
  const m = (v: number[]): tf.Tensor1D => tf.tensor1d(v);
  const run = (v: number[]): number[] => {
    const mask = m(v);
    const out = take(maskedMean(x, mask));
    mask.dispose();
    return out;
  };
  assertClose(assertNoLeak(() => run([1, 0, 1, 0]), 'maskedMean'), [2], 1e-7);
  assertClose(run([0, 0, 0, 0]), [0], 0);
  assertClose(run([0.5, 0, 0, 0]), [0.5], 1e-7);
  // A [2, 1] mask broadcast over [2, 3] entries counts once per entry: rows [1, 2, 3], [4, 5, 6], row 0 kept → 2.
  const x2 = tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3]);
  const m2 = tf.tensor2d([1, 0], [2, 1]);
  assertClose(take(maskedMean(x2, m2)), [2], 1e-7);
  tf.dispose([x, x2, m2]);
});

test('stopGradient passes the value and blocks the gradient', () => {
  // f(x) = Σ x·sg(x) at x = [1, 2]: value 5, gradient sg(x) = [1, 2] (not 2x).
  const x = tf.tensor1d([1, 2]);
  const f = (a: tf.Tensor): tf.Scalar => tf.sum(tf.mul(a, stopGradient(a)));
  assertClose(take(f(x)), [5], 0);
  assertClose(assertNoLeak(() => take(tf.grad(f)(x)), 'stopGradient grad'), [1, 2], 0);
  x.dispose();
});
