// Whole-case evaluation of trained networks: sliding-window inference on held-out cases, Dice during training (on
// the preprocessed grid, fast), and at the end predictions written on each case's own grid with Dice/NSD/HD95 there.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ExperimentConfig } from '../config/experimentConfig';
import type { RunReport } from '../protocol';
import type { Vec3, Volume } from '../io/volume';
import { volumeLike } from '../io/volume';
import { writeNifti } from '../io/writeNifti';
import { zScoreWindow } from '../inference/zScoreWindow';
import type { WindowNormalizer } from '../inference/zScoreWindow';
import { predictorFor } from '../inference/predictorRecipe';
import { keepLargestComponentPerClass } from '../inference/keepLargestComponentPerClass';
import { invertPreprocess } from '../data/invertPreprocess';
import type { PreprocessedCase } from '../data/preprocess';
import { classMetrics } from '../metrics/classMetrics';
import type { BuiltNetwork } from './buildNetworks';
import type { DataDescription, ExperimentData } from './experimentData';
import type { OutputLabels } from './networkOutputs';
import { predictedLabels } from './networkOutputs';
import { segmentCase } from './segmentCase';
import type { SegmentCaseOptions } from './segmentCase';
import { labelsToRegionMasks } from './regionMasks';
import { dice } from '../metrics/dice';

/** How a run's config asks for whole-volume segmentation (validation and final predictions). */
export function segmentOptionsFor(config: ExperimentConfig): SegmentCaseOptions {
  return { patchSize: config.train.patchSize as Vec3, overlap: config.inference.overlap, batchSize: config.inference.batchSize, tta: config.inference.tta, ...windowNormalizerFor(config.preprocess) };
}

/** Networks trained on per-patch z-scored patches see each window z-scored the same way (Choi; the volume was only clipped). */
export function windowNormalizerFor(preprocess: { normalizePerPatch?: boolean }): { normalizeWindow?: WindowNormalizer } {
  return preprocess.normalizePerPatch ? { normalizeWindow: zScoreWindow() } : {};
}

/** Labels computed on a prepared case's grid, put back on the case's original grid (and post-processed). */
export function labelsToOriginalGrid(labels: Uint8Array, prepared: PreprocessedCase, largestComponent: boolean): Volume {
  const onPrepared = volumeLike(prepared.image, Float32Array.from(labels), 1, 'uint8');
  const back = invertPreprocess(onPrepared, prepared.record, 'nearest', [0]);
  const out = Uint8Array.from(back.data);
  if (largestComponent) keepLargestComponentPerClass(out, back.dims);
  return { ...back, data: Float32Array.from(out), sourceDatatype: 'uint8' };
}

function meanOf(xs: number[]): number {
  return xs.length === 0 ? Number.NaN : xs.reduce((a, b) => a + b, 0) / xs.length;
}

/** What a network's outputs mean: its recipe's mapping, else the dataset's softmax classes. */
export function outputLabelsOf(net: BuiltNetwork): OutputLabels {
  return net.output ?? { activation: net.network.spec.outputActivation };
}

/** The checkpoint meta of one network: the data description with its own outputs. */
export function describeNetwork(data: ExperimentData, net: BuiltNetwork): DataDescription {
  const { labelIds: _l, regions: _r, ...base } = data.describe();
  return { ...base, ...outputLabelsOf(net) };
}

/**
 * Dice over the validation cases (on the preprocessed grid): per foreground class the network predicts and the case
 * annotates ("val/dice/<id>"), or per region for sigmoid networks ("val/dice/<region>", thresholded probabilities
 * against the regions of the labels); plus "val/dice/mean" and "val/<net>/dice/mean".
 */
export async function validateNetwork(net: BuiltNetwork, data: ExperimentData, config: ExperimentConfig): Promise<Record<string, number>> {
  const predict = predictorFor(net.network);
  const output = outputLabelsOf(net);
  const scores = new Map<string, number[]>();
  const add = (key: string, d: number) => scores.set(key, [...(scores.get(key) ?? []), d]);
  const labels = predictedLabels(output, Object.keys(data.labelNames).map(Number));
  for (let i = 0; i < data.validationIds.length; i++) {
    const c = await data.validationCase(i);
    const ref = c.prepared.label;
    if (!ref) continue;
    const seg = await segmentCase(predict, c.prepared.image, net.network.spec.outChannels, output, { ...segmentOptionsFor(config), tta: false });
    if (output.regions && seg.regionMasks) {
      const refMasks = labelsToRegionMasks(ref.data, output.regions.regions);
      output.regions.regions.forEach((r, k) => add(r.name, dice(seg.regionMasks![k]!, refMasks[k]!)));
      continue;
    }
    // Partially labelled cases score only the labels they annotate.
    const scored = labels.filter((l) => c.prepared.annotated.length === 0 || c.prepared.annotated.includes(l));
    for (const r of classMetrics(seg.labels, ref.data, c.prepared.image.dims, { spacing: c.prepared.image.spacing, labels: scored, diceOnly: true })) add(String(r.label), r.dice);
  }
  const out: Record<string, number> = {};
  for (const [k, ds] of scores) out[`val/dice/${k}`] = meanOf(ds);
  out['val/dice/mean'] = meanOf([...scores.values()].map(meanOf));
  out[`val/${net.name}/dice/mean`] = out['val/dice/mean'];
  return out;
}

