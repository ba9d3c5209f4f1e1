// Learning-rate schedules, evaluated at a step (iteration or epoch, as the recipe counts), with optional linear warm-up.

export type LearningRateSchedule = (
  | { kind: 'constant' }
  /** base·(1 − min(t, total)/total)^power; P1: per epoch, total 1000, power 0.9. */
  | { kind: 'poly'; total: number; power: number }
  /** base·γ^⌊t/every⌋; P3: every 16000 iterations, γ 0.5. */
  | { kind: 'step'; every: number; gamma: number }
  /** min + (base − min)·(1 + cos(π·min(t, total)/total))/2. */
  | { kind: 'cosine'; total: number; minLearningRate: number }
) & {
  /** Linear warm-up: for t < warmupSteps the rate is scaled by (t + 1)/warmupSteps. */
  warmupSteps?: number;
};

export function learningRateAt(base: number, schedule: LearningRateSchedule, t: number): number {
  let lr: number;
  switch (schedule.kind) {
    case 'constant':
      lr = base;
      break;
    case 'poly':
      lr = base * Math.pow(1 - Math.min(Math.max(t, 0), schedule.total) / schedule.total, schedule.power);
      break;
    case 'step':
      lr = base * Math.pow(schedule.gamma, Math.floor(Math.max(t, 0) / schedule.every));
      break;
    case 'cosine': {
      const f = Math.min(Math.max(t, 0), schedule.total) / schedule.total;
      lr = schedule.minLearningRate + ((base - schedule.minLearningRate) * (1 + Math.cos(Math.PI * f))) / 2;
      break;
    }
  }
  const w = schedule.warmupSteps ?? 0;
  return t < w ? (lr * (Math.max(t, 0) + 1)) / w : lr;
}
