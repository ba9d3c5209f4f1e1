// Choi's two-stage inference with trained checkpoints: coarse mask → ROI box (×margin, mm fallback) → fine labels on
// the full-resolution crop → pasted into the input grid → largest component per class; written with the input's affine.
import { mkdirSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { readNifti } from '../io/readNifti';
import { writeNifti } from '../io/writeNifti';
import { volumeLike } from '../io/volume';
import { niftiStem } from '../data/caseRecord';
import { cascadeInference } from '../inference/cascadeInference';
import { keepLargestComponentPerClass } from '../inference/keepLargestComponentPerClass';
import { CASCADE_DEFAULTS } from './cascadeOptions';
import { coarseStageMask, fineStageLabels, loadCascadeStage } from './cascadeStage';
import type { CascadeStage } from './cascadeStage';
import { listInputs } from './inferWithCheckpoint';
import type { InferOptions } from './inferWithCheckpoint';

export interface CascadeInferOptions extends Omit<InferOptions, 'tta'> {
  /** Override the ROI margin the fine checkpoint was trained with. */
  roiMargin?: number;
}

export async function cascadeInferWithCheckpoints(coarseCheckpoint: string, fineCheckpoint: string, input: string, output: string, o: CascadeInferOptions = {}): Promise<string[]> {
  const stages: CascadeStage[] = [];
  try {
    const coarse = await loadCascadeStage(coarseCheckpoint);
    stages.push(coarse);
    const fine = await loadCascadeStage(fineCheckpoint);
    stages.push(fine);
    const dc = coarse.description;
    const df = fine.description;
    if (dc.numClasses !== df.numClasses || dc.channels !== df.channels) {
      throw new Error(`${fineCheckpoint}: ${df.channels} channel(s) → ${df.numClasses} classes, the coarse stage has ${dc.channels} → ${dc.numClasses}`);
    }
    // The fine stage was trained on ROIs cut with these settings; inference cuts them the same way.
    const margin = o.roiMargin ?? df.cascade?.roiMargin ?? CASCADE_DEFAULTS.roiMargin;
    const fallbackMm = df.cascade?.roiFallbackMm ?? CASCADE_DEFAULTS.roiFallbackMm;
    const stageOptions = { overlap: o.overlap ?? 0.5, batchSize: o.batchSize ?? 1, ...(o.signal ? { signal: o.signal } : {}) };

    const files = listInputs(input);
    const folderOut = files.length > 1 || statSync(input).isDirectory();
    mkdirSync(folderOut ? output : dirname(output), { recursive: true });
    const written: string[] = [];
    for (const [i, file] of files.entries()) {
      const progress = (part: number, what: string) => (f: number) => o.onProgress?.((i + (part + f) / 2) / files.length, `${basename(file)} ${what} ${(f * 100).toFixed(0)}%`);
      const image = await readNifti(file);
      const result = await cascadeInference(
        image,
        {
          coarse: (img) => coarseStageMask(coarse, img, true, { ...stageOptions, onProgress: progress(0, 'coarse') }),
          fine: (roi) => fineStageLabels(fine, roi, { ...stageOptions, onProgress: progress(1, 'fine') }),
        },
        { margin, fallbackMm },
      );
      if (o.largestComponent ?? true) keepLargestComponentPerClass(result.labels, image.dims);
      const out = folderOut ? join(output, `${niftiStem(basename(file))}.nii.gz`) : output;
      await writeNifti(out, volumeLike(image, Float32Array.from(result.labels), 1, 'uint8'), { datatype: 'uint8' });
      written.push(out);
    }
    return written;
  } finally {
    for (const s of stages) s.network.dispose();
  }
}
