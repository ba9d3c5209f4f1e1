// Single-organ ("partially labelled") cases: a folder of binary masks, one organ each, over one image. Each mask is
// its own case annotating exactly one label, as in MS-KD's binary-labelled datasets.
import { join } from 'node:path';
import type { CaseRecord } from './caseRecord';
import type { DataProblem } from './dataProblem';
import { listNifti } from './folderManifest';

export interface OrganMasksListing {
  cases: CaseRecord[];
  /** Label id → mask name, for ids the config did not name. */
  labelNames: Record<number, string>;
  problems: DataProblem[];
}

/**
 * Lists masks as cases. Ids come from `organIds` (masks not listed are skipped), else from a label name equal to the
 * mask name (underscores read as spaces), else 1, 2, ... in name order.
 */
export function listOrganMaskCases(masksDir: string, image: string, organIds: Record<string, number> | undefined, labelNames: Record<number, string>, field: string): OrganMasksListing {
  const problems: DataProblem[] = [];
  const masks = listNifti(masksDir, field, problems);
  const byName = new Map(Object.entries(labelNames).map(([id, name]) => [normalise(name), Number(id)]));
  const cases: CaseRecord[] = [];
  const names: Record<number, string> = {};
  let next = 1;
  for (const [stem, file] of masks) {
    let id: number | undefined;
    if (organIds) id = organIds[stem];
    else id = byName.get(normalise(stem)) ?? next++;
    if (id === undefined) continue;
    if (!Number.isInteger(id) || id < 1 || id > 255) {
      problems.push({ caseId: stem, field: `${field}Ids.${stem}`, message: `label id ${id} must be an integer 1-255`, severity: 'error' });
      continue;
    }
    names[id] = stem;
    cases.push({ id: stem, kind: 'labelled', images: [image], label: join(masksDir, file), maskLabel: id, annotates: [id] });
  }
  return { cases, labelNames: names, problems };
}

function normalise(name: string): string {
  return name.toLowerCase().replace(/[_-]+/g, ' ').trim();
}
