// The run store: one folder per run under .medkd/runs/, the source of truth that the CLI, the extension and the
// webviews all read. Metrics and events are append-only JSON lines; a kill leaves every earlier line readable.
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { RUN_FILES, RUN_STORE_DIR } from '../protocol';
import type { MetricRecord, RunEvent, RunReport, RunStatus } from '../protocol';
import { describeFsError, writeFileAtomicSync } from './atomicWrite';

export interface RunHandle {
  id: string;
  dir: string;
}

export function runsRoot(workspaceRoot: string): string {
  return join(workspaceRoot, RUN_STORE_DIR);
}

/** A fresh run folder `<name>-<yyyymmdd-hhmmss>[-n]` with the resolved config written into it. */
export function createRun(workspaceRoot: string, name: string, resolvedConfig: unknown, now = new Date()): RunHandle {
  const root = runsRoot(workspaceRoot);
  mkdirSync(root, { recursive: true });
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  const base = `${name.replace(/[^A-Za-z0-9_.-]+/g, '-')}-${stamp}`;
  let id = base;
  for (let n = 2; existsSync(join(root, id)); n++) id = `${base}-${n}`;
  const dir = join(root, id);
  mkdirSync(join(dir, RUN_FILES.checkpoints), { recursive: true });
  mkdirSync(join(dir, RUN_FILES.predictions), { recursive: true });
  writeFileAtomicSync(join(dir, RUN_FILES.config), `${JSON.stringify(resolvedConfig, null, 2)}\n`);
  return { id, dir };
}

export function openRun(workspaceRoot: string, runId: string): RunHandle {
  const dir = join(runsRoot(workspaceRoot), runId);
  if (!existsSync(join(dir, RUN_FILES.config))) throw new Error(`run '${runId}' not found in ${runsRoot(workspaceRoot)}`);
  return { id: runId, dir };
}

function appendLine(path: string, value: unknown): void {
  const size = existsSync(path) ? statSync(path).size : 0;
  try {
    // One write call per whole line: a kill can cut the last line, never interleave two.
    appendFileSync(path, `${JSON.stringify(value)}\n`);
  } catch (err) {
    // A full disk may have taken part of the line: cut it off, so lines appended once there is room stay whole.
    try {
      if (existsSync(path) && statSync(path).size > size) truncateSync(path, size);
    } catch {
      // nothing more to save: readers skip a torn last line
    }
    throw new Error(`${path}: append failed (${describeFsError(err)})`);
  }
}

export function appendMetric(run: RunHandle, record: MetricRecord): void {
  appendLine(join(run.dir, RUN_FILES.metrics), record);
}

export function appendEvent(run: RunHandle, event: RunEvent): void {
  appendLine(join(run.dir, RUN_FILES.events), event);
}

export function writeReport(run: RunHandle, report: RunReport): void {
  writeFileAtomicSync(join(run.dir, RUN_FILES.report), `${JSON.stringify(report, null, 2)}\n`);
}

/** Parses JSON lines, skipping a torn last line (a run killed mid-write) and reporting any other bad line. */
export function parseJsonLines<T>(text: string, file: string): { records: T[]; problems: string[] } {
  const records: T[] = [];
  const problems: string[] = [];
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      records.push(JSON.parse(line) as T);
    } catch {
      const isLast = i === lines.length - 1; // no trailing newline: the writer was cut off
      if (!isLast) problems.push(`${file}:${i + 1}: not valid JSON`);
    }
  });
  return { records, problems };
}

function readLines<T>(path: string): T[] {
  if (!existsSync(path)) return [];
  return parseJsonLines<T>(readFileSync(path, 'utf8'), path).records;
}

export function readMetrics(run: RunHandle): MetricRecord[] {
  return readLines<MetricRecord>(join(run.dir, RUN_FILES.metrics));
}

export function readEvents(run: RunHandle): RunEvent[] {
  return readLines<RunEvent>(join(run.dir, RUN_FILES.events));
}

export function readReport(run: RunHandle): RunReport | undefined {
  const path = join(run.dir, RUN_FILES.report);
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as RunReport) : undefined;
}

export function readRunConfig(run: RunHandle): unknown {
  return JSON.parse(readFileSync(join(run.dir, RUN_FILES.config), 'utf8'));
}

/** The last status event's status; a run whose last word is 'running' but whose engine is gone reads as failed. */
export function runStatus(events: readonly RunEvent[], engineAlive: boolean): RunStatus {
  let status: RunStatus = 'queued';
  for (const e of events) if (e.type === 'status') status = e.status;
  if (!engineAlive && (status === 'running' || status === 'paused' || status === 'queued')) return 'failed';
  return status;
}

export function listRuns(workspaceRoot: string): RunHandle[] {
  const root = runsRoot(workspaceRoot);
  if (!existsSync(root)) return [];
  return readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(root, d.name, RUN_FILES.config)))
    .map((d) => ({ id: d.name, dir: join(root, d.name) }))
    .sort((a, b) => a.id.localeCompare(b.id));
}

export function deleteRun(run: RunHandle): void {
  rmSync(run.dir, { recursive: true, force: true });
}
