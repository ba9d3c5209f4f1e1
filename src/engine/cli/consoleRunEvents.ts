// Prints a run's progress on the terminal: one line every few seconds (and at every evaluation), never a flood.
import type { RunManagerEvents } from '../runs/runManager';

export function consoleRunEvents(write: (line: string) => void = (l) => process.stdout.write(`${l}\n`), everyMs = 2000): RunManagerEvents {
  let last = 0;
  const started = Date.now();
  return {
    onStatus: (runId, status, step, total, message) => write(`[${runId}] ${status}${total ? ` at step ${step}/${total}` : ''}${message ? `: ${message}` : ''}`),
    onMetrics: (_runId, record, total) => {
      const now = Date.now();
      const v = record.values;
      if (record.kind === 'eval') {
        const dice = Object.entries(v).filter(([k]) => k.startsWith('val/') && k.endsWith('/mean')).map(([k, x]) => `${k}=${x.toFixed(3)}`);
        write(`  step ${record.step}/${total}  ${dice.join('  ')}`);
        return;
      }
      if (now - last < everyMs && record.step !== total) return;
      last = now;
      const parts = Object.entries(v).filter(([k]) => k === 'loss' || k.startsWith('loss/')).map(([k, x]) => `${k}=${x.toFixed(4)}`);
      const rate = record.step / Math.max(1e-3, (now - started) / 1000);
      write(`  step ${record.step}/${total}  ${parts.join('  ')}  lr=${(v['lr'] ?? 0).toExponential(2)}  ${rate.toFixed(2)} steps/s`);
    },
    onTweak: (_runId, e) => write(`  step ${e.step}: ${e.name} ${e.old} → ${e.value} (${e.source})`),
    log: (level, message) => {
      if (level !== 'debug') write(`  ${level}: ${message}`);
    },
  };
}
