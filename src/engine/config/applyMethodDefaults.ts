// Some methods come with their paper's training setup (crossTeachingKD: SGD Nesterov 0.99, poly, batch 1, per-patch
// z-score). Those defaults fill the fields a config leaves out, before the schema's generic defaults do.

type JsonObject = Record<string, unknown>;

/** Method → section → field defaults. Only fields absent from the user's JSON are filled. */
export const METHOD_DEFAULTS: Readonly<Record<string, Readonly<Record<string, JsonObject>>>> = {
  // methods.md §1.6–1.7: one optimiser for all three networks, one patch per step, patch z-score.
  crossTeachingKD: {
    train: { optimizer: 'sgd', momentum: 0.99, weightDecay: 3e-5, schedule: 'poly', batchSize: 1 },
    preprocess: { normalizePerPatch: true },
  },
};

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Returns `raw` (parsed JSON) with its method's defaults under the fields it sets; anything else comes back unchanged. */
export function applyMethodDefaults(raw: unknown): unknown {
  if (!isObject(raw) || typeof raw['method'] !== 'string') return raw;
  const defaults = METHOD_DEFAULTS[raw['method']];
  if (defaults === undefined) return raw;
  const out: JsonObject = { ...raw };
  for (const [section, fields] of Object.entries(defaults)) {
    const given = out[section];
    if (given !== undefined && !isObject(given)) continue; // the schema reports the wrong type
    out[section] = { ...fields, ...(given ?? {}) };
  }
  return out;
}
