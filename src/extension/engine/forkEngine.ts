// Starts the engine child process over Node IPC and adapts it to an EngineTransport; its stdout and stderr come
// back line by line for the engine log.
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import type { EngineRequest } from '../../engine/protocol';
import type { EngineExit, EngineTransport } from './engineClient';
import type { EngineLaunch } from './resolveEngineLaunch';

export interface ForkEngineOptions {
  /** dist/engine/server.js (or a test's fake engine). */
  modulePath: string;
  launch: EngineLaunch;
  cwd: string;
  /** Node flags for the child, e.g. ['--import', 'tsx'] in tests. */
  execArgv?: string[];
  /** Extra environment (MEDKD_BACKEND, ...). */
  env?: Record<string, string>;
  onOutput(line: string, stream: 'stdout' | 'stderr'): void;
}

export function forkEngine(options: ForkEngineOptions): { transport: EngineTransport; child: ChildProcess } {
  const child = fork(options.modulePath, [], {
    cwd: options.cwd,
    execPath: options.launch.execPath,
    execArgv: options.execArgv ?? [],
    env: { ...process.env, ...options.launch.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    serialization: 'json',
  });
  for (const stream of ['stdout', 'stderr'] as const) {
    let buffered = '';
    child[stream]?.setEncoding('utf8');
    child[stream]?.on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) options.onOutput(line, stream);
    });
    child[stream]?.on('end', () => {
      if (buffered !== '') options.onOutput(buffered, stream);
      buffered = '';
    });
  }
  const exitListeners: ((e: EngineExit) => void)[] = [];
  let exited = false;
  const fireExit = (e: EngineExit): void => {
    if (exited) return;
    exited = true;
    for (const l of exitListeners) l(e);
  };
  child.on('exit', (code, signal) => fireExit({ code, signal }));
  // 'error' without 'exit' happens when the executable cannot be spawned at all.
  child.on('error', (err) => fireExit({ code: null, signal: null, error: `cannot start ${options.launch.execPath}: ${err.message}` }));
  const transport: EngineTransport = {
    send(message: EngineRequest) {
      if (!child.connected) throw new Error('the MedKD engine is not connected');
      child.send(message);
    },
    onMessage(listener) {
      child.on('message', (m: unknown) => listener(m));
    },
    onExit(listener) {
      exitListeners.push(listener);
    },
    kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill();
    },
  };
  return { transport, child };
}
