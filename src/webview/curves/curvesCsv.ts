// The CSV export: one row per logged value, long format, so any number of runs and series fit one table.

import type { RunSeries } from './runSeries';

export function curvesCsv(runs: { runId: string; name: string; series: RunSeries }[]): string {
  const rows = ['run_id,run_name,series,step,time_ms,value'];
  const q = (s: string): string => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  for (const r of runs) {
    for (const [name, c] of [...r.series.series.entries()].sort(([a], [b]) => a.localeCompare(b))) {
      for (let i = 0; i < c.length; i++) rows.push(`${q(r.runId)},${q(r.name)},${q(name)},${c.steps[i]},${c.times[i]},${c.values[i]}`);
    }
  }
  return `${rows.join('\n')}\n`;
}
