// One case of a dataset manifest: where its image channels and label map live (or which phantom it is), and which
// labels it annotates. Manifests hold only these; volumes load on demand.
import type { PhantomOptions } from './phantom';

export type CaseKind = 'labelled' | 'unlabelled';

export interface CaseRecord {
  /** Unique within the dataset: the file name without extension and channel suffix, or the organ mask's name. */
  id: string;
  kind: CaseKind;
  /** Image files: one per channel in order, or one 4D file holding every channel. Empty for phantoms. */
  images: string[];
  /** The label map file (labelled cases only). */
  label?: string;
  /** A phantom to generate instead of files. */
  phantom?: { index: number; options: PhantomOptions };
  /** Target label ids this case's label map annotates; absent means every label of the dataset. */
  annotates?: number[];
  /** Single-organ masks: every non-zero voxel becomes this id (no other remapping applies). */
  maskLabel?: number;
}

export const NIFTI_EXTENSIONS = ['.nii.gz', '.nii'] as const;

/** The file name without .nii/.nii.gz, or undefined for other files. */
export function niftiStem(fileName: string): string | undefined {
  const lower = fileName.toLowerCase();
  for (const ext of NIFTI_EXTENSIONS) if (lower.endsWith(ext)) return fileName.slice(0, -ext.length);
  return undefined;
}
