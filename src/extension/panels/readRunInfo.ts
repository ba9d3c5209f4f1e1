// What the panels show about a run besides its curves: its name and label names, read from the run folder.

import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { RunReport } from '../../engine/protocol';
import { RUN_FILES } from '../../engine/protocol';
import type { CurvesRunInfo } from '../../webview/protocol';

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as unknown;
  } catch {
    return undefined;
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function stringMap(v: unknown): Record<string, string> | undefined {
  if (!isRecord(v)) return undefined;
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(v)) if (typeof x === 'string') out[k] = x;
  return Object.keys(out).length > 0 ? out : undefined;
}

/** Name from report.json, else config.json's `name`, else the folder name; labels from the report, else the config. */
export function readRunInfo(runDir: string): CurvesRunInfo {
  const runId = basename(runDir);
  const report = readJson(join(runDir, RUN_FILES.report));
  const config = readJson(join(runDir, RUN_FILES.config));
  const r = isRecord(report) ? (report as Partial<RunReport>) : undefined;
  const c = isRecord(config) ? config : undefined;
  const name = typeof r?.name === 'string' ? r.name : typeof c?.['name'] === 'string' ? c['name'] : runId;
  const data = c && isRecord(c['data']) ? c['data'] : undefined;
  const labels = stringMap(r?.labels) ?? stringMap(data?.['labelNames']) ?? stringMap(c?.['labelNames']);
  return { runId, runDir, name, ...(r?.status ? { status: r.status } : {}), ...(labels ? { labels } : {}) };
}
