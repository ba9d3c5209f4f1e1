import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rampUp } from '../../../src/engine/losses/rampUp';

test('rampUp follows exp(−5(1 − e/E)²) and holds at 1 after E', () => {
  // methods.md §1.6: r(0) ≈ 0.0067, r(500) ≈ 0.29, r(1000) = 1 with E = 1000. Tolerance 1e-12.
  const close = (a: number, b: number): void => assert.ok(Math.abs(a - b) < 1e-12, `${a} vs ${b}`);
  close(rampUp(0, 1000), Math.exp(-5));
  close(rampUp(500, 1000), Math.exp(-1.25));
  close(rampUp(1000, 1000), 1);
  close(rampUp(5000, 1000), 1);
  close(rampUp(-3, 1000), Math.exp(-5));
  close(rampUp(7, 0), 1);
  assert.ok(Math.abs(rampUp(500, 1000) - 0.2865) < 1e-4);
});
