// The datasets a workspace uses, read from MSD / nnU-Net `dataset.json` manifests and from the `data` block of
// configs (plain folders, single-organ masks, synthetic phantoms). Folder listing is passed in, so this is pure.
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { NIFTI_PATH } from '../config/configDocument';

export type CasePool = 'labelled' | 'unlabelled' | 'test';

export interface DatasetCase {
  id: string;
  /** Absolute path of the image (the first channel for multi-channel nnU-Net cases). */
  image: string;
  label: string | undefined;
  pool: CasePool;
}

export interface DatasetEntry {
  /** Identity for merging: the same dataset named by two configs is one entry. */
  key: string;
  title: string;
  kind: 'synthetic' | 'manifest' | 'folders' | 'organs';
  /** The dataset.json, the images folder, or the config that asks for phantoms. */
  source: string;
  labelNames: Record<string, string>;
  cases: DatasetCase[];
  /** Configs that name this dataset. */
  usedBy: string[];
  /** One line shown under the title (e.g. how phantoms are generated). */
  note: string | undefined;
  /** Why the dataset could not be read fully. */
  problem: string | undefined;
}

/** File names in a folder ([] when it does not exist). */
export type DirLister = (dir: string) => string[];

/** "la_003_0000.nii.gz" → "la_003": the nnU-Net channel suffix and the NIfTI extension are not part of the id. */
export function caseIdOf(fileName: string): string {
  return fileName.replace(NIFTI_PATH, '').replace(/_\d{4}$/, '');
}

export function parseDatasetJson(text: string, path: string, list: DirLister): DatasetEntry {
  const base = dirname(path);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return emptyEntry(path, 'manifest', titleFromPath(path), 'dataset.json is not valid JSON');
  }
  const d = isObj(raw) ? raw : {};
  const entry = emptyEntry(path, 'manifest', typeof d.name === 'string' ? d.name : titleFromPath(path), undefined);
  entry.labelNames = normaliseLabels(d.labels);
  const abs = (p: string) => resolve(base, p);
  if (Array.isArray(d.training)) {
    // MSD layout: explicit image/label pairs.
    for (const t of d.training) {
      if (!isObj(t) || typeof t.image !== 'string') continue;
      const image = abs(t.image);
      entry.cases.push({ id: caseIdOf(basename(image)), image, label: typeof t.label === 'string' ? abs(t.label) : undefined, pool: 'labelled' });
    }
    if (Array.isArray(d.test)) {
      for (const t of d.test) {
        const p = typeof t === 'string' ? t : isObj(t) && typeof t.image === 'string' ? t.image : undefined;
        if (p !== undefined) entry.cases.push({ id: caseIdOf(basename(p)), image: abs(p), label: undefined, pool: 'test' });
      }
    }
  } else {
    // nnU-Net v2 layout: imagesTr/<case>_0000<ending>, labelsTr/<case><ending>.
    const ending = typeof d.file_ending === 'string' ? d.file_ending : '.nii.gz';
    entry.cases.push(...pairFolder(join(base, 'imagesTr'), join(base, 'labelsTr'), 'labelled', list, ending));
    entry.cases.push(...pairFolder(join(base, 'imagesTs'), undefined, 'test', list, ending));
  }
  const expected = typeof d.numTraining === 'number' ? d.numTraining : undefined;
  const labelled = entry.cases.filter((c) => c.pool === 'labelled').length;
  if (expected !== undefined && expected !== labelled) entry.problem = `numTraining says ${expected}, found ${labelled}`;
  return entry;
}

