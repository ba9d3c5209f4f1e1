// report.png for a finished run: loss and validation-Dice curves from metrics.jsonl, and the middle axial slice of
// the first held-out case with reference, teacher and student labels.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunReport } from '../protocol';
import type { RunHandle } from '../runs/runStore';
import { readMetrics } from '../runs/runStore';
import { readNifti } from '../io/readNifti';
import type { Volume } from '../io/volume';
import { reportPicture } from '../report/reportPicture';
import type { CurveSeries, OverlayPanel } from '../report/reportPicture';

/** Axial slice z of channel 0, rows top to bottom = y descending (anterior up for RAS-ish grids). */
export function axialSlice(v: Volume, z: number): { image: Float32Array; width: number; height: number } {
  const [nx, ny] = v.dims;
  const image = new Float32Array(nx * ny);
  for (let y = 0; y < ny; y++) for (let x = 0; x < nx; x++) image[(ny - 1 - y) * nx + x] = v.data[x + nx * (y + ny * z)]!;
  return { image, width: nx, height: ny };
}

function seriesFrom(run: RunHandle, kind: 'train' | 'eval', keep: (k: string) => boolean): CurveSeries[] {
  const by = new Map<string, [number, number][]>();
  for (const m of readMetrics(run)) {
    if (m.kind !== kind) continue;
    for (const [k, v] of Object.entries(m.values)) if (keep(k)) by.set(k, [...(by.get(k) ?? []), [m.step, v]]);
  }
  return [...by].map(([name, points]) => ({ name, points }));
}

export async function writeRunPictures(run: RunHandle, report: RunReport): Promise<string> {
  const losses = seriesFrom(run, 'train', (k) => k === 'loss' || k === 'loss/kd' || /^loss\/[^/]+\/dice$/.test(k));
  const dice = seriesFrom(run, 'eval', (k) => /^val\/[^/]+\/dice\/mean$/.test(k));
  const panels: OverlayPanel[] = [];
  const first = report.predictions?.[0];
  if (first) {
    const image = await readNifti(first.image);
    const ref = first.reference ? await readNifti(first.reference) : undefined;
    // The slice through the most reference foreground, so the overlay shows something.
    let z = Math.floor(image.dims[2] / 2);
    if (ref) {
      const [nx, ny, nz] = ref.dims;
      let best = -1;
      for (let k = 0; k < nz; k++) {
        let n = 0;
        for (let i = k * nx * ny; i < (k + 1) * nx * ny; i++) if (ref.data[i]! > 0) n++;
        if (n > best) [best, z] = [n, k];
      }
    }
    const base = axialSlice(image, z);
    panels.push({ title: `${first.caseId} z=${z}`, ...base });
    const toLabels = (v: Volume) => Uint8Array.from(axialSlice(v, z).image);
    if (ref) panels.push({ title: 'reference', ...base, labels: toLabels(ref) });
    for (const [name, path] of Object.entries(first.byNetwork ?? { prediction: first.prediction })) {
      const dice = report.networks[name]?.valDice;
      panels.push({ title: `${name}${dice !== undefined ? ` dice ${dice.toFixed(3)}` : ''}`, ...base, labels: toLabels(await readNifti(path)) });
    }
  }
  const png = reportPicture(`${report.name}: ${report.method}, ${report.steps} steps, ${report.backend}`, losses, dice, panels);
  const path = join(run.dir, 'report.png');
  writeFileSync(path, png);
  return path;
}
