// Overlapping tumour regions (methods.md §3.2): which label ids each sigmoid output covers, and how thresholded
// region masks compose back to the dataset's label ids. Presets for the two BraTS label conventions.
import type { CompositionRule } from '../inference/composeRegions';

export interface RegionDefinition {
  /** Shown in metrics ("val/dice/WT") and reports. */
  name: string;
  /** Dataset label ids inside the region. */
  labels: number[];
}

export interface RegionSpec {
  regions: RegionDefinition[];
  /** Painted in order onto background 0, later rules overwriting earlier ones (paper 3: WT → 2, TC → 1, ET → 4 if > 32 voxels). */
  composition: CompositionRule[];
  /** A voxel is inside a region when its probability is above this (paper 3: 0.5). */
  threshold: number;
  /** Tumour components smaller than this fraction of the whole tumour are removed after composition (paper 3: 0.1; 0 keeps all). */
  minComponentFraction: number;
}

export type RegionPreset = 'brats2015' | 'brats2023';

/** ET is labelled only above this many voxels (paper 3, §3.6 step 7). */
export const BRATS_MIN_ENHANCING_VOXELS = 32;

/**
 * brats2015: 1 necrosis, 2 oedema, 3 non-enhancing, 4 enhancing → WT {1,2,3,4}, TC {1,3,4}, ET {4}.
 * brats2023 (BraTS 2023+, the 4-modal case, and paper 3 after its 4 → 3 remap): 1 NETC, 2 oedema, 3 ET → WT {1,2,3}, TC {1,3}, ET {3}.
 */
export function regionPreset(preset: RegionPreset): Pick<RegionSpec, 'regions' | 'composition'> {
  const et = preset === 'brats2015' ? 4 : 3;
  const core = preset === 'brats2015' ? [1, 3, 4] : [1, 3];
  const whole = preset === 'brats2015' ? [1, 2, 3, 4] : [1, 2, 3];
  return {
    regions: [
      { name: 'WT', labels: whole },
      { name: 'TC', labels: core },
      { name: 'ET', labels: [et] },
    ],
    composition: [
      { region: 0, label: 2 },
      { region: 1, label: 1 },
      { region: 2, label: et, moreThanVoxels: BRATS_MIN_ENHANCING_VOXELS },
    ],
  };
}

/** Checks a spec against the dataset's label ids; throws one line naming the problem. */
export function validateRegionSpec(spec: RegionSpec, labelIds: readonly number[]): void {
  if (spec.regions.length === 0) throw new Error('regions: define at least one region');
  const known = new Set(labelIds);
  spec.regions.forEach((r, i) => {
    if (r.labels.length === 0) throw new Error(`regions[${i}] (${r.name}): lists no label ids`);
    const unknown = r.labels.filter((l) => !known.has(l));
    if (unknown.length > 0) throw new Error(`regions[${i}] (${r.name}): label ids ${unknown.join(', ')} are not in the dataset (labels ${labelIds.join(', ')})`);
  });
  spec.composition.forEach((c, i) => {
    if (c.region < 0 || c.region >= spec.regions.length) throw new Error(`composition[${i}]: region ${c.region} does not exist (${spec.regions.length} regions)`);
  });
}
