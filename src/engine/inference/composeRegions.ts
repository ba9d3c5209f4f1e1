// Overlapping region masks (sigmoid outputs) → one label map, painting regions in order (paper 3's BraTS rule).

export interface CompositionRule {
  /** Index of the region mask. */
  region: number;
  /** Label written where the mask is set (overwrites earlier rules). */
  label: number;
  /** The rule applies only when the region has more than this many voxels (default 0). */
  moreThanVoxels?: number;
}

export interface BratsCompositionOptions {
  /** Label of whole tumour (region 0), default 2 (oedema). */
  wholeTumour?: number;
  /** Label of tumour core (region 1), default 1 (necrosis / non-enhancing core). */
  tumourCore?: number;
  /** Label of enhancing tumour (region 2), default 4. */
  enhancing?: number;
  /** ET is labelled only when its volume exceeds this many voxels, default 32; otherwise its voxels keep the earlier labels. */
  minEnhancingVoxels?: number;
}

/** Paper 3's order: WT → 2, TC → 1 overwriting, ET → 4 only if ET has more than 32 voxels. */
export function bratsCompositionRules(options: BratsCompositionOptions = {}): CompositionRule[] {
  return [
    { region: 0, label: options.wholeTumour ?? 2 },
    { region: 1, label: options.tumourCore ?? 1 },
    { region: 2, label: options.enhancing ?? 4, moreThanVoxels: options.minEnhancingVoxels ?? 32 },
  ];
}

/** Paint each rule's region with its label, in order, onto a background-0 map. Masks: non-zero = inside. */
export function composeRegions(regions: readonly ArrayLike<number>[], rules: readonly CompositionRule[] = bratsCompositionRules()): Uint8Array {
  const first = regions[0];
  if (!first) throw new Error('composeRegions: no region masks');
  const n = first.length;
  if (regions.some((r) => r.length !== n)) throw new Error('composeRegions: region masks differ in length');
  const out = new Uint8Array(n);
  for (const rule of rules) {
    const mask = regions[rule.region];
    if (!mask) throw new Error(`composeRegions: rule asks for region ${rule.region}, only ${regions.length} given`);
    if (!Number.isInteger(rule.label) || rule.label < 0 || rule.label > 255) throw new Error(`composeRegions: label ${rule.label} does not fit a Uint8Array`);
    let count = 0;
    for (let i = 0; i < n; i++) if (mask[i] !== 0) count++;
    if (count <= (rule.moreThanVoxels ?? 0)) continue;
    for (let i = 0; i < n; i++) if (mask[i] !== 0) out[i] = rule.label;
  }
  return out;
}
