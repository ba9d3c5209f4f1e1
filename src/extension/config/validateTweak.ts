// Checks a typed-in value for a live hyperparameter against the recipe's limits before it reaches the engine.
import type { TweakableParam } from '../../engine/protocol';

export type TweakValidation = { ok: true; value: number } | { ok: false; message: string };

export function validateTweak(input: string, param: TweakableParam): TweakValidation {
  const text = input.trim();
  if (text === '') return { ok: false, message: `Enter a number for ${param.name}.` };
  // Number('') and Number('0x10') are too lenient for a hyperparameter: accept decimal and exponent forms only.
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text)) return { ok: false, message: `'${text}' is not a number.` };
  const value = Number(text);
  if (!Number.isFinite(value)) return { ok: false, message: `'${text}' is not a finite number.` };
  if (param.log && value <= 0) return { ok: false, message: `${param.name} must be greater than 0.` };
  if (value < param.min || value > param.max) return { ok: false, message: `${param.name} must be between ${param.min} and ${param.max}.` };
  return { ok: true, value };
}
