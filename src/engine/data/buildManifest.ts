// Turns a DataConfig into a manifest: every case with its files (or phantom), the label names, the channel names and
// the problems found while listing. No volume is read here.
import { isAbsolute, resolve } from 'node:path';
import type { CaseRecord } from './caseRecord';
import type { DataConfig } from './dataConfig';
import type { DataProblem } from './dataProblem';
import { listFolderCases } from './folderManifest';
import { listMsdCases } from './msdManifest';
import { listOrganMaskCases } from './organMasksManifest';
import { DEFAULT_PHANTOM_OPTIONS, phantomLabels } from './phantom';
import type { PhantomOptions } from './phantom';
import { LABEL_REMAP_PRESET_NAMES, LABEL_REMAP_PRESET_SOURCE_NAMES } from './remapLabels';
import type { LabelRemapPreset } from './remapLabels';

export interface Manifest {
  cases: CaseRecord[];
  /** Target label id → name (0 included). */
  labelNames: Record<number, string>;
  /** One name per image channel. */
  channelNames: string[];
  /** What the images are, when the dataset says so (drives 'auto' normalisation). */
  modality?: 'ct' | 'mri' | 'other';
  problems: DataProblem[];
}

const SOURCE_FIELDS = ['synthetic', 'dataset', 'images', 'organs'] as const;

/** Lists the cases `config` describes; relative paths resolve against `baseDir`. */
export function buildManifest(config: DataConfig, baseDir: string): Manifest {
  const abs = (p: string) => (isAbsolute(p) ? p : resolve(baseDir, p));
  const problems: DataProblem[] = [];
  const sources = SOURCE_FIELDS.filter((f) => config[f] !== undefined);
  if (sources.length !== 1) {
    problems.push({ caseId: '', field: 'data', message: sources.length === 0 ? 'name a data source: synthetic, dataset, images (+labels) or organs (+organImage)' : `one data source only, found ${sources.join(' and ')}`, severity: 'error' });
  }
  let cases: CaseRecord[] = [];
  let labelNames: Record<number, string> = {};
  let channelNames: string[] = [];
  let modality: Manifest['modality'];

  const source = sources.length === 1 ? sources[0] : undefined;
  if (source === 'synthetic') {
    const s = config.synthetic!;
    const options: PhantomOptions = {
      ...DEFAULT_PHANTOM_OPTIONS,
      ...(s.size ? { size: s.size } : {}),
      ...(s.spacing ? { spacing: s.spacing } : {}),
      ...(s.organs !== undefined ? { organs: s.organs } : {}),
      ...(s.seed !== undefined ? { seed: s.seed } : {}),
      ...(s.modality ? { modality: s.modality } : {}),
    };
    const labelled = s.cases ?? 16;
    for (let i = 0; i < labelled + (s.unlabeledCases ?? 0); i++) {
      cases.push({ id: `phantom_${String(i).padStart(3, '0')}`, kind: i < labelled ? 'labelled' : 'unlabelled', images: [], phantom: { index: i, options } });
    }
    labelNames = phantomLabels(options.organs);
    channelNames = [options.modality === 'ct' ? 'CT' : 'MRI'];
    modality = options.modality;
  } else if (source === 'dataset') {
    const msd = listMsdCases(abs(config.dataset!), 'data.dataset', config.testAsUnlabeled ?? false);
    cases = msd.cases;
    labelNames = msd.labelNames;
    channelNames = msd.channelNames;
    problems.push(...msd.problems);
    const names = channelNames.join(' ').toLowerCase();
    modality = /\bct\b/.test(names) ? 'ct' : /mri|\bt1|\bt2|flair|adc|dwi/.test(names) ? 'mri' : channelNames.length ? 'other' : undefined;
  } else if (source === 'images') {
    if (config.labels === undefined) problems.push({ caseId: '', field: 'data.labels', message: 'images need a labels folder (or list them as data.unlabeled)', severity: 'error' });
    const listed = listFolderCases(abs(config.images!), config.labels === undefined ? undefined : abs(config.labels), { images: 'data.images', labels: 'data.labels' });
    cases = listed.cases;
    problems.push(...listed.problems);
  } else if (source === 'organs') {
    if (config.organImage === undefined) {
      problems.push({ caseId: '', field: 'data.organImage', message: 'single-organ masks need the image they belong to', severity: 'error' });
    } else {
      const known = { ...presetNames(config.labelRemap), ...numericKeys(config.labelNames ?? {}) };
      // With a preset, mask files named after its source classes (TotalSegmentator's "kidney_left") get their target ids.
      const ids = config.organIds ?? (typeof config.labelRemap === 'string' ? { ...LABEL_REMAP_PRESET_SOURCE_NAMES[config.labelRemap as LabelRemapPreset] } : undefined);
      const listed = listOrganMaskCases(abs(config.organs!), abs(config.organImage), ids, known, 'data.organs');
      cases = listed.cases;
      labelNames = listed.labelNames;
      problems.push(...listed.problems);
    }
  }

  if (config.unlabeled !== undefined) {
    const pool = listFolderCases(abs(config.unlabeled), undefined, { images: 'data.unlabeled', labels: 'data.unlabeled' });
    cases.push(...pool.cases);
    problems.push(...pool.problems);
  }

  // Explicit names win over the preset's, which win over what the files said.
  labelNames = { 0: 'background', ...labelNames, ...presetNames(config.labelRemap), ...numericKeys(config.labelNames ?? {}) };
  if (config.channels !== undefined && channelNames.length === 0) channelNames = Array.from({ length: config.channels }, (_, i) => String(i));
  // Channel files (<case>_0000, _0001, ...) say how many channels a folder dataset has; single 4D files only tell when read.
  const perCase = Math.max(0, ...cases.map((c) => c.images.length));
  if (channelNames.length === 0 && perCase > 1) channelNames = Array.from({ length: perCase }, (_, i) => String(i));
  if (config.channels !== undefined && channelNames.length !== config.channels) {
    problems.push({ caseId: '', field: 'data.channels', message: `is ${config.channels} but the dataset names ${channelNames.length} channels (${channelNames.join(', ')})`, severity: 'error' });
  }
  if (config.annotates) {
    for (const c of cases) if (c.kind === 'labelled' && c.annotates === undefined) c.annotates = [...config.annotates];
  }

  cases = limit(cases, 'labelled', config.maxCases);
  cases = limit(cases, 'unlabelled', config.maxUnlabeled);
  const seen = new Set<string>();
  for (const c of cases) {
    if (seen.has(c.id)) problems.push({ caseId: c.id, field: 'data', message: `case id "${c.id}" appears twice (${c.images[0] ?? 'phantom'}); rename one of the files`, severity: 'error' });
    seen.add(c.id);
  }
  return { cases, labelNames, channelNames, ...(modality ? { modality } : {}), problems };
}

/** Keeps the first `max` cases of one kind (in listing order, which is sorted by name). */
function limit(cases: CaseRecord[], kind: CaseRecord['kind'], max: number | undefined): CaseRecord[] {
  if (max === undefined) return cases;
  let n = 0;
  return cases.filter((c) => c.kind !== kind || n++ < max);
}

function presetNames(remap: DataConfig['labelRemap']): Record<number, string> {
  return typeof remap === 'string' ? { ...(LABEL_REMAP_PRESET_NAMES[remap as LabelRemapPreset] ?? {}) } : {};
}

function numericKeys(names: Record<string, string>): Record<number, string> {
  return Object.fromEntries(Object.entries(names).map(([k, v]) => [Number(k), v]));
}
