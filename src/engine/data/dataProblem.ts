// A problem found while listing or loading a dataset. Loading collects these per case instead of stopping at the first.

export interface DataProblem {
  /** The case concerned; '' for the dataset as a whole. */
  caseId: string;
  /** What is wrong: a config field ("data.labels"), or a case part ("image", "label", "channels", "affine"). */
  field: string;
  /** One line, naming the file when there is one. */
  message: string;
  /** 'error': the case (or dataset) cannot be used; 'warning': usable, but check it. */
  severity: 'error' | 'warning';
}

/** "caseId: field: message" (or "field: message" for dataset-wide problems). */
export function formatProblem(p: DataProblem): string {
  return `${p.caseId ? `${p.caseId}: ` : ''}${p.field}: ${p.message}`;
}
