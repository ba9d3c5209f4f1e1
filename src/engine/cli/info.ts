// `medkd info <file>`: what a NIfTI file holds (header, grid, affine, orientation, value range, label counts).
// It inspects rather than refuses: NaN/Infinity voxels are counted and reported, not an error.
import type { CliCommand } from './cliCommand';
import { parseArgs } from './cliCommand';
import type { VolumeInfo } from '../protocol';
import { readNiftiWithHeader } from '../io/readNifti';
import type { NiftiRead } from '../io/readNifti';
import { orientationCode } from '../io/orientationCode';
import { labelCounts } from '../io/labelCounts';

/** VolumeInfo plus the header details `medkd info` shows. */
export interface VolumeInfoDetails extends VolumeInfo {
  niftiVersion: 1 | 2;
  compressed: boolean;
  byteOrder: 'little-endian' | 'big-endian';
  orientation: string;
  affineSource: 'sform' | 'qform' | 'pixdim';
  qformCode: number;
  sformCode: number;
  sclSlope: number;
  sclInter: number;
  description: string;
  /** NaN/Infinity voxels (counted as 0 in min/max and label counts). */
  nonFiniteVoxels: number;
}

export async function volumeInfo(path: string): Promise<VolumeInfoDetails> {
  return describe(path, await readNiftiWithHeader(path, { nonFinite: 'zero' }));
}

function describe(path: string, r: NiftiRead): VolumeInfoDetails {
  const { volume: v, header: h } = r;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < v.data.length; i++) {
    const x = v.data[i]!;
    if (x < min) min = x;
    if (x > max) max = x;
  }
  const counts = v.channels === 1 ? labelCounts(v.data) : undefined;
  return {
    path,
    dims: v.dims,
    channels: v.channels,
    spacing: v.spacing,
    datatype: v.sourceDatatype,
    affine: v.affine,
    min,
    max,
    ...(counts !== undefined ? { labelCounts: Object.fromEntries([...counts].map(([k, c]) => [String(k), c])) } : {}),
    niftiVersion: h.version,
    compressed: r.compressed,
    byteOrder: h.littleEndian ? 'little-endian' : 'big-endian',
    orientation: orientationCode(v.affine),
    affineSource: r.affineSource,
    qformCode: h.qformCode,
    sformCode: h.sformCode,
    sclSlope: h.sclSlope,
    sclInter: h.sclInter,
    description: h.description,
    nonFiniteVoxels: r.nonFiniteReplaced,
  };
}

export function formatVolumeInfo(info: VolumeInfoDetails): string {
  const n = (x: number): string => (Number.isInteger(x) ? String(x) : x.toPrecision(6).replace(/\.?0+$/, ''));
  const width = Math.max(...info.affine.flat().map((x) => n(x).length));
  const lines = [
    `file         ${info.path}`,
    `format       NIfTI-${info.niftiVersion}, ${info.byteOrder}${info.compressed ? ', gzip' : ''}${info.description ? `, "${info.description}"` : ''}`,
    `dims         ${info.dims.join(' × ')}${info.channels > 1 ? ` × ${info.channels} channels` : ' (1 channel)'}`,
    `spacing      ${info.spacing.map(n).join(' × ')} mm`,
    `datatype     ${info.datatype}${info.sclSlope !== 0 && !(info.sclSlope === 1 && info.sclInter === 0) ? ` (scaled: × ${n(info.sclSlope)} + ${n(info.sclInter)})` : ''}`,
    `affine       from the ${info.affineSource} (qform_code ${info.qformCode}, sform_code ${info.sformCode})`,
    ...info.affine.slice(0, 3).map((row) => `             [ ${row.map((x) => n(x).padStart(width)).join('  ')} ]`),
    `orientation  ${info.orientation}`,
    `range        ${n(info.min)} .. ${n(info.max)}`,
  ];
  if (info.nonFiniteVoxels > 0) lines.push(`warning      ${info.nonFiniteVoxels} voxels are NaN or infinite (shown as 0)`);
  if (info.labelCounts !== undefined) {
    const entries = Object.entries(info.labelCounts);
    lines.push(`labels       ${entries.length} values (looks like a label map)`);
    for (const [label, count] of entries) lines.push(`  ${label.padStart(5)}  ${String(count).padStart(10)} voxels`);
  }
  return `${lines.join('\n')}\n`;
}

export function makeInfoCommand(write: (text: string) => void): CliCommand {
  return {
    name: 'info',
    usage: 'info <file.nii[.gz]> [--json]',
    summary: 'header, grid, affine, orientation, value range and label counts of a NIfTI file',
    async run(args: string[]): Promise<number> {
      const parsed = parseArgs(args, ['json']);
      const unknown = [...parsed.flags.keys()].filter((k) => k !== 'json');
      if (unknown.length > 0) throw new Error(`info: unknown option --${unknown[0]} (usage: medkd info <file.nii[.gz]> [--json])`);
      const [file, ...extra] = parsed.positional;
      if (file === undefined || extra.length > 0) throw new Error('info: give exactly one file (usage: medkd info <file.nii[.gz]> [--json])');
      const info = await volumeInfo(file);
      write(parsed.flags.has('json') ? `${JSON.stringify(info)}\n` : formatVolumeInfo(info));
      return 0;
    },
  };
}

export const infoCommand = makeInfoCommand((text) => process.stdout.write(text));
