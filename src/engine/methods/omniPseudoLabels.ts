// Omni-supervised pseudo-labels (methods.md §3.3): the teacher ensemble's averaged probabilities (sliding window,
// optional flip TTA) label each unlabelled case, written as NIfTI on the case's own grid so the slice viewer can
// overlay them, and read back as training labels. No post-processing, as in paper 3.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Volume } from '../io/volume';
import { encodeNifti } from '../io/writeNifti';
import { writeFileAtomic } from '../runs/atomicWrite';
import type { Predictor } from '../inference/predictor';
import type { PreparedCase } from '../data/prepareCase';
import { labelsToOriginalGrid } from './evaluateNetworks';
import type { OutputLabels } from './networkOutputs';
import { segmentCase } from './segmentCase';
import type { SegmentCaseOptions } from './segmentCase';

/** Folder of a run that holds the pseudo-labels: labels/<case>.nii.gz, images/<case>.nii.gz (cases without files), index.json. */
export const PSEUDO_LABEL_DIR = 'pseudo-labels';

export interface PseudoLabelOptions extends Omit<SegmentCaseOptions, 'compose'> {
  outChannels: number;
  output: OutputLabels;
}

/** One case's pseudo-label on its original grid: argmax of the ensemble (classes) or thresholded, composed regions without the volume rule or component filter. */
export async function pseudoLabelCase(predict: Predictor, prepared: PreparedCase, o: PseudoLabelOptions): Promise<Volume> {
  const { outChannels, output, ...seg } = o;
  const { labels } = await segmentCase(predict, prepared.image, outChannels, output, { ...seg, compose: { volumeRules: false, componentFilter: false } });
  return labelsToOriginalGrid(labels, prepared, false);
}

export interface PseudoLabelSource {
  id: string;
  /** The image file, when the case has one (phantoms do not: their image is written beside the label). */
  imagePath?: string;
  original: Volume;
  prepared: PreparedCase;
}

export interface PseudoLabelEntry {
  caseId: string;
  image: string;
  label: string;
  /** Voxels per label id in the pseudo-label. */
  voxels: Record<string, number>;
}

export function pseudoLabelPath(runDir: string, id: string): string {
  return join(runDir, PSEUDO_LABEL_DIR, 'labels', `${id}.nii.gz`);
}

/**
 * Pseudo-labels `ids` (skipping those whose file exists unless `overwrite`) and writes index.json; returns case id →
 * label file for every id. `load` gives a case ready for inference.
 */
export async function writePseudoLabels(runDir: string, ids: readonly string[], load: (id: string) => Promise<PseudoLabelSource>, predict: Predictor, o: PseudoLabelOptions & { overwrite: boolean; log?: (m: string) => void }): Promise<Map<string, string>> {
  const dir = join(runDir, PSEUDO_LABEL_DIR);
  mkdirSync(join(dir, 'labels'), { recursive: true });
  const out = new Map<string, string>();
  const index: PseudoLabelEntry[] = [];
  let done = 0;
  for (const id of ids) {
    const path = pseudoLabelPath(runDir, id);
    out.set(id, path);
    if (!o.overwrite && existsSync(path)) continue;
    const c = await load(id);
    const vol = await pseudoLabelCase(predict, c.prepared, o);
    let image = c.imagePath;
    if (image === undefined) {
      image = join(dir, 'images', `${id}.nii.gz`);
      mkdirSync(join(dir, 'images'), { recursive: true });
      await writeFileAtomic(image, encodeNifti(c.original, image, { datatype: 'float32' }));
    }
    await writeFileAtomic(path, encodeNifti({ ...vol, sourceDatatype: 'uint8' }, path, { datatype: 'uint8' }));
    const voxels: Record<string, number> = {};
    for (const v of vol.data) voxels[String(v)] = (voxels[String(v)] ?? 0) + 1;
    index.push({ caseId: id, image, label: path, voxels });
    if (++done % 10 === 0) o.log?.(`pseudo-labelled ${done} case(s)`);
  }
  if (index.length > 0) await writeFileAtomic(join(dir, 'index.json'), JSON.stringify(index, null, 1));
  o.log?.(`pseudo-labels: ${done} written, ${ids.length - done} kept, in ${dir}`);
  return out;
}
