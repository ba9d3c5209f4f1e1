import { test } from 'node:test';
import assert from 'node:assert/strict';
import { learningRateAt } from '../../../../src/engine/training/optimizers/learningRateSchedule';

const close = (a: number, b: number): void => assert.ok(Math.abs(a - b) < 1e-12, `${a} vs ${b}`);

test('poly: lr0·(1 − t/T)^0.9 (P1 per epoch)', () => {
  const s = { kind: 'poly', total: 1000, power: 0.9 } as const;
  close(learningRateAt(0.01, s, 0), 0.01);
  close(learningRateAt(0.01, s, 500), 0.01 * 0.5 ** 0.9); // ≈ 0.005359
  close(learningRateAt(0.01, s, 1000), 0);
  close(learningRateAt(0.01, s, 1200), 0);
});

test('step: ×γ every k iterations (P3: ×0.5 every 16000)', () => {
  const s = { kind: 'step', every: 16000, gamma: 0.5 } as const;
  close(learningRateAt(2e-5, s, 15999), 2e-5);
  close(learningRateAt(2e-5, s, 16000), 1e-5);
  close(learningRateAt(2e-5, s, 40000), 5e-6);
});

test('cosine from base to the floor, and constant', () => {
  const s = { kind: 'cosine', total: 100, minLearningRate: 0.1 } as const;
  close(learningRateAt(1, s, 0), 1);
  close(learningRateAt(1, s, 50), 0.55);
  close(learningRateAt(1, s, 100), 0.1);
  close(learningRateAt(1, s, 150), 0.1);
  close(learningRateAt(0.3, { kind: 'constant' }, 77), 0.3);
});

test('linear warm-up scales by (t + 1)/W, then the schedule takes over', () => {
  const s = { kind: 'step', every: 10, gamma: 0.1, warmupSteps: 4 } as const;
  close(learningRateAt(1, s, 0), 0.25);
  close(learningRateAt(1, s, 3), 1);
  close(learningRateAt(1, s, 4), 1);
  close(learningRateAt(1, s, 10), 0.1);
});
