// Learning-rate factor over a phase: warm-up, then the schedule. The base rate itself is the live `lr` hyperparameter.

export type Schedule = 'constant' | 'poly' | 'step' | 'cosine';

/** Factor in [0, 1] for step `t` of `total` (0-based); `step` halves every third of the phase. */
export function learningRateFactor(schedule: Schedule, t: number, total: number, warmupSteps = 0): number {
  if (warmupSteps > 0 && t < warmupSteps) return (t + 1) / warmupSteps;
  const p = Math.min(1, Math.max(0, (t - warmupSteps) / Math.max(1, total - warmupSteps)));
  switch (schedule) {
    case 'constant':
      return 1;
    case 'poly':
      return (1 - p) ** 0.9;
    case 'step':
      return 0.5 ** Math.floor(p * 3);
    case 'cosine':
      return 0.5 * (1 + Math.cos(Math.PI * p));
  }
}
