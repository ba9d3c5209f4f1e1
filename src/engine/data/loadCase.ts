// Reads one case: its image channels (several files or one 4D file) stacked into one Volume, and its label map
// remapped to the dataset's ids. Checks grids and label values and returns every problem instead of stopping at one.
import type { Volume } from '../io/volume';
import { voxelCount } from '../io/volume';
import { sameGrid } from '../io/sameGrid';
import type { CaseKind, CaseRecord } from './caseRecord';
import type { DataProblem } from './dataProblem';
import { generatePhantom } from './phantom';
import type { LabelRemap } from './remapLabels';
import { remapLabels } from './remapLabels';

/** Reads a volume file; throws a one-line "<file>: <reason>" error. */
export type VolumeReader = (path: string) => Promise<Volume>;

export interface LoadedCase {
  id: string;
  kind: CaseKind;
  /** Every channel, stacked (planar, as in Volume). */
  image: Volume;
  /** Integer label ids 0-255 on the image's grid (labelled cases). */
  label?: Volume;
  /** Label ids this case annotates (foreground only). */
  annotated: number[];
  /** Foreground ids with at least one voxel. */
  present: number[];
  /** Annotated ids with no voxel: the organ is outside this field of view, not unannotated. */
  absent: number[];
}

export interface LoadCaseContext {
  read: VolumeReader;
  /** Expected channel count, when the dataset knows it. */
  channels?: number;
  remap?: LabelRemap;
  /** Foreground ids the dataset defines; annotated defaults to these. */
  labelIds?: number[];
}

// Grid comparison tolerance in mm: float rounding across tools, not real misalignment.
const AFFINE_TOL = 1e-3;

export async function loadCase(record: CaseRecord, ctx: LoadCaseContext): Promise<{ loaded?: LoadedCase; problems: DataProblem[] }> {
  const problems: DataProblem[] = [];
  const problem = (field: string, message: string, severity: DataProblem['severity'] = 'error') => problems.push({ caseId: record.id, field, message, severity });

  let image: Volume | undefined;
  let label: Volume | undefined;
  if (record.phantom) {
    const p = generatePhantom(record.phantom.index, record.phantom.options);
    image = p.image;
    if (record.kind === 'labelled') label = p.label;
  } else {
    const read = async (path: string, field: string) => {
      try {
        return await ctx.read(path);
      } catch (err) {
        problem(field, err instanceof Error ? err.message : String(err));
        return undefined;
      }
    };
    const parts = await Promise.all(record.images.map((f) => read(f, 'image')));
    if (record.kind === 'labelled' && record.label) label = await read(record.label, 'label');
    if (parts.some((p) => p === undefined)) return { problems };
    image = stackChannels(parts as Volume[], record, problem);
    if (!image) return { problems };
  }

  if (ctx.channels !== undefined && image.channels !== ctx.channels) {
    problem('channels', `${record.images.join(', ') || 'phantom'}: has ${image.channels} channel(s), the dataset has ${ctx.channels}`);
  }

  let annotated: number[] = [];
  let present: number[] = [];
  if (label) {
    const file = record.label ?? 'phantom label';
    if (label.channels !== 1) problem('label', `${file}: has ${label.channels} channels; a label map has one`);
    const grid = sameGrid(image, label, AFFINE_TOL);
    if (label.dims.some((d, a) => d !== image!.dims[a])) {
      problem('label', `${file}: grid ${label.dims.join('×')} differs from the image's ${image.dims.join('×')}`);
    } else if (!grid.same) {
      problem('affine', `${file}: label affine differs from the image's (${grid.differences.join('; ')})`, 'warning');
    }
    const values = checkLabelValues(label.data, file, problem);
    if (values) {
      const data = record.maskLabel !== undefined ? maskToLabel(label.data, record.maskLabel) : ctx.remap ? remapLabels(label.data, ctx.remap) : values;
      label = { ...label, data, channels: 1, sourceDatatype: 'uint8' };
      present = presentLabels(data);
      const big = present.find((l) => l > 255);
      if (big !== undefined) problem('label', `${file}: label id ${big} exceeds 255; map it to a smaller id with data.labelRemap`);
      if (ctx.remap === undefined && record.maskLabel === undefined && ctx.labelIds && ctx.labelIds.length > 0) {
        const unknown = present.filter((l) => !ctx.labelIds!.includes(l));
        if (unknown.length > 0) problem('label', `${file}: label ids ${unknown.join(', ')} are not in the dataset's label names`, 'warning');
      }
      annotated = record.annotates ?? (ctx.labelIds && ctx.labelIds.length > 0 ? [...ctx.labelIds] : present);
    }
  }
  if (problems.some((p) => p.severity === 'error')) return { problems };
  return {
    loaded: {
      id: record.id,
      kind: record.kind,
      image,
      ...(label ? { label } : {}),
      annotated,
      present,
      absent: annotated.filter((l) => !present.includes(l)),
    },
    problems,
  };
}

/** One Volume from per-channel files; every part must share the first one's grid. */
function stackChannels(parts: Volume[], record: CaseRecord, problem: (field: string, message: string, severity?: DataProblem['severity']) => void): Volume | undefined {
  const first = parts[0];
  if (!first) {
    problem('image', 'the case lists no image file');
    return undefined;
  }
  if (parts.length === 1) return first;
  let ok = true;
  parts.forEach((p, i) => {
    if (i === 0) return;
    const grid = sameGrid(first, p, AFFINE_TOL);
    if (p.dims.some((d, a) => d !== first.dims[a])) {
      problem('image', `${record.images[i]}: channel ${i} grid ${p.dims.join('×')} differs from channel 0's ${first.dims.join('×')}`);
      ok = false;
    } else if (!grid.same) {
      problem('affine', `${record.images[i]}: channel ${i} affine differs from channel 0's (${grid.differences.join('; ')})`, 'warning');
    }
  });
  if (!ok) return undefined;
  const n = voxelCount(first);
  const channels = parts.reduce((s, p) => s + p.channels, 0);
  const data = new Float32Array(n * channels);
  let offset = 0;
  for (const p of parts) {
    data.set(p.data, offset);
    offset += p.data.length;
  }
  return { ...first, data, channels };
}

/** The label data as integers 0-255, or undefined after reporting why not. */
function checkLabelValues(data: Float32Array, file: string, problem: (field: string, message: string) => void): Float32Array | undefined {
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (v !== Math.round(v) && Math.abs(v - Math.round(v)) > 1e-3) {
      problem('label', `${file}: value ${v} at voxel ${i} is not an integer label id`);
      return undefined;
    }
  }
  let changed = false;
  const out = data.map((v) => {
    const r = Math.round(v);
    if (r !== v) changed = true;
    return r;
  });
  // Remapping may bring large source ids into range, so only negative values are fatal here.
  for (let i = 0; i < out.length; i++) {
    if (out[i]! < 0) {
      problem('label', `${file}: negative label id ${out[i]}`);
      return undefined;
    }
  }
  return changed ? out : data;
}

function maskToLabel(data: Float32Array, id: number): Float32Array {
  return data.map((v) => (v !== 0 ? id : 0));
}

/** Sorted foreground ids present in an integer label buffer. */
export function presentLabels(data: Float32Array): number[] {
  const seen = new Set<number>();
  let last = 0;
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (v !== 0 && v !== last) {
      seen.add(v);
      last = v;
    }
  }
  return [...seen].sort((a, b) => a - b);
}
