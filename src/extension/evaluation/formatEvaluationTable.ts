// Renders the engine's evaluation table as Markdown: a per-class summary, then one row per case.
import type { ClassMetrics, EvaluationTable } from '../../engine/protocol';

/** null is an infinite distance (a class in only one of prediction and reference). */
function cell(v: number | null | undefined, digits = 3): string {
  if (v === null) return '∞';
  return v === undefined || !Number.isFinite(v) ? '—' : v.toFixed(digits);
}

export function formatEvaluationTable(table: EvaluationTable, labelNames: Record<string, string>, title: string): string {
  const ids = Object.keys(table.perClass).sort((a, b) => Number(a) - Number(b) || a.localeCompare(b));
  const name = (id: string) => (labelNames[id] !== undefined ? `${labelNames[id]} (${id})` : id);
  const hasNsd = Object.values(table.perClass).some((m) => m.nsd !== undefined);
  const hasHd = Object.values(table.perClass).some((m) => m.hd95 !== undefined);
  const metricCols = (m: ClassMetrics | undefined) => [cell(m?.dice), ...(hasNsd ? [cell(m?.nsd)] : []), ...(hasHd ? [cell(m?.hd95, 2)] : [])];
  const lines = [`# ${title}`, '', `Mean Dice over ${table.cases.length} case${table.cases.length === 1 ? '' : 's'}: **${cell(table.meanDice)}**`, ''];
  lines.push(`| label | Dice |${hasNsd ? ' NSD |' : ''}${hasHd ? ' HD95 (mm) |' : ''}`);
  lines.push(`|---|---:|${hasNsd ? '---:|' : ''}${hasHd ? '---:|' : ''}`);
  for (const id of ids) lines.push(`| ${name(id)} | ${metricCols(table.perClass[id]).join(' | ')} |`);
  lines.push('', '## Per case (Dice)', '');
  lines.push(`| case | ${ids.map(name).join(' | ')} |`);
  lines.push(`|---|${ids.map(() => '---:').join('|')}|`);
  for (const c of table.cases) lines.push(`| ${c.caseId} | ${ids.map((id) => cell(c.perClass[id]?.dice)).join(' | ')} |`);
  return `${lines.join('\n')}\n`;
}
