// Starts and stops one code-server (VS Code's server + web workbench) on loopback, in its own temp dirs.
// The server runs in its own process group so stopping it also ends its extension host and watchers.
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';

export interface CodeServerTools {
  /** Node 24 binary that runs code-server. */
  node: string;
  /** code-server's out/node/entry.js. */
  entry: string;
}

export interface CodeServerOptions {
  tools: CodeServerTools;
  /** Holds extensions/, user-data/ and server.log. */
  dir: string;
  /** Turns on the smoke-test driver that runs an extension test suite given in the page's payload. */
  smokeTestDriver: boolean;
  /** Extra environment for the server and so for its extension host. */
  env?: Record<string, string>;
}

export interface CodeServer {
  url: string;
  port: number;
  logFile: string;
  stop(): Promise<void>;
}

const live = new Set<ChildProcess>();

// Whatever ends this process, no server outlives it.
process.on('exit', () => {
  for (const child of live) killGroup(child, 'SIGKILL');
});

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function userSettings(dir: string): void {
  const settings = {
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'security.workspace.trust.enabled': false,
    'workbench.startupEditor': 'none',
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'chat.disableAIFeatures': true,
    'git.enabled': false,
  };
  mkdirSync(join(dir, 'User'), { recursive: true });
  writeFileSync(join(dir, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
}

function baseArgs(options: CodeServerOptions): string[] {
  // --config keeps code-server from writing its default config into the user's home.
  return [
    options.tools.entry,
    '--config', join(options.dir, 'config.yaml'),
    '--extensions-dir', join(options.dir, 'extensions'),
    '--user-data-dir', join(options.dir, 'user-data'),
  ];
}

function serverEnv(options: CodeServerOptions): NodeJS.ProcessEnv {
  // code-server spawns helpers with `node` from PATH: make that Node 24.
  return { ...process.env, PATH: `${dirname(options.tools.node)}:${process.env.PATH ?? ''}`, ...options.env };
}

/** `code-server --install-extension <vsix>` into the server's extensions dir (before the server starts). */
export function installExtension(options: CodeServerOptions, vsix: string): void {
  mkdirSync(options.dir, { recursive: true });
  const r = spawnSync(options.tools.node, [...baseArgs(options), '--install-extension', vsix, '--force'], {
    env: serverEnv(options),
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (r.status !== 0) throw new Error(`code-server --install-extension failed (${r.status ?? r.signal}): ${r.stderr || r.stdout}`);
}

export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
  mkdirSync(options.dir, { recursive: true });
  userSettings(join(options.dir, 'user-data'));
  const port = await freePort();
  const args = [
    ...baseArgs(options),
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--disable-workspace-trust',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    ...(options.smokeTestDriver ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
  ];
  const logFile = join(options.dir, 'server.log');
  const log = createWriteStream(logFile);
  const child = spawn(options.tools.node, args, { env: serverEnv(options), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(child);
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));

  const stop = async (): Promise<void> => {
    killGroup(child, 'SIGTERM');
    const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
    // The group may hold children (extension host) that outlive the leader.
    killGroup(child, 'SIGKILL');
    live.delete(child);
    log.end();
  };

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode} before it served (see ${logFile})`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`code-server did not answer /healthz within 60 s (see ${logFile})`);
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  return { url, port, logFile, stop };
}

/** The output-channel logs an extension wrote under a server's user-data dir (e.g. MedKD's engine log). */
export function extensionLogs(dir: string, extensionId: string): string[] {
  const root = join(dir, 'user-data', 'logs');
  if (!existsSync(root)) return [];
  const out: string[] = [];
  for (const session of readdirSync(root)) {
    for (const host of readdirSync(join(root, session)).filter((h) => h.startsWith('exthost'))) {
      const extDir = join(root, session, host, extensionId);
      if (existsSync(extDir)) out.push(...readdirSync(extDir).filter((f) => f.endsWith('.log')).map((f) => join(extDir, f)));
    }
  }
  return out;
}