/** The dataset a config's `data` block names; manifests are read through `readText` (undefined when missing). */
export function datasetFromConfig(data: Record<string, unknown>, configPath: string, list: DirLister, readText: (p: string) => string | undefined): DatasetEntry | undefined {
  const base = dirname(configPath);
  const abs = (p: unknown) => (typeof p === 'string' ? (isAbsolute(p) ? p : resolve(base, p)) : undefined);
  const names = normaliseLabels(data.labelNames);
  let entry: DatasetEntry | undefined;
  const dataset = abs(data.dataset);
  const images = abs(data.images);
  const organs = abs(data.organs);
  if (dataset !== undefined) {
    const manifest = dataset.endsWith('.json') ? dataset : join(dataset, 'dataset.json');
    const text = readText(manifest);
    entry = text === undefined ? emptyEntry(manifest, 'manifest', titleFromPath(manifest), 'dataset.json not found') : parseDatasetJson(text, manifest, list);
  } else if (images !== undefined) {
    entry = emptyEntry(images, 'folders', titleFromPath(images), undefined);
    entry.cases.push(...pairFolder(images, abs(data.labels), 'labelled', list, undefined));
    if (entry.cases.length === 0) entry.problem = `no NIfTI files in ${images}`;
  } else if (organs !== undefined) {
    entry = emptyEntry(organs, 'organs', `${titleFromPath(organs)} (single-organ masks)`, undefined);
    const image = abs(data.organImage);
    for (const f of list(organs).filter((f) => NIFTI_PATH.test(f)).sort()) {
      entry.cases.push({ id: caseIdOf(f), image: image ?? join(organs, f), label: join(organs, f), pool: 'labelled' });
    }
  } else if (isObj(data.synthetic)) {
    const s = data.synthetic;
    const cases = typeof s.cases === 'number' ? s.cases : 16;
    const seed = typeof s.seed === 'number' ? s.seed : 1;
    const size = Array.isArray(s.size) ? s.size.join('×') : '48×48×48';
    entry = emptyEntry(`synthetic:${cases}:${seed}:${size}`, 'synthetic', `Synthetic phantoms (seed ${seed})`, undefined);
    entry.source = configPath;
    entry.note = `${cases} cases of ${size} voxels, generated by the engine`;
  }
  if (!entry) return undefined;
  const unlabeled = abs(data.unlabeled);
  if (unlabeled !== undefined) entry.cases.push(...pairFolder(unlabeled, undefined, 'unlabelled', list, undefined));
  // A config's own label names win: they are what its runs report Dice for.
  if (Object.keys(names).length > 0) entry.labelNames = names;
  entry.usedBy.push(configPath);
  return entry;
}

/** One entry per dataset; the configs naming it are merged. */
export function mergeDatasets(entries: readonly DatasetEntry[]): DatasetEntry[] {
  const byKey = new Map<string, DatasetEntry>();
  for (const e of entries) {
    const prev = byKey.get(e.key);
    if (!prev) {
      byKey.set(e.key, { ...e, cases: [...e.cases], usedBy: [...e.usedBy] });
      continue;
    }
    for (const u of e.usedBy) if (!prev.usedBy.includes(u)) prev.usedBy.push(u);
    const seen = new Set(prev.cases.map((c) => c.image));
    for (const c of e.cases) if (!seen.has(c.image)) prev.cases.push(c);
    if (Object.keys(prev.labelNames).length === 0) prev.labelNames = e.labelNames;
  }
  return [...byKey.values()].sort((a, b) => a.title.localeCompare(b.title));
}

/** Label id → name, from MSD ({"0": "background"}) or nnU-Net v2 ({"background": 0}, regions as arrays). */
export function normaliseLabels(labels: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isObj(labels)) return out;
  for (const [k, v] of Object.entries(labels)) {
    if (typeof v === 'string' && /^\d+$/.test(k)) out[k] = v;
    else if (typeof v === 'number') out[String(v)] = k;
    else if (Array.isArray(v) && v.every((x) => typeof x === 'number')) out[v.join('+')] = k;
  }
  return out;
}

function pairFolder(imagesDir: string, labelsDir: string | undefined, pool: CasePool, list: DirLister, ending: string | undefined): DatasetCase[] {
  const isVolume = (f: string) => (ending !== undefined ? f.endsWith(ending) : NIFTI_PATH.test(f));
  const labels = new Map<string, string>();
  if (labelsDir !== undefined) for (const f of list(labelsDir).filter(isVolume)) labels.set(caseIdOf(f), join(labelsDir, f));
  const seen = new Set<string>();
  const cases: DatasetCase[] = [];
  for (const f of list(imagesDir).filter(isVolume).sort()) {
    const id = caseIdOf(f);
    // Multi-channel cases have one file per channel: the first one stands for the case.
    if (seen.has(id)) continue;
    seen.add(id);
    cases.push({ id, image: join(imagesDir, f), label: labels.get(id), pool });
  }
  return cases;
}

function emptyEntry(key: string, kind: DatasetEntry['kind'], title: string, problem: string | undefined): DatasetEntry {
  return { key, title, kind, source: key, labelNames: {}, cases: [], usedBy: [], note: undefined, problem };
}

function titleFromPath(p: string): string {
  const parts = p.split(/[\\/]/).filter((s) => s !== '');
  const last = parts[parts.length - 1] ?? p;
  return last === 'dataset.json' ? (parts[parts.length - 2] ?? last) : last;
}

function basename(p: string): string {
  return p.split(/[\\/]/).pop() ?? p;
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
