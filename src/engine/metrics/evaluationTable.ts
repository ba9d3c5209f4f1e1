// Per-case and per-class tables of segmentation metrics, as the protocol's EvaluationTable, plus JSON and CSV.
import type { ClassMetrics, EvaluationTable } from '../protocol';
import type { ClassResult } from './classMetrics';

/** ClassMetrics with the class name and voxel counts. hd95 may be Infinity (null in JSON). */
export interface NamedClassMetrics extends ClassMetrics {
  name?: string;
  refVoxels?: number;
  predVoxels?: number;
}

export interface EvaluationReport extends EvaluationTable {
  cases: { caseId: string; perClass: Record<string, NamedClassMetrics> }[];
  perClass: Record<string, NamedClassMetrics>;
}

export interface CaseResults {
  caseId: string;
  classes: ClassResult[];
}

/**
 * Builds the table. Every case is scored on the union of classes seen in any case: a class absent from both
 * maps of a case counts as both-empty (dice 1, nsd 1, hd95 0). Per-class values are means over cases;
 * meanDice is the mean of the per-class Dice.
 */
export function evaluationTable(cases: readonly CaseResults[], names: Record<string, string> = {}): EvaluationReport {
  const labels = [...new Set(cases.flatMap((c) => c.classes.map((r) => r.label)))].sort((a, b) => a - b);
  const surface = cases.some((c) => c.classes.some((r) => r.nsd !== undefined));
  const named = (label: number, m: NamedClassMetrics): NamedClassMetrics => (names[label] !== undefined ? { name: names[label], ...m } : m);
  const rows = cases.map((c) => {
    const byLabel = new Map(c.classes.map((r) => [r.label, r]));
    const perClass: Record<string, NamedClassMetrics> = {};
    for (const label of labels) {
      const r = byLabel.get(label);
      const m: NamedClassMetrics = r === undefined ? { dice: 1, ...(surface ? { nsd: 1, hd95: 0 } : {}), refVoxels: 0, predVoxels: 0 } : { dice: r.dice, ...(r.nsd !== undefined ? { nsd: r.nsd } : {}), ...(r.hd95 !== undefined ? { hd95: r.hd95 } : {}), refVoxels: r.refVoxels, predVoxels: r.predVoxels };
      perClass[String(label)] = named(label, m);
    }
    return { caseId: c.caseId, perClass };
  });
  const perClass: Record<string, NamedClassMetrics> = {};
  for (const label of labels) {
    const of = (key: 'dice' | 'nsd' | 'hd95'): number[] => rows.map((r) => r.perClass[String(label)]?.[key]).filter((x): x is number => x !== undefined);
    const m: NamedClassMetrics = { dice: mean(of('dice')) };
    if (surface) {
      m.nsd = mean(of('nsd'));
      m.hd95 = mean(of('hd95'));
    }
    perClass[String(label)] = named(label, m);
  }
  const dices = labels.map((l) => perClass[String(l)]!.dice);
  return { cases: rows, perClass, meanDice: dices.length > 0 ? mean(dices) : NaN };
}

/** One JSON object; Infinity (an HD95 with one side empty) and NaN become null. */
export function evaluationTableToJson(table: EvaluationReport, indent = 2): string {
  return JSON.stringify(table, (_key, value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? null : value), indent);
}

/** One row per case and class, then a "mean" row per class. Infinity is written "inf" (as numpy and pandas read it). */
export function evaluationTableToCsv(table: EvaluationReport): string {
  const lines = ['case,label,name,dice,nsd,hd95,ref_voxels,pred_voxels'];
  const row = (caseId: string, label: string, m: NamedClassMetrics): string =>
    [csvField(caseId), label, csvField(m.name ?? ''), num(m.dice), num(m.nsd), num(m.hd95), m.refVoxels ?? '', m.predVoxels ?? ''].join(',');
  for (const c of table.cases) for (const [label, m] of Object.entries(c.perClass)) lines.push(row(c.caseId, label, m));
  for (const [label, m] of Object.entries(table.perClass)) lines.push(row('mean', label, m));
  return `${lines.join('\n')}\n`;
}

function mean(xs: number[]): number {
  if (xs.length === 0) return NaN;
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

function num(x: number | undefined): string {
  if (x === undefined || Number.isNaN(x)) return '';
  if (x === Infinity) return 'inf';
  return String(Math.round(x * 1e6) / 1e6);
}

function csvField(s: string): string {
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
