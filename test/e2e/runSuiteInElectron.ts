// The standard route: the same suite in a desktop VS Code through @vscode/test-electron, wherever one can be had:
// MEDKD_VSCODE_EXECUTABLE pointing at a local build, or a download that succeeds (skipped with
// MEDKD_E2E_NO_DOWNLOAD=1). Linux needs a display: DISPLAY, or Xvfb started here.
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

export type ElectronRun = { skipped: string } | { exitCode: number };

export interface ElectronOptions {
  extensionDevelopmentPath: string;
  extensionTestsPath: string;
  workspace: string;
  /** Holds the download cache and the profile dirs. */
  dir: string;
  resultsFile: string;
  timeoutMs: number;
}

async function bounded<T>(ms: number, work: Promise<T>): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms)));
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function findExecutable(dir: string): Promise<string | { skipped: string }> {
  const fromEnv = process.env.MEDKD_VSCODE_EXECUTABLE;
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : { skipped: `MEDKD_VSCODE_EXECUTABLE=${fromEnv} does not exist` };
  if (process.env.MEDKD_E2E_NO_DOWNLOAD === '1') return { skipped: 'MEDKD_VSCODE_EXECUTABLE unset and MEDKD_E2E_NO_DOWNLOAD=1' };
  try {
    const downloaded = await bounded(120_000, downloadAndUnzipVSCode({ cachePath: join(dir, 'vscode-test'), timeout: 20_000 }));
    return downloaded ?? { skipped: 'MEDKD_VSCODE_EXECUTABLE unset and the VS Code download did not finish within 2 min' };
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return { skipped: `MEDKD_VSCODE_EXECUTABLE unset and the VS Code download failed (${reason})` };
  }
}

/** A display for Electron: the existing one, or a private Xvfb that the caller stops. */
function display(): { stop: () => void } | { skipped: string } {
  if (process.env.DISPLAY) return { stop: () => {} };
  if (spawnSync('sh', ['-c', 'command -v Xvfb']).status !== 0) return { skipped: 'no DISPLAY and no Xvfb (Debian xvfb)' };
  const number = 90 + (process.pid % 100);
  const xvfb: ChildProcess = spawn('Xvfb', [`:${number}`, '-screen', '0', '1440x900x24', '-nolisten', 'tcp'], { stdio: 'ignore' });
  process.env.DISPLAY = `:${number}`;
  return {
    stop: () => {
      xvfb.kill('SIGTERM');
      delete process.env.DISPLAY;
    },
  };
}

export async function runSuiteInElectron(options: ElectronOptions): Promise<ElectronRun> {
  const executable = await findExecutable(options.dir);
  if (typeof executable !== 'string') return executable;
  const screen = display();
  if ('skipped' in screen) return screen;
  const profile = join(options.dir, 'electron-profile');
  mkdirSync(profile, { recursive: true });
  try {
    const exitCode = await bounded(
      options.timeoutMs,
      runTests({
        vscodeExecutablePath: executable,
        extensionDevelopmentPath: options.extensionDevelopmentPath,
        extensionTestsPath: options.extensionTestsPath,
        extensionTestsEnv: { MEDKD_E2E_RESULTS: options.resultsFile },
        launchArgs: [
          options.workspace,
          '--disable-extensions',
          '--disable-workspace-trust',
          '--no-sandbox',
          '--disable-gpu',
          '--user-data-dir', join(profile, 'user-data'),
          '--extensions-dir', join(profile, 'extensions'),
        ],
      }).catch(() => 1),
    );
    return { exitCode: exitCode ?? 124 };
  } finally {
    screen.stop();
  }
}
