// Cases from a Medical Segmentation Decathlon / nnU-Net dataset folder: dataset.json (MSD: training [{image, label}],
// test, labels id → name, modality; nnU-Net v2: channel_names, labels name → id, no lists) plus imagesTr/labelsTr/imagesTs.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { CaseRecord } from './caseRecord';
import { niftiStem } from './caseRecord';
import type { DataProblem } from './dataProblem';
import { listFolderCases } from './folderManifest';

export interface MsdListing {
  /** The folder holding dataset.json. */
  root: string;
  cases: CaseRecord[];
  labelNames: Record<number, string>;
  channelNames: string[];
  problems: DataProblem[];
}

/** Reads dataset.json at `path` (the file, or the folder holding it) and lists its cases; `field` names the config field in problems. */
export function listMsdCases(path: string, field: string, testAsUnlabeled: boolean): MsdListing {
  const jsonPath = isDirectory(path) ? join(path, 'dataset.json') : path;
  const root = dirname(jsonPath);
  const out: MsdListing = { root, cases: [], labelNames: {}, channelNames: [], problems: [] };
  const problem = (message: string, caseId = '', severity: DataProblem['severity'] = 'error') => out.problems.push({ caseId, field, message, severity });
  let json: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(readFileSync(jsonPath, 'utf8'));
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not a JSON object');
    json = parsed as Record<string, unknown>;
  } catch (err) {
    problem(`${jsonPath}: ${existsSync(jsonPath) ? `not a valid dataset.json (${err instanceof Error ? err.message : String(err)})` : 'file not found'}`);
    return out;
  }

  // Channels: MSD "modality" or nnU-Net v2 "channel_names", both {"0": "CT", ...}.
  const channels = (json['channel_names'] ?? json['modality']) as unknown;
  if (isRecord(channels)) {
    out.channelNames = Object.keys(channels).sort((a, b) => Number(a) - Number(b)).map((k) => String(channels[k]));
  }

  // Labels: MSD {"0": "background"} or nnU-Net v2 {"background": 0}; v2 region lists are not supported.
  const labels = json['labels'];
  if (isRecord(labels)) {
    for (const [k, v] of Object.entries(labels)) {
      if (/^\d+$/.test(k) && typeof v === 'string') out.labelNames[Number(k)] = v;
      else if (typeof v === 'number' && Number.isInteger(v)) out.labelNames[v] = k;
      else problem(`${jsonPath}: labels."${k}" must be an id → name or name → id pair (region lists are not supported)`);
    }
  } else {
    problem(`${jsonPath}: labels is missing (label names default to their ids)`, '', 'warning');
  }

  const nChannels = Math.max(1, out.channelNames.length);
  const training = json['training'];
  if (Array.isArray(training)) {
    training.forEach((entry: unknown, i) => {
      const where = `${jsonPath}: training[${i}]`;
      const image = isRecord(entry) ? imageField(entry['image']) : undefined;
      if (!isRecord(entry) || image === undefined || typeof entry['label'] !== 'string') {
        problem(`${where} needs "image" (a path, or one path per channel) and "label" paths`);
        return;
      }
      const images = resolveImages(root, image, nChannels);
      const id = caseIdOf(image);
      const label = resolve(root, entry['label']);
      if (!images) problem(`${where}: image ${[image].flat().map((f) => resolve(root, f)).join(', ')} not found${typeof image === 'string' ? ` (nor as ${id}_0000 channel files)` : ''}`, id);
      else if (!existsSync(label)) problem(`${where}: label ${label} not found`, id);
      else out.cases.push({ id, kind: 'labelled', images, label });
    });
  } else {
    // nnU-Net v2 lists nothing: the folders are the manifest.
    const listed = listFolderCases(join(root, 'imagesTr'), join(root, 'labelsTr'), { images: field, labels: field });
    out.cases.push(...listed.cases);
    out.problems.push(...listed.problems);
  }

  if (testAsUnlabeled) {
    const test = json['test'];
    if (Array.isArray(test)) {
      test.forEach((entry: unknown, i) => {
        const rel = imageField(entry) ?? (isRecord(entry) ? imageField(entry['image']) : undefined);
        if (rel === undefined) return problem(`${jsonPath}: test[${i}] must be an image path (or one path per channel)`);
        const images = resolveImages(root, rel, nChannels);
        if (!images) problem(`${jsonPath}: test[${i}]: image ${[rel].flat().map((f) => resolve(root, f)).join(', ')} not found`, caseIdOf(rel));
        else out.cases.push({ id: caseIdOf(rel), kind: 'unlabelled', images });
      });
    } else if (existsSync(join(root, 'imagesTs'))) {
      const listed = listFolderCases(join(root, 'imagesTs'), undefined, { images: field, labels: field });
      out.cases.push(...listed.cases);
      out.problems.push(...listed.problems);
    }
  }
  return out;
}

/** An entry's image: one path, or a list of per-channel paths (channels named freely, e.g. t1n, t1c, t2w, t2f). */
function imageField(v: unknown): string | string[] | undefined {
  if (typeof v === 'string') return v;
  if (Array.isArray(v) && v.length > 0 && v.every((f) => typeof f === 'string')) return v as string[];
  return undefined;
}

/** Listed channel files (all must exist); or the listed file when it exists (possibly 4D), else nnU-Net v1's <case>_0000.. channel files. */
function resolveImages(root: string, rel: string | string[], channels: number): string[] | undefined {
  if (Array.isArray(rel)) {
    const files = rel.map((f) => resolve(root, f));
    return files.every((f) => existsSync(f)) ? files : undefined;
  }
  const direct = resolve(root, rel);
  if (existsSync(direct)) return [direct];
  const stem = niftiStem(direct);
  if (stem === undefined) return undefined;
  const ext = direct.slice(stem.length);
  const files = Array.from({ length: channels }, (_, c) => `${stem}_${String(c).padStart(4, '0')}${ext}`);
  return files.every((f) => existsSync(f)) ? files : undefined;
}

/** A per-channel list is named after the folder holding its first file (channel files rarely carry the case name). */
function caseIdOf(rel: string | string[]): string {
  if (Array.isArray(rel)) return basename(dirname(resolve(rel[0]!)));
  const name = rel.split(/[\\/]/).pop() ?? rel;
  return niftiStem(name) ?? name;
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
