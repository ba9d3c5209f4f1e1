// Choi's ramp-up over a phase: r(e) = exp(−5(1 − min(e, E)/E)²) with e counted in epochs (methods.md §1.6).
import { rampUp } from '../losses/rampUp';

export interface RampSchedule {
  /** Steps until r reaches 1; 0 disables the ramp (r = 1). */
  lengthSteps: number;
  /** 'epoch': r is held for an epoch and read at its first step, as Choi computes it; 'step': r moves every step. */
  per: 'epoch' | 'step';
  stepsPerEpoch: number;
}

/** r at 0-based step `phaseStep`: r(0) ≈ 0.0067, r(E/2) ≈ 0.29, r(E) = 1. */
export function crossTeachingRampUp(phaseStep: number, s: RampSchedule): number {
  if (s.lengthSteps <= 0) return 1;
  if (s.per === 'step') return rampUp(phaseStep, s.lengthSteps);
  const epoch = Math.floor(phaseStep / s.stepsPerEpoch);
  // E may be fractional when the length is not a whole number of epochs.
  return rampUp(epoch, s.lengthSteps / s.stepsPerEpoch);
}
