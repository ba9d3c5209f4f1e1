// Time left for a run from its recent step rate (the rate since it last (re)started, so a pause does not count).

export interface StepSample {
  step: number;
  /** ms since epoch */
  time: number;
}

/** Steps per second over `samples` (oldest first), or undefined when there is not enough to tell. */
export function stepRate(samples: readonly StepSample[]): number | undefined {
  const first = samples[0];
  const last = samples[samples.length - 1];
  if (!first || !last || last.step <= first.step || last.time <= first.time) return undefined;
  return ((last.step - first.step) * 1000) / (last.time - first.time);
}

/** Seconds left, or undefined. */
export function estimateEtaSeconds(step: number, totalSteps: number | undefined, stepsPerSecond: number | undefined): number | undefined {
  if (totalSteps === undefined || stepsPerSecond === undefined || stepsPerSecond <= 0) return undefined;
  return Math.max(0, (totalSteps - step) / stepsPerSecond);
}

/** "42s", "3m 05s", "1h 02m". */
export function formatDuration(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, '0')}m`;
}
