// Shared by the experiment tests: a workspace holding one config file, and run-manager events recorded for asserts.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunManagerEvents } from '../../../src/engine/runs/runManager';
import type { MetricRecord, RunStatus } from '../../../src/engine/protocol';

/** Records statuses, metrics and log lines; calls `stop` once step `stopAt` is logged. */
export function recorder(stopAt?: number, stop?: () => void) {
  const statuses: RunStatus[] = [];
  const metrics: MetricRecord[] = [];
  const logs: string[] = [];
  const events: RunManagerEvents = {
    onStatus: (_id, s) => statuses.push(s),
    onMetrics: (_id, r) => {
      metrics.push(r);
      if (r.step === stopAt) stop?.();
    },
    onTweak: () => undefined,
    log: (_level, message) => logs.push(message),
  };
  return { statuses, metrics, logs, events };
}

/** A fresh temp folder with `config` written as `<name>.medkd.json`. */
export function workspaceWith(config: object, name = 'tiny'): { ws: string; configPath: string } {
  const ws = mkdtempSync(join(tmpdir(), `medkd-${name}-`));
  const configPath = join(ws, `${name}.medkd.json`);
  writeFileSync(configPath, JSON.stringify(config));
  return { ws, configPath };
}
