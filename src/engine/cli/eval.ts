// `medkd eval --pred <file|folder> --ref <file|folder>`: Dice, normalised surface Dice and HD95 per class and case.
// Folders pair files by case id; every pair must share one grid. Any problem is one line naming the file(s).
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import type { CliCommand, ParsedArgs } from './cliCommand';
import { parseArgs, requireFlag } from './cliCommand';
import { readNifti } from '../io/readNifti';
import { sameGrid } from '../io/sameGrid';
import { firstNonInteger } from '../io/labelCounts';
import { isNiftiName, niftiCaseId } from '../io/niftiCaseId';
import type { Volume } from '../io/volume';
import { classMetrics } from '../metrics/classMetrics';
import { evaluationTable, evaluationTableToCsv, evaluationTableToJson } from '../metrics/evaluationTable';
import type { CaseResults, EvaluationReport } from '../metrics/evaluationTable';

const USAGE = 'eval --pred <file|folder> --ref <file|folder> [--json] [--csv out.csv] [--labels class_map.json] [--tolerance mm] [--dice-only]';
const FLAGS = ['pred', 'ref', 'json', 'csv', 'labels', 'tolerance', 'dice-only'];

export interface EvaluateOptions {
  /** NSD tolerance in mm, default 1. */
  toleranceMm?: number;
  /** Per-class NSD tolerances (label id → mm). */
  classToleranceMm?: Record<number, number>;
  /** Label id → name. */
  names?: Record<string, string>;
  diceOnly?: boolean;
}

export interface CasePair {
  caseId: string;
  pred: string;
  ref: string;
}

/** Evaluates predictions against references (two files or two folders); the engine's `evaluate` request uses it too. */
export async function evaluate(pred: string, ref: string, options: EvaluateOptions = {}): Promise<EvaluationReport & { toleranceMm: number }> {
  const pairs = await pairCases(pred, ref);
  const toleranceMm = options.toleranceMm ?? 1;
  const results: CaseResults[] = [];
  for (const p of pairs) {
    const [pv, rv] = await Promise.all([readLabelMap(p.pred), readLabelMap(p.ref)]);
    const grid = sameGrid(pv, rv);
    if (!grid.same) throw new Error(`${p.pred} and ${p.ref} are not on the same grid: ${grid.differences.join('; ')}`);
    const classes = classMetrics(pv.data, rv.data, rv.dims, { spacing: rv.spacing, toleranceMm, classToleranceMm: options.classToleranceMm, diceOnly: options.diceOnly });
    results.push({ caseId: p.caseId, classes });
  }
  return { ...evaluationTable(results, options.names), toleranceMm };
}

/** Two files make one case; two folders pair their NIfTI files by case id, and any unpaired file is an error. */
export async function pairCases(pred: string, ref: string): Promise<CasePair[]> {
  const [pk, rk] = await Promise.all([kind(pred, '--pred'), kind(ref, '--ref')]);
  if (pk === 'file' && rk === 'file') return [{ caseId: niftiCaseId(ref), pred, ref }];
  if (pk !== rk) throw new Error(`eval: --pred ${pred} is a ${pk} but --ref ${ref} is a ${rk}: give two files or two folders`);
  const [pm, rm] = await Promise.all([casesIn(pred), casesIn(ref)]);
  const noRef = [...pm.keys()].filter((id) => !rm.has(id)).map((id) => pm.get(id)!);
  const noPred = [...rm.keys()].filter((id) => !pm.has(id)).map((id) => rm.get(id)!);
  if (noRef.length > 0 || noPred.length > 0) {
    const parts = [];
    if (noRef.length > 0) parts.push(`no reference for ${listed(noRef)}`);
    if (noPred.length > 0) parts.push(`no prediction for ${listed(noPred)}`);
    throw new Error(`eval: unpaired files: ${parts.join('; ')}`);
  }
  if (pm.size === 0) throw new Error(`eval: no .nii or .nii.gz files in ${pred} or ${ref}`);
  return [...rm.keys()].sort().map((id) => ({ caseId: id, pred: pm.get(id)!, ref: rm.get(id)! }));
}

async function kind(path: string, flag: string): Promise<'file' | 'folder'> {
  const stat = await fsp.stat(path).catch(() => undefined);
  if (stat === undefined) throw new Error(`${path}: not found (${flag})`);
  return stat.isDirectory() ? 'folder' : 'file';
}

async function casesIn(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const name of (await fsp.readdir(dir)).filter(isNiftiName).sort()) {
    const id = niftiCaseId(name);
    const other = out.get(id);
    if (other !== undefined) throw new Error(`eval: two files for case ${id} in ${dir}: ${other} and ${join(dir, name)}`);
    out.set(id, join(dir, name));
  }
  return out;
}

function listed(files: string[]): string {
  return files.length <= 5 ? files.join(', ') : `${files.slice(0, 5).join(', ')} and ${files.length - 5} more`;
}

async function readLabelMap(path: string): Promise<Volume> {
  const v = await readNifti(path);
  if (v.channels !== 1) throw new Error(`${path}: a label map has 1 channel, this file has ${v.channels}`);
  const bad = firstNonInteger(v.data);
  if (bad >= 0) throw new Error(`${path}: not a label map (voxel ${bad} holds ${v.data[bad]}, labels must be whole numbers)`);
  return v;
}