export interface NetworkEvaluation {
  meanDice: number;
  perClassDice: Record<string, number>;
  perClassNsd: Record<string, number>;
  perClassHd95: Record<string, number | null>;
}

export interface ExperimentEvaluation {
  perNetwork: Record<string, NetworkEvaluation>;
  predictions: NonNullable<RunReport['predictions']>;
}

/**
 * Final evaluation of every network on the validation cases; predictions go to `predDir/<case>/<network>.nii.gz`.
 * Scores are per label id the network predicts (and the case annotates), and per region for sigmoid networks.
 */
export async function evaluateNetworks(networks: Map<string, BuiltNetwork>, data: ExperimentData, config: ExperimentConfig, predDir: string, log: (m: string) => void): Promise<ExperimentEvaluation> {
  const datasetLabels = Object.keys(data.labelNames).map(Number);
  const scores = new Map<string, Map<string, { dice: number[]; nsd: number[]; hd95: number[] }>>();
  const predictions: ExperimentEvaluation['predictions'] = [];
  const nets = [...networks.values()];
  for (let i = 0; i < data.validationIds.length; i++) {
    const c = await data.validationCase(i);
    const dir = join(predDir, c.id);
    mkdirSync(dir, { recursive: true });
    // Synthetic cases have no files: write the image and reference so viewers can overlay the predictions.
    const image = c.original.imagePath ?? join(dir, 'image.nii.gz');
    if (c.original.imagePath === undefined) await writeNifti(image, c.original.image, { datatype: 'float32' });
    let reference = c.original.labelPath;
    if (reference === undefined && c.original.label) {
      reference = join(dir, 'reference.nii.gz');
      await writeNifti(reference, c.original.label, { datatype: 'uint8' });
    }
    const byNetwork: Record<string, string> = {};
    for (const net of nets) {
      const output = outputLabelsOf(net);
      const seg = await segmentCase(predictorFor(net.network), c.prepared.image, net.network.spec.outChannels, output, segmentOptionsFor(config));
      // Regions were already filtered by the component rule; per-class largest components would undo the composition.
      const vol = labelsToOriginalGrid(seg.labels, c.prepared, config.inference.largestComponent && output.activation === 'softmax');
      const path = join(dir, `${net.name}.nii.gz`);
      await writeNifti(path, vol, { datatype: 'uint8' });
      byNetwork[net.name] = path;
      if (c.original.label) {
        const perLabel = scores.get(net.name) ?? new Map<string, { dice: number[]; nsd: number[]; hd95: number[] }>();
        const push = (key: string, d: number, nsd: number, h: number) => {
          const s = perLabel.get(key) ?? { dice: [], nsd: [], hd95: [] };
          s.dice.push(d);
          s.nsd.push(nsd);
          s.hd95.push(h);
          perLabel.set(key, s);
        };
        const annotated = c.prepared.annotated;
        const labels = predictedLabels(output, datasetLabels).filter((l) => annotated.length === 0 || annotated.includes(l));
        for (const r of classMetrics(vol.data, c.original.label.data, vol.dims, { spacing: vol.spacing, labels, toleranceMm: 1 })) push(String(r.label), r.dice, r.nsd ?? Number.NaN, r.hd95 ?? Number.NaN);
        if (output.regions) {
          const predMasks = labelsToRegionMasks(vol.data, output.regions.regions);
          const refMasks = labelsToRegionMasks(c.original.label.data, output.regions.regions);
          output.regions.regions.forEach((r, k) => push(r.name, dice(predMasks[k]!, refMasks[k]!), Number.NaN, Number.NaN));
        }
        scores.set(net.name, perLabel);
      }
    }
    const student = nets.find((n) => n.role === 'student') ?? nets[nets.length - 1]!;
    predictions.push({ caseId: c.id, image, prediction: byNetwork[student.name]!, ...(reference ? { reference } : {}), byNetwork });
    log(`evaluated ${c.id} (${i + 1}/${data.validationIds.length})`);
  }
  const perNetwork: Record<string, NetworkEvaluation> = {};
  for (const [name, perLabel] of scores) {
    const e: NetworkEvaluation = { meanDice: 0, perClassDice: {}, perClassNsd: {}, perClassHd95: {} };
    const regionNames = new Set(networks.get(name)?.output?.regions?.regions.map((r) => r.name) ?? []);
    for (const [l, s] of perLabel) {
      e.perClassDice[l] = meanOf(s.dice);
      if (regionNames.has(l)) continue;
      e.perClassNsd[l] = meanOf(s.nsd);
      const h = meanOf(s.hd95);
      e.perClassHd95[l] = Number.isFinite(h) ? h : null;
    }
    // Region networks are judged on their regions (BraTS reports WT, TC, ET), others on their classes.
    const main = regionNames.size > 0 ? [...regionNames] : Object.keys(e.perClassDice);
    e.meanDice = meanOf(main.map((k) => e.perClassDice[k] ?? Number.NaN));
    perNetwork[name] = e;
  }
  return { perNetwork, predictions };
}
