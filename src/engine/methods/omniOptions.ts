// The omniKD section with its defaults, and the brain-tumour region spec it describes (absent: softmax classes).
import type { ExperimentConfig } from '../config/experimentConfig';
import { omniKdOptionsSchema } from '../config/omniKdOptionsSchema';
import type { OmniKdOptions } from '../config/omniKdOptionsSchema';
import type { RegionSpec } from './regionSpec';
import { regionPreset, validateRegionSpec } from './regionSpec';

export function omniOptionsOf(config: ExperimentConfig): OmniKdOptions {
  return omniKdOptionsSchema.parse(config.omniKD ?? {});
}

/** The region spec of brain-tumour mode, checked against the data's label ids; undefined in softmax mode. */
export function omniRegionSpec(config: ExperimentConfig, labelIds: readonly number[]): RegionSpec | undefined {
  const o = omniOptionsOf(config);
  if (o.regions === undefined) return undefined;
  const preset = typeof o.regions === 'string' ? regionPreset(o.regions) : undefined;
  const composition = o.composition ?? preset?.composition;
  if (composition === undefined) throw new Error('omniKD.composition: listed regions need composition rules (which label each region paints)');
  const spec: RegionSpec = { regions: preset?.regions ?? (o.regions as RegionSpec['regions']), composition, threshold: o.threshold, minComponentFraction: o.minComponentFraction };
  validateRegionSpec(spec, labelIds);
  return spec;
}
