// Builds training batches as pure functions of (seed, stream, batch index): which case each sample uses, where its
// patch sits and how it is augmented all come from generators derived from those numbers. So a batch is the same
// whether it is made here or ahead of time in the data worker, in any order.
import type { Vec3 } from '../io/volume';
import type { AugmentConfig } from './augment';
import { augmentIntensity, drawAugmentation, sourceBox, transformPatch } from './augment';
import type { CaseKind } from './caseRecord';
import type { SamplingConfig } from './dataConfig';
import type { Dataset } from './loadDataset';
import { LruCache } from './lruCache';
import { zscoreChannelsLast } from './normalizeIntensity';
import type { Patch } from './patch';
import type { PreparedCase } from './prepareCase';
import { prepareCase } from './prepareCase';
import type { PreprocessConfig } from './preprocess';
import { Rng, mixSeeds } from './rng';
import { choosePatchStart, extractPatch } from './samplePatch';

/** A batch of patches in the engine's tensor layout. */
export interface Batch {
  /** N·D·H·W·C values, channels last: index (((n·D + z)·H + y)·W + x)·C + c. */
  image: Float32Array;
  /** N·D·H·W label ids (labelled batches only). */
  label?: Uint8Array;
  /** [N, D, H, W, C] = [samples, z, y, x, channels]. */
  shape: [number, number, number, number, number];
  caseIds: string[];
  kind: CaseKind;
  /** Position of this batch in its stream: 0, 1, 2, ... */
  index: number;
  /** Per sample, the label ids its label map annotates (labelled batches): other ids are unknown there, not background. */
  annotated?: number[][];
}

export interface BatchOptions {
  sampling: SamplingConfig;
  preprocess: PreprocessConfig;
  /** Augmentation for both streams; false for none. */
  augment: AugmentConfig | false;
  /** Case ids of the labelled stream; default the dataset's training split. */
  labelled?: string[];
  /** Case ids of the unlabelled stream; default the dataset's unlabelled pool, or the labelled cases (labels dropped) when there is none. */
  unlabelled?: string[];
  /** Preprocessed cases kept in memory (default 64). */
  cacheCases?: number;
}

const STREAM = { labelled: 1, unlabelled: 2 } as const;

export class BatchMaker {
  private readonly ids: Record<CaseKind, string[]>;
  private readonly prepared: LruCache<PreparedCase>;

  constructor(
    private readonly dataset: Dataset,
    private readonly options: BatchOptions,
  ) {
    const labelled = options.labelled ?? dataset.split.train;
    const pool = options.unlabelled ?? dataset.split.unlabelled;
    this.ids = { labelled, unlabelled: pool.length > 0 ? pool : labelled };
    this.prepared = new LruCache<PreparedCase>(options.cacheCases ?? 64, 2 ** 30, (c) => c.image.data.byteLength + (c.label?.data.byteLength ?? 0));
  }

  /** The case of sample `k` of a stream: every case once per epoch, in an order reshuffled each epoch. */
  caseFor(kind: CaseKind, k: number): string {
    const ids = this.ids[kind];
    if (ids.length === 0) throw new Error(`data: the ${kind} stream has no cases (check data.images / data.unlabeled and the validation split)`);
    const epoch = Math.floor(k / ids.length);
    const order = new Rng(mixSeeds(this.options.sampling.seed, STREAM[kind], epoch)).shuffle(ids);
    return order[k % ids.length]!;
  }

  async make(kind: CaseKind, index: number): Promise<Batch> {
    const { batchSize: N, patchSize } = this.options.sampling;
    const [W, H, D] = patchSize;
    const ids = Array.from({ length: N }, (_, j) => this.caseFor(kind, index * N + j));
    const cases = await Promise.all(ids.map((id) => this.prepare(id)));
    const C = cases[0]!.image.channels;
    const voxels = D * H * W;
    const image = new Float32Array(N * voxels * C);
    const label = kind === 'labelled' ? new Uint8Array(N * voxels) : undefined;
    cases.forEach((pc, j) => {
      if (pc.image.channels !== C) throw new Error(`data: case ${pc.id} has ${pc.image.channels} channels, case ${cases[0]!.id} has ${C}`);
      const patch = this.samplePatch(pc, kind, index * N + j);
      image.set(patch.image, j * voxels * C);
      if (label && patch.label) label.set(patch.label, j * voxels);
    });
    return {
      image,
      ...(label ? { label, annotated: cases.map((c) => [...c.annotated]) } : {}),
      shape: [N, D, H, W, C],
      caseIds: ids,
      kind,
      index,
    };
  }

  /** Sample k's patch: foreground-or-uniform placement, spatial augmentation, optional per-patch z-score, intensity augmentation. */
  samplePatch(pc: PreparedCase, kind: CaseKind, k: number): Patch {
    const { patchSize, foregroundFraction, seed } = this.options.sampling;
    const rng = new Rng(mixSeeds(seed, STREAM[kind], k, 0x70a7c4));
    const useLabel = kind === 'labelled' ? pc.label : undefined;
    const foreground = rng.chance(foregroundFraction) && useLabel ? pc.classVoxels : undefined;
    const start = choosePatchStart(pc.image.dims, patchSize, rng, foreground);
    const augment = this.options.augment;
    const params = augment ? drawAugmentation(augment, pc.image.channels, pc.image.spacing, rng) : undefined;
    let patch: Patch;
    const isIdentity = !params || (params.flipOnly && params.matrix.every((v, i) => v === (i % 4 === 0 ? 1 : 0)));
    if (isIdentity) {
      patch = extractPatch(pc.image, useLabel, start, patchSize, pc.fill);
    } else {
      const centre = start.map((s, a) => s + (patchSize[a]! - 1) / 2) as Vec3;
      const box = sourceBox(params.matrix, centre, patchSize);
      const size = box.end.map((e, a) => e - box.start[a]!) as Vec3;
      const region = extractPatch(pc.image, useLabel, box.start, size, pc.fill);
      patch = transformPatch(region, centre.map((c, a) => c - box.start[a]!) as Vec3, patchSize, params, pc.fill);
    }
    if (this.options.preprocess.normalizePerPatch) zscoreChannelsLast(patch.image, patch.channels);
    if (params) augmentIntensity(patch, params, rng);
    return patch;
  }

  /** The preprocessed case (cached). */
  prepare(id: string): Promise<PreparedCase> {
    return this.prepared.getOrLoad(id, async () => prepareCase(await this.dataset.load(id), this.options.preprocess, this.dataset.modality ? { modality: this.dataset.modality } : {}));
  }
}
