// Runs bench/torchPeer.py with Debian's python3 + python3-torch (installing it when missing and allowed).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ConvShape, ConvTimes } from './convBench';

export const PYTHON = '/usr/bin/python3';

export interface TorchResults {
  torch: string;
  threads: number;
  conv: ConvTimes[];
  teacher_step_ms?: number;
  student_step_ms?: number;
  teacher_params?: number;
  student_params?: number;
  /** The step on `batch` patches, for the networks of `batchNetworks`. */
  student_step_batch_ms?: number;
}

export interface TorchConfig {
  threads: number;
  convs: ConvShape[];
  reps: number;
  networks: Record<string, { features: number[]; blocks: number | number[]; separable: boolean }>;
  /** Networks also timed on a batch of `batch` patches. */
  batchNetworks: Record<string, { features: number[]; blocks: number | number[]; separable: boolean }>;
  batch: number;
  patch: number;
  classes: number;
  stepReps: number;
}

function hasTorch(): boolean {
  return existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0;
}

/** Makes torch importable: apt-get install python3-torch when root and apt-get exist; returns why not otherwise. */
export function ensureTorch(log: (line: string) => void): string | undefined {
  if (hasTorch()) return undefined;
  if (!existsSync('/usr/bin/apt-get')) return 'python3-torch is not installed and apt-get is not available';
  if (process.getuid?.() !== 0) return 'python3-torch is not installed (apt-get install -y python3-torch needs root)';
  log('installing python3-torch with apt-get (one time)…');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  let r = spawnSync('apt-get', ['install', '-y', '-qq', 'python3-torch'], { stdio: 'ignore', env });
  if (r.status !== 0) {
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'ignore', env });
    r = spawnSync('apt-get', ['install', '-y', '-qq', 'python3-torch'], { stdio: 'ignore', env });
  }
  return hasTorch() ? undefined : `apt-get install python3-torch failed (exit ${r.status ?? 'signal'})`;
}

/** Folder of torchPeer.py: beside this file from source, bench/ at the project root from dist/bench. */
function scriptPath(): string {
  for (const p of [join(__dirname, 'torchPeer.py'), join(__dirname, '..', '..', 'bench', 'torchPeer.py')]) if (existsSync(p)) return p;
  throw new Error('bench/torchPeer.py not found');
}

/** The peer's results, or the one-line reason it was skipped. */
export function runTorchPeer(config: TorchConfig, log: (line: string) => void): TorchResults | string {
  const why = ensureTorch(log);
  if (why !== undefined) return why;
  try {
    const out = execFileSync(PYTHON, [scriptPath(), JSON.stringify(config)], { encoding: 'utf8', maxBuffer: 1 << 24, env: { ...process.env, OMP_NUM_THREADS: String(config.threads) } });
    const lines = out.trim().split('\n');
    for (const l of lines.slice(0, -1)) log(l);
    return JSON.parse(lines[lines.length - 1] ?? '{}') as TorchResults;
  } catch (e) {
    return `torch peer failed: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`;
  }
}
