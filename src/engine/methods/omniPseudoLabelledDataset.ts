// The experiment's dataset with its unlabelled cases turned labelled by pseudo-label files: the student's stream
// draws uniformly from real and pseudo-labelled training cases (paper 3 mixes them without weighting).
import type { Volume } from '../io/volume';
import { readNifti } from '../io/readNifti';
import { Dataset } from '../data/loadDataset';
import type { LoadedCase } from '../data/loadCase';

export class PseudoLabelledDataset extends Dataset {
  /** `labels`: case id → pseudo-label file on the case's grid, in the dataset's label ids (no remapping applies). */
  constructor(
    private readonly base: Dataset,
    private readonly labels: ReadonlyMap<string, string>,
    private readonly readLabel: (path: string) => Promise<Volume> = (p) => readNifti(p),
  ) {
    super(
      {
        cases: base.cases.map((c) => (labels.has(c.id) ? { ...c, kind: 'labelled' as const, label: labels.get(c.id)! } : c)),
        labelNames: { ...base.labelNames },
        channelNames: [...base.channelNames],
        ...(base.modality ? { modality: base.modality } : {}),
        problems: [],
      },
      { train: [...base.split.train, ...labels.keys()], validation: [...base.split.validation], unlabelled: [] },
      [],
      undefined,
      readLabel,
      1,
      0,
    );
  }

  override async load(id: string): Promise<LoadedCase> {
    const loaded = await this.base.load(id);
    const path = this.labels.get(id);
    if (path === undefined) return loaded;
    const label = await this.readLabel(path);
    if (label.dims.some((d, a) => d !== loaded.image.dims[a])) throw new Error(`${path}: pseudo-label grid ${label.dims.join('×')} differs from case ${id}'s ${loaded.image.dims.join('×')}`);
    const present = [...new Set(label.data)].filter((l) => l > 0).sort((a, b) => a - b);
    const annotated = this.base.labelIds;
    return { ...loaded, kind: 'labelled', label: { ...label, channels: 1 }, annotated, present, absent: annotated.filter((l) => !present.includes(l)) };
  }
}
