// Checks a typed value against a tweakable's range before it is sent (the engine checks again on its side).

import type { TweakableParam } from '../../engine/protocol';

export type Validated = { ok: true; value: number } | { ok: false; error: string };

export function validateTweak(text: string, p: Pick<TweakableParam, 'name' | 'min' | 'max' | 'log'>): Validated {
  const t = text.trim();
  if (t === '') return { ok: false, error: `${p.name}: enter a number` };
  // Number() accepts "1e-4" and rejects "1e-4x"; parseFloat would silently read the prefix.
  const v = Number(t);
  if (!Number.isFinite(v)) return { ok: false, error: `${p.name}: "${t}" is not a number` };
  if (p.log && v <= 0) return { ok: false, error: `${p.name}: must be positive` };
  if (v < p.min || v > p.max) return { ok: false, error: `${p.name}: must be between ${p.min} and ${p.max}` };
  return { ok: true, value: v };
}

/** Slider position in [0, 1000] for a value, linear or logarithmic over [min, max]. */
export function sliderPosition(v: number, p: Pick<TweakableParam, 'min' | 'max' | 'log'>): number {
  const f = p.log && p.min > 0 ? Math.log(v / p.min) / Math.log(p.max / p.min) : (v - p.min) / (p.max - p.min || 1);
  return Math.round(Math.min(1, Math.max(0, f)) * 1000);
}

/** The value at a slider position, rounded to 3 significant digits so the field stays readable. */
export function sliderValue(pos: number, p: Pick<TweakableParam, 'min' | 'max' | 'log'>): number {
  const f = Math.min(1, Math.max(0, pos / 1000));
  const v = p.log && p.min > 0 ? p.min * Math.pow(p.max / p.min, f) : p.min + f * (p.max - p.min);
  return Math.min(p.max, Math.max(p.min, Number(v.toPrecision(3))));
}
