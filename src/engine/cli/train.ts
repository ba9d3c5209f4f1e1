// `medkd train <config.medkd.json>`: one run in the foreground, Ctrl-C stops it after a checkpoint (resumable).
import { resolve } from 'node:path';
import type { CliCommand } from './cliCommand';
import { parseArgs } from './cliCommand';
import { RunManager } from '../runs/runManager';
import { initBackend } from '../backend/initBackend';
import { consoleRunEvents } from './consoleRunEvents';
import { runStatus, readEvents, openRun } from '../runs/runStore';

export async function trainInForeground(configPath: string, workspace: string, resumeRunId?: string): Promise<{ runId: string; runDir: string; ok: boolean }> {
  const backend = await initBackend();
  process.stdout.write(`backend: ${backend.name} (${backend.reason})\n`);
  const manager = new RunManager(consoleRunEvents());
  const { runId, runDir } = manager.start(configPath, workspace, resumeRunId);
  process.stdout.write(`run ${runId} in ${runDir}\n`);
  const onSigint = () => {
    process.stdout.write('\nstopping after the current step (a checkpoint is written; resume with --resume)…\n');
    manager.stop(runId);
  };
  process.once('SIGINT', onSigint);
  try {
    await manager.shutdownWhenIdle();
  } finally {
    process.off('SIGINT', onSigint);
  }
  const status = runStatus(readEvents(openRun(workspace, runId)), true);
  return { runId, runDir, ok: status === 'completed' || status === 'stopped' };
}

export const trainCommand: CliCommand = {
  name: 'train',
  usage: 'train <config.medkd.json> [--resume <runId>] [--workspace <dir>]',
  summary: 'train (and distil) as the config says; Ctrl-C stops after a checkpoint',
  async run(args) {
    const p = parseArgs(args);
    const config = p.positional[0];
    if (config === undefined) throw new Error('train: missing <config.medkd.json>');
    const ws = typeof p.flags.get('workspace') === 'string' ? resolve(p.flags.get('workspace') as string) : process.cwd();
    const resume = p.flags.get('resume');
    const r = await trainInForeground(resolve(config), ws, typeof resume === 'string' ? resume : undefined);
    return r.ok ? 0 : 1;
  },
};
