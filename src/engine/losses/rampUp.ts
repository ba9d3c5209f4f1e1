// The sigmoid-shaped ramp-up of consistency and KD weights (Laine & Aila; methods.md §1.6).

/** r(e) = exp(−5·(1 − min(e, E)/E)²): ≈0.0067 at e = 0, 1 from e = E on; E ≤ 0 means no ramp (1). */
export function rampUp(epoch: number, length: number): number {
  if (length <= 0) return 1;
  const t = 1 - Math.min(Math.max(epoch, 0), length) / length;
  return Math.exp(-5 * t * t);
}
