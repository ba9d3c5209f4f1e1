// Shape checks for run-store records read from disk: a line that parses but is not a record is skipped, not trusted.
import type { MetricRecord, RunEvent, RunReport, RunStatus } from '../../engine/protocol';

const STATUSES: readonly RunStatus[] = ['queued', 'running', 'paused', 'stopped', 'completed', 'failed'];

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function isRunStatus(v: unknown): v is RunStatus {
  return typeof v === 'string' && (STATUSES as readonly string[]).includes(v);
}

export function isMetricRecord(v: unknown): v is MetricRecord {
  if (!isObject(v) || typeof v.step !== 'number' || typeof v.time !== 'number' || (v.kind !== 'train' && v.kind !== 'eval')) return false;
  return isObject(v.values) && Object.values(v.values).every((x) => typeof x === 'number');
}

export function isRunEvent(v: unknown): v is RunEvent {
  if (!isObject(v) || typeof v.time !== 'number' || typeof v.step !== 'number') return false;
  switch (v.type) {
    case 'status':
      return isRunStatus(v.status);
    case 'tweak':
      return typeof v.name === 'string' && typeof v.value === 'number';
    case 'checkpoint':
      return typeof v.network === 'string' && typeof v.path === 'string';
    case 'backend':
      return typeof v.backend === 'string';
    default:
      return false;
  }
}

export function isRunReport(v: unknown): v is RunReport {
  return isObject(v) && typeof v.runId === 'string' && isObject(v.networks);
}
