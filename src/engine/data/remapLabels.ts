// Label remapping: a source id → target id table (unlisted ids become background), with ready presets such as
// the 117-class TotalSegmentator maps → the 13 FLARE 2022 organs.

/** Source label id → target label id; ids not listed become 0 (background). */
export type LabelRemap = Record<string, number>;

/** FLARE 2022's 13 organs (methods.md §1.2). */
export const FLARE13_LABELS: Readonly<Record<number, string>> = {
  0: 'background',
  1: 'liver',
  2: 'right kidney',
  3: 'spleen',
  4: 'pancreas',
  5: 'aorta',
  6: 'inferior vena cava',
  7: 'right adrenal gland',
  8: 'left adrenal gland',
  9: 'gallbladder',
  10: 'esophagus',
  11: 'stomach',
  12: 'duodenum',
  13: 'left kidney',
};

/** TotalSegmentator class name (as in its class_map / mask file names) → FLARE 2022 id. */
export const TOTALSEGMENTATOR_FLARE13_NAMES: Readonly<Record<string, number>> = {
  liver: 1,
  kidney_right: 2,
  spleen: 3,
  pancreas: 4,
  aorta: 5,
  inferior_vena_cava: 6,
  adrenal_gland_right: 7,
  adrenal_gland_left: 8,
  gallbladder: 9,
  esophagus: 10,
  stomach: 11,
  duodenum: 12,
  kidney_left: 13,
};

export const LABEL_REMAP_PRESETS = {
  /** TotalSegmentator "total" label ids (1 spleen, 2 kidney_right, ..., 52 aorta, 63 inferior_vena_cava) → FLARE 2022's 13 organs. */
  totalsegmentatorToFlare13: {
    1: 3, // spleen
    2: 2, // kidney_right
    3: 13, // kidney_left
    4: 9, // gallbladder
    5: 1, // liver
    6: 11, // stomach
    7: 4, // pancreas
    8: 7, // adrenal_gland_right
    9: 8, // adrenal_gland_left
    15: 10, // esophagus
    19: 12, // duodenum
    52: 5, // aorta
    63: 6, // inferior_vena_cava
  } as LabelRemap,
} as const;

export type LabelRemapPreset = keyof typeof LABEL_REMAP_PRESETS;

/** Label names that go with each preset's target ids. */
export const LABEL_REMAP_PRESET_NAMES: Record<LabelRemapPreset, Readonly<Record<number, string>>> = { totalsegmentatorToFlare13: FLARE13_LABELS };

/** Each preset's source class names → target ids, for single-organ mask files named after the source classes. */
export const LABEL_REMAP_PRESET_SOURCE_NAMES: Record<LabelRemapPreset, Readonly<Record<string, number>>> = { totalsegmentatorToFlare13: TOTALSEGMENTATOR_FLARE13_NAMES };

/** The table for a preset name or an explicit map; throws a one-line error for unknown presets or bad ids. */
export function resolveLabelRemap(spec: LabelRemap | string): LabelRemap {
  if (typeof spec === 'string') {
    const preset = (LABEL_REMAP_PRESETS as Record<string, LabelRemap>)[spec];
    if (!preset) throw new Error(`labelRemap: unknown preset "${spec}" (known: ${Object.keys(LABEL_REMAP_PRESETS).join(', ')})`);
    return preset;
  }
  for (const [from, to] of Object.entries(spec)) {
    if (!/^\d+$/.test(from) || !Number.isInteger(to) || to < 0 || to > 255) throw new Error(`labelRemap: entry "${from}": ${to} must map a non-negative integer id to an integer 0-255`);
  }
  return spec;
}

/** A remapped copy of an integer label buffer (values are rounded first; unlisted ids → 0). */
export function remapLabels(data: Float32Array, remap: LabelRemap): Float32Array {
  const table = new Map<number, number>(Object.entries(remap).map(([k, v]) => [Number(k), v]));
  const out = new Float32Array(data.length);
  let lastIn = NaN;
  let lastOut = 0;
  for (let i = 0; i < data.length; i++) {
    const v = Math.round(data[i]!);
    if (v !== lastIn) {
      lastIn = v;
      lastOut = table.get(v) ?? 0;
    }
    out[i] = lastOut;
  }
  return out;
}