/** `--tolerance 2` or `--tolerance 2,5=3,7=1.5` (default, then label=mm overrides). */
export function parseTolerance(text: string): { toleranceMm: number; classToleranceMm: Record<number, number> } {
  let toleranceMm = 1;
  const classToleranceMm: Record<number, number> = {};
  for (const part of text.split(',').map((s) => s.trim())) {
    const [a, b] = part.split('=');
    const mm = Number(b ?? a);
    if (!(part !== '' && Number.isFinite(mm) && mm >= 0)) throw new Error(`eval: --tolerance: '${part}' is not a distance in mm (e.g. 2 or 2,5=3)`);
    if (b === undefined) toleranceMm = mm;
    else {
      const label = Number(a);
      if (!Number.isInteger(label)) throw new Error(`eval: --tolerance: '${a}' in '${part}' is not a label id`);
      classToleranceMm[label] = mm;
    }
  }
  return { toleranceMm, classToleranceMm };
}

async function readClassMap(path: string): Promise<Record<string, string>> {
  let text: string;
  try {
    text = await fsp.readFile(path, 'utf8');
  } catch {
    throw new Error(`${path}: cannot read the class map (--labels)`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`${path}: invalid JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new Error(`${path}: a class map is a JSON object of label id → name`);
  const names: Record<string, string> = {};
  for (const [k, v] of Object.entries(json)) {
    if (!/^\d+$/.test(k) || typeof v !== 'string') throw new Error(`${path}: entry "${k}" must map a label id to a name`);
    names[k] = v;
  }
  return names;
}

export function formatEvaluation(table: EvaluationReport & { toleranceMm: number }): string {
  const f = (x: number | undefined, digits: number): string => (x === undefined ? '-' : x === Infinity ? 'inf' : Number.isNaN(x) ? '-' : x.toFixed(digits));
  const rows = Object.entries(table.perClass);
  const nameWidth = Math.max(5, ...rows.map(([label, m]) => `${label} ${m.name ?? ''}`.trim().length));
  const surface = rows.some(([, m]) => m.nsd !== undefined);
  const header = `${'class'.padEnd(nameWidth)}  ${'dice'.padStart(6)}${surface ? `  ${`nsd@${table.toleranceMm}mm`.padStart(9)}  ${'hd95 mm'.padStart(8)}` : ''}`;
  const lines = [header];
  for (const [label, m] of rows) {
    lines.push(`${`${label} ${m.name ?? ''}`.trim().padEnd(nameWidth)}  ${f(m.dice, 4).padStart(6)}${surface ? `  ${f(m.nsd, 4).padStart(9)}  ${f(m.hd95, 2).padStart(8)}` : ''}`);
  }
  const n = table.cases.length;
  lines.push(`mean Dice ${f(table.meanDice, 4)} over ${rows.length} ${rows.length === 1 ? 'class' : 'classes'}${n > 1 ? `, means over ${n} cases` : ''}`);
  if (n > 1) {
    for (const c of table.cases) {
      const d = Object.values(c.perClass).map((m) => m.dice);
      lines.push(`  ${c.caseId}  mean Dice ${f(d.reduce((s, x) => s + x, 0) / Math.max(1, d.length), 4)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

async function runEval(parsed: ParsedArgs, write: (text: string) => void): Promise<number> {
  const unknown = [...parsed.flags.keys()].filter((k) => !FLAGS.includes(k));
  if (unknown.length > 0) throw new Error(`eval: unknown option --${unknown[0]} (usage: medkd ${USAGE})`);
  if (parsed.positional.length > 0) throw new Error(`eval: unexpected argument '${parsed.positional[0]}' (usage: medkd ${USAGE})`);
  const pred = requireFlag(parsed, 'pred', 'eval');
  const ref = requireFlag(parsed, 'ref', 'eval');
  const options: EvaluateOptions = { diceOnly: parsed.flags.has('dice-only') };
  const tolerance = parsed.flags.get('tolerance');
  if (tolerance !== undefined) Object.assign(options, parseTolerance(tolerance === true ? '' : tolerance));
  const labels = parsed.flags.get('labels');
  if (labels !== undefined) {
    if (labels === true) throw new Error('eval: missing --labels <class_map.json>');
    options.names = await readClassMap(labels);
  }
  const csv = parsed.flags.get('csv');
  if (csv === true) throw new Error('eval: missing --csv <out.csv>');
  const table = await evaluate(pred, ref, options);
  if (csv !== undefined) {
    await fsp.writeFile(csv, evaluationTableToCsv(table)).catch((err: unknown) => {
      throw new Error(`${csv}: cannot write the CSV (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
    });
  }
  write(parsed.flags.has('json') ? `${evaluationTableToJson(table, 0)}\n` : formatEvaluation(table));
  return 0;
}

export function makeEvalCommand(write: (text: string) => void): CliCommand {
  return {
    name: 'eval',
    usage: USAGE,
    summary: 'Dice, normalised surface Dice and HD95 of predictions against references, per class and case',
    run: (args) => runEval(parseArgs(args, ['json', 'dice-only']), write),
  };
}

export const evalCommand = makeEvalCommand((text) => process.stdout.write(text));
