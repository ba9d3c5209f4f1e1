// Which executable runs the engine: the configured Node, else a system `node` on PATH (the native tfjs backends are
// built for it), else VS Code's own binary acting as Node (the WebAssembly/JS backends serve there).
import { delimiter, join } from 'node:path';

export interface EngineLaunch {
  execPath: string;
  /** Extra environment for the child. */
  env: Record<string, string>;
  /** Shown in the engine log: why this executable. */
  reason: string;
  /** A configured path that could not be used. */
  warning: string | undefined;
}

export interface LaunchInputs {
  /** The `medkd.engine.nodePath` setting ('' when unset). */
  configuredNodePath: string;
  /** The PATH variable. */
  pathEnv: string | undefined;
  /** process.execPath of the extension host. */
  hostExecPath: string;
  platform: NodeJS.Platform;
  isExecutable(path: string): boolean;
}

export function findOnPath(name: string, pathEnv: string | undefined, platform: NodeJS.Platform, isExecutable: (p: string) => boolean): string | undefined {
  if (!pathEnv) return undefined;
  const names = platform === 'win32' ? [`${name}.exe`, `${name}.cmd`] : [name];
  for (const dir of pathEnv.split(platform === 'win32' ? ';' : delimiter)) {
    if (dir === '') continue;
    for (const n of names) {
      const candidate = join(dir, n);
      if (isExecutable(candidate)) return candidate;
    }
  }
  return undefined;
}

export function resolveEngineLaunch(inputs: LaunchInputs): EngineLaunch {
  let warning: string | undefined;
  const configured = inputs.configuredNodePath.trim();
  if (configured !== '') {
    if (inputs.isExecutable(configured)) return { execPath: configured, env: {}, reason: `medkd.engine.nodePath (${configured})`, warning };
    warning = `medkd.engine.nodePath is set to '${configured}', which is not an executable file; falling back.`;
  }
  const onPath = findOnPath('node', inputs.pathEnv, inputs.platform, inputs.isExecutable);
  if (onPath !== undefined) return { execPath: onPath, env: {}, reason: `node found on PATH (${onPath})`, warning };
  return {
    execPath: inputs.hostExecPath,
    env: { ELECTRON_RUN_AS_NODE: '1' },
    reason: `no node on PATH: VS Code's own runtime (${inputs.hostExecPath}) with ELECTRON_RUN_AS_NODE=1`,
    warning,
  };
}
