// Cases from plain folders: images (one file per case, or nnU-Net channel files <case>_0000, <case>_0001, ...) paired
// by name with label maps (<case>.nii.gz, or the image's own file name).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { CaseKind, CaseRecord } from './caseRecord';
import { niftiStem } from './caseRecord';
import type { DataProblem } from './dataProblem';

export interface FolderListing {
  cases: CaseRecord[];
  problems: DataProblem[];
}

/** Lists the NIfTI files of a folder as stem → file name, sorted by stem; a missing folder is a problem naming `field`. */
export function listNifti(dir: string, field: string, problems: DataProblem[]): Map<string, string> {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    problems.push({ caseId: '', field, message: `${dir}: folder not found`, severity: 'error' });
    return new Map();
  }
  const out = new Map<string, string>();
  for (const name of names.sort()) {
    const stem = niftiStem(name);
    if (stem !== undefined && !name.startsWith('.')) out.set(stem, name);
  }
  if (out.size === 0) problems.push({ caseId: '', field, message: `${dir}: no .nii or .nii.gz files`, severity: 'error' });
  return out;
}

/**
 * Groups image stems into cases. Channel suffixes (_0000, _0001, ...) are recognised only when every file has one and
 * each group numbers its channels 0000..n-1 without gaps, so case names like "case_0003" stay cases.
 */
export function groupChannels(stems: string[]): Map<string, string[]> {
  const groups = new Map<string, { channel: number; stem: string }[]>();
  let allSuffixed = stems.length > 0;
  for (const stem of stems) {
    const m = /^(.*)_(\d{4})$/.exec(stem);
    if (!m) {
      allSuffixed = false;
      break;
    }
    const list = groups.get(m[1]!) ?? [];
    list.push({ channel: Number(m[2]), stem });
    groups.set(m[1]!, list);
  }
  const contiguous = allSuffixed && [...groups.values()].every((g) => g.sort((a, b) => a.channel - b.channel).every((c, i) => c.channel === i));
  if (!contiguous) return new Map(stems.map((s) => [s, [s]]));
  return new Map([...groups.entries()].map(([id, g]) => [id, g.map((c) => c.stem)]));
}

/** Cases from an image folder and, optionally, a label folder (unlabelled when `labelsDir` is absent). */
export function listFolderCases(imagesDir: string, labelsDir: string | undefined, fields: { images: string; labels: string }): FolderListing {
  const problems: DataProblem[] = [];
  const images = listNifti(imagesDir, fields.images, problems);
  const cases: CaseRecord[] = [];
  const kind: CaseKind = labelsDir === undefined ? 'unlabelled' : 'labelled';
  const labels = labelsDir === undefined ? new Map<string, string>() : listNifti(labelsDir, fields.labels, problems);
  const used = new Set<string>();
  for (const [id, stems] of groupChannels([...images.keys()])) {
    const files = stems.map((s) => join(imagesDir, images.get(s)!));
    if (labelsDir === undefined) {
      cases.push({ id, kind, images: files });
      continue;
    }
    // The label is named after the case, or carries the single image's exact name (plain pairs, same file names).
    const labelStem = labels.has(id) ? id : stems.length === 1 && labels.has(stems[0]!) ? stems[0]! : undefined;
    if (labelStem === undefined) {
      problems.push({ caseId: id, field: fields.labels, message: `${join(labelsDir, `${id}.nii.gz`)}: no label map for image ${files[0]}`, severity: 'error' });
      continue;
    }
    used.add(labelStem);
    cases.push({ id, kind, images: files, label: join(labelsDir, labels.get(labelStem)!) });
  }
  for (const [stem, name] of labels) {
    if (!used.has(stem)) problems.push({ caseId: stem, field: fields.images, message: `${join(labelsDir!, name)}: label map has no image in ${imagesDir}`, severity: 'warning' });
  }
  return { cases, problems };
}
