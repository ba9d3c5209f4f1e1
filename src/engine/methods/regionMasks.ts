// Labels ↔ overlapping regions on plain arrays: a label map becomes one 0/1 mask per region (for scoring), and
// thresholded region masks become a label map again (composition, ET volume rule, small-component filter).
import type { Vec3 } from '../io/volume';
import { composeRegions } from '../inference/composeRegions';
import { removeSmallComponents } from '../inference/removeSmallComponents';
import type { RegionDefinition, RegionSpec } from './regionSpec';

/** One mask per region: 1 where the label is one of the region's ids. */
export function labelsToRegionMasks(labels: ArrayLike<number>, regions: readonly RegionDefinition[]): Uint8Array[] {
  return regions.map((r) => {
    const ids = new Set(r.labels);
    const out = new Uint8Array(labels.length);
    for (let i = 0; i < labels.length; i++) if (ids.has(labels[i]!)) out[i] = 1;
    return out;
  });
}

export interface ComposeOptions {
  /** Apply each rule's minimum volume (the ET rule); pseudo-labels skip it, as paper 3 post-processes only final predictions. */
  volumeRules: boolean;
  /** Apply the spec's small-component filter. */
  componentFilter: boolean;
}

/** Region masks (any non-zero = inside) → label ids on the same grid. */
export function regionMasksToLabels(masks: readonly ArrayLike<number>[], dims: Vec3, spec: RegionSpec, options: ComposeOptions = { volumeRules: true, componentFilter: true }): Uint8Array {
  const rules = options.volumeRules ? spec.composition : spec.composition.map(({ moreThanVoxels: _, ...r }) => r);
  const labels = composeRegions(masks, rules);
  if (options.componentFilter && spec.minComponentFraction > 0) removeSmallComponents(labels, dims, { minFraction: spec.minComponentFraction, binary: true });
  return labels;
}
