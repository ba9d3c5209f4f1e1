// The train/validation split of labelled cases: explicit ids, a count, or a fraction, chosen by a seeded shuffle of
// the sorted ids, so the same ids and seed always give the same split whatever order the files were listed in.
import type { ValidationSplitConfig } from './dataConfig';
import type { DataProblem } from './dataProblem';
import { Rng } from './rng';

export interface CaseSplit {
  /** Sorted. */
  train: string[];
  /** Sorted. */
  validation: string[];
  problems: DataProblem[];
}

export function splitCases(ids: readonly string[], config: ValidationSplitConfig = {}): CaseSplit {
  const sorted = [...ids].sort();
  const problems: DataProblem[] = [];
  let validation: string[];
  if (config.cases !== undefined) {
    const known = new Set(sorted);
    for (const id of config.cases) {
      if (!known.has(id)) problems.push({ caseId: id, field: 'data.validation.cases', message: `"${id}" is not a labelled case of this dataset`, severity: 'error' });
    }
    validation = config.cases.filter((id) => known.has(id));
  } else {
    let n = 0;
    if (config.count !== undefined) n = config.count;
    else if (config.fraction !== undefined) n = Math.round(config.fraction * sorted.length);
    const field = config.count !== undefined ? 'data.validation.count' : 'data.validation.fraction';
    if (!Number.isInteger(n) || n < 0) {
      problems.push({ caseId: '', field, message: `must give a whole, non-negative number of cases, got ${n}`, severity: 'error' });
      n = 0;
    } else if (n > 0 && n >= sorted.length) {
      problems.push({ caseId: '', field, message: `holds out ${n} of ${sorted.length} labelled cases; at least one must remain for training`, severity: 'error' });
      n = Math.max(0, sorted.length - 1);
    }
    validation = new Rng(config.seed ?? 0).shuffle(sorted).slice(0, n);
  }
  const held = new Set(validation);
  return { train: sorted.filter((id) => !held.has(id)), validation: [...held].sort(), problems };
}
