// The data layer's entry point: a DataConfig becomes a Dataset (manifest + split) at once; volumes load on demand
// through a small cache. check() reads every case and reports all problems, per case, without stopping.
import { readNifti } from '../io/readNifti';
import { buildManifest } from './buildManifest';
import type { Manifest } from './buildManifest';
import type { CaseRecord } from './caseRecord';
import type { DataConfig } from './dataConfig';
import type { DataProblem } from './dataProblem';
import { formatProblem } from './dataProblem';
import type { LoadedCase, VolumeReader } from './loadCase';
import { loadCase } from './loadCase';
import { LruCache } from './lruCache';
import type { LabelRemap } from './remapLabels';
import { resolveLabelRemap } from './remapLabels';
import { splitCases } from './splitCases';

export interface LoadDatasetOptions {
  /** Folder that relative paths in the config are resolved against (the config file's folder); default: the working directory. */
  baseDir?: string;
  /** Volume reader; default readNifti. Tests pass fakes. */
  read?: VolumeReader;
  /** Loaded cases kept in memory (default 8). */
  cacheCases?: number;
  /** Byte budget of that cache (default 512 MiB). */
  cacheBytes?: number;
}

/** Case ids by role. Unlabelled cases never enter the split. */
export interface DatasetSplit {
  train: string[];
  validation: string[];
  unlabelled: string[];
}

export class Dataset {
  readonly cases: readonly CaseRecord[];
  /** Label id → name, 0 included. */
  readonly labelNames: Readonly<Record<number, string>>;
  readonly channelNames: readonly string[];
  readonly modality: Manifest['modality'];
  readonly split: DatasetSplit;
  /** Problems found while listing and splitting (check() adds the per-case ones). */
  readonly problems: readonly DataProblem[];
  private readonly byId: Map<string, CaseRecord>;
  private readonly cache: LruCache<LoadedCase>;

  constructor(
    manifest: Manifest,
    split: DatasetSplit,
    problems: DataProblem[],
    private readonly remap: LabelRemap | undefined,
    private readonly read: VolumeReader,
    cacheCases: number,
    cacheBytes: number,
  ) {
    this.cases = manifest.cases;
    this.labelNames = manifest.labelNames;
    this.channelNames = manifest.channelNames;
    this.modality = manifest.modality;
    this.split = split;
    this.problems = problems;
    this.byId = new Map(manifest.cases.map((c) => [c.id, c]));
    this.cache = new LruCache<LoadedCase>(cacheCases, cacheBytes, (c) => c.image.data.byteLength + (c.label?.data.byteLength ?? 0));
  }

  /** Foreground label ids (sorted). */
  get labelIds(): number[] {
    return Object.keys(this.labelNames).map(Number).filter((l) => l > 0).sort((a, b) => a - b);
  }

  /** The record of a case; throws for unknown ids. */
  caseById(id: string): CaseRecord {
    const c = this.byId.get(id);
    if (!c) throw new Error(`dataset: no case "${id}"`);
    return c;
  }

  /** Loads a case (cached); throws one line naming the case, the field and the file when it cannot be used. */
  async load(id: string): Promise<LoadedCase> {
    return this.cache.getOrLoad(id, async () => {
      const { loaded, problems } = await this.loadRecord(this.caseById(id));
      if (!loaded) throw new Error(problems.filter((p) => p.severity === 'error').map(formatProblem).join('; '));
      return loaded;
    });
  }

  /** Reads every case (or those given) and returns all problems, dataset-wide ones first; never throws for bad data. */
  async check(ids: readonly string[] = this.cases.map((c) => c.id), onProgress?: (done: number, total: number) => void): Promise<DataProblem[]> {
    const out: DataProblem[] = [...this.problems];
    let done = 0;
    for (const id of ids) {
      const { problems } = await this.loadRecord(this.caseById(id));
      out.push(...problems);
      onProgress?.(++done, ids.length);
    }
    return out;
  }

  private loadRecord(record: CaseRecord) {
    return loadCase(record, { read: this.read, ...(this.channelNames.length ? { channels: this.channelNames.length } : {}), ...(this.remap ? { remap: this.remap } : {}), labelIds: this.labelIds });
  }
}

/** Plain label folders say nothing about their classes: without names or a remap, loadDataset reads them from the maps. */
export function scansLabelMaps(config: DataConfig): boolean {
  return config.images !== undefined && config.labelNames === undefined && config.labelRemap === undefined;
}

/** Every non-zero value of the labelled cases' label maps, sorted; a map that does not read is left to loading to report. */
async function scanLabelIds(cases: readonly CaseRecord[], read: VolumeReader): Promise<number[]> {
  const ids = new Set<number>();
  for (const c of cases) {
    if (c.kind !== 'labelled' || c.label === undefined) continue;
    let data: ArrayLike<number>;
    try {
      data = (await read(c.label)).data;
    } catch {
      continue;
    }
    for (let i = 0; i < data.length; i++) {
      const v = data[i]!;
      if (Number.isInteger(v) && v > 0 && v < 256) ids.add(v);
    }
  }
  return [...ids].sort((a, b) => a - b);
}

/**
 * Builds the manifest and split of `config`, reading no image (and label maps only when scansLabelMaps(config)).
 * Problems (missing folders, unpaired files, bad dataset.json) are collected in `dataset.problems`; an unusable config
 * still throws one line listing them.
 */
export async function loadDataset(config: DataConfig, options: LoadDatasetOptions = {}): Promise<Dataset> {
  const manifest = buildManifest(config, options.baseDir ?? process.cwd());
  const problems = [...manifest.problems];
  let remap: LabelRemap | undefined;
  if (config.labelRemap !== undefined) {
    try {
      remap = resolveLabelRemap(config.labelRemap);
    } catch (err) {
      problems.push({ caseId: '', field: 'data.labelRemap', message: err instanceof Error ? err.message : String(err), severity: 'error' });
    }
  }
  const read = options.read ?? ((p: string) => readNifti(p));
  if (scansLabelMaps(config)) {
    for (const id of await scanLabelIds(manifest.cases, read)) manifest.labelNames[id] ??= `label ${id}`;
  }
  const labelled = manifest.cases.filter((c) => c.kind === 'labelled').map((c) => c.id);
  const split = splitCases(labelled, config.validation);
  problems.push(...split.problems);
  const fatal = problems.filter((p) => p.severity === 'error' && p.caseId === '');
  if (fatal.length > 0) throw new Error(fatal.map(formatProblem).join('; '));
  // Cases with listing errors (e.g. an image without a label) stay out of every role.
  const broken = new Set(problems.filter((p) => p.severity === 'error' && p.caseId !== '').map((p) => p.caseId));
  const usable = (id: string) => !broken.has(id);
  const unlabelled = manifest.cases.filter((c) => c.kind === 'unlabelled').map((c) => c.id);
  return new Dataset(
    manifest,
    { train: split.train.filter(usable), validation: split.validation.filter(usable), unlabelled: unlabelled.filter(usable) },
    problems,
    remap,
    read,
    options.cacheCases ?? 8,
    options.cacheBytes ?? 512 * 2 ** 20,
  );
}
