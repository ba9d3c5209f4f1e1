// Undoing a PreprocessRecord's spatial steps, so a prediction made on the preprocessed grid lands on the original one.
import type { Volume } from '../io/volume';
import { cropVolume, pasteVolume } from './cropVolume';
import { invertGridMap } from './gridMap';
import type { PreprocessRecord } from './preprocess';
import type { Interpolation } from './resampleVolume';
import { resampleWithMap } from './resampleVolume';

/**
 * Maps `volume` (any channel count: a label map, or per-class probabilities) from the preprocessed grid back to
 * the original grid: padding is cut off, resampling reversed with `mode`, and crops pasted into a volume filled
 * with `fill[c]` per channel (default 0, i.e. background). Intensity steps are skipped: outputs are not intensities.
 */
export function invertPreprocess(volume: Volume, record: PreprocessRecord, mode: Interpolation, fill: number[] = []): Volume {
  let v = volume;
  for (let s = record.steps.length - 1; s >= 0; s--) {
    const step = record.steps[s]!;
    switch (step.op) {
      case 'pad':
        v = cropVolume(v, { start: step.padding.before, end: [0, 1, 2].map((a) => step.padding.before[a]! + step.inDims[a]!) as typeof step.inDims });
        break;
      case 'resample':
        v = resampleWithMap(v, step.inDims, invertGridMap(step.map), mode);
        break;
      case 'crop': {
        const n = step.inDims[0] * step.inDims[1] * step.inDims[2];
        const data = new Float32Array(n * v.channels);
        for (let c = 0; c < v.channels; c++) data.fill(fill[c] ?? 0, c * n, (c + 1) * n);
        const full: Volume = { ...v, data, dims: [...step.inDims] };
        pasteVolume(full, v, step.box.start);
        v = full;
        break;
      }
      case 'intensity':
        break;
    }
  }
  const o = record.original;
  return { ...v, dims: [...o.dims], spacing: [...o.spacing], affine: o.affine.map((r) => [...r]) as Volume['affine'] };
}
