// What saving a config means for its live run: which `hyper` values can be pushed to the engine now, and which
// other changes only take effect in a new run.
import { parse as parseJsonc } from 'jsonc-parser';
import type { ParseError } from 'jsonc-parser';

export interface LiveConfigDiff {
  /** Live-tweakable hyperparameters whose value changed: name → new value. */
  tweaks: Record<string, number>;
  /** Changed fields (JSON paths) that need a restart, e.g. "train.batchSize", "hyper.warmup". */
  restartFields: string[];
  /** Set when either text is not valid JSON: nothing is pushed then. */
  error: string | undefined;
}

/**
 * Compares two versions of a config. Arrays count as one field ("train.patchSize"); `hyper.<name>` changes go to
 * `tweaks` when `<name>` is live-tweakable and the new value is a number, and to `restartFields` otherwise.
 */
export function diffConfigForLiveRun(oldJson: string, newJson: string, tweakableNames: readonly string[]): LiveConfigDiff {
  const before = parseConfig(oldJson);
  const after = parseConfig(newJson);
  if (typeof before === 'string' || typeof after === 'string') {
    return { tweaks: {}, restartFields: [], error: typeof after === 'string' ? after : `previous version: ${String(before)}` };
  }
  const tweaks: Record<string, number> = {};
  const restartFields: string[] = [];
  for (const path of changedPaths(before, after, '')) {
    const m = /^hyper\.([^.[\]]+)$/.exec(path);
    const name = m?.[1];
    const value = name === undefined ? undefined : (after.hyper as Record<string, unknown> | undefined)?.[name];
    if (name !== undefined && tweakableNames.includes(name) && typeof value === 'number' && Number.isFinite(value)) tweaks[name] = value;
    else restartFields.push(path);
  }
  return { tweaks, restartFields, error: undefined };
}

function parseConfig(text: string): Record<string, unknown> | string {
  const errors: ParseError[] = [];
  const value: unknown = parseJsonc(text, errors, { allowTrailingComma: true });
  if (errors.length > 0) return 'not valid JSON';
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not a JSON object';
  return value as Record<string, unknown>;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Leaf paths whose value differs; objects recurse, everything else (arrays included) compares whole. */
function changedPaths(a: unknown, b: unknown, prefix: string): string[] {
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    return keys.flatMap((k) => changedPaths(a[k], b[k], prefix === '' ? k : `${prefix}.${k}`));
  }
  return JSON.stringify(a) === JSON.stringify(b) ? [] : [prefix];
}
