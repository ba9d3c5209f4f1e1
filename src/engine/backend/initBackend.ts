// Starts the engine's tfjs backend once per process (or worker): real module loading, CUDA detection and WASM paths.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
// tfjs-core alone registers no gradients; the engine trains, so every process that starts a backend needs them.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { BACKEND_ENV } from '../protocol';
import type { BackendName } from '../protocol';
import { selectBackend } from './selectBackend';
import { installWasmKernelFixes } from './wasmKernelFixes';
import type { BackendChoice } from './selectBackend';

const WASM_FILE = 'tfjs-backend-wasm-simd.wasm';

/**
 * Folder holding the WASM backend's binaries, with a trailing slash: beside the bundle (scripts/build.mjs copies them
 * to dist/engine; other bundles such as dist/bench look there too), else the package's dist folder (running from source).
 */
export function wasmDir(): string {
  for (const dir of [__dirname, join(__dirname, '..', 'engine')]) {
    if (existsSync(join(dir, WASM_FILE))) return `${dir}/`;
  }
  return `${dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'))}/dist/`;
}

/** A CUDA driver is visible: the Linux kernel module or the Windows driver library. */
export function hasCuda(): boolean {
  if (existsSync('/proc/driver/nvidia/version')) return true;
  const root = process.env['SystemRoot'];
  return process.platform === 'win32' && root !== undefined && existsSync(join(root, 'System32', 'nvcuda.dll'));
}

async function activate(name: BackendName): Promise<void> {
  if (name === 'wasm') setWasmPaths(wasmDir());
  // Bundlers drop a bare import of the CPU package (its package.json marks the Node build side-effect free), so
  // register it from here when its own registration did not run.
  if (name === 'cpu' && tf.findBackendFactory('cpu') === null) tf.registerBackend('cpu', () => new MathBackendCPU(), 1);
  // Both native packages register themselves under the name 'tensorflow'.
  const tfName = name === 'tensorflow-gpu' ? 'tensorflow' : name;
  let ok: boolean;
  try {
    ok = await tf.setBackend(tfName);
  } catch (e) {
    throw new Error(`${tfName} backend failed to start: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!ok) throw new Error(`${tfName} backend failed to start`);
  await tf.ready();
  if (name === 'wasm') installWasmKernelFixes();
}

let current: Promise<BackendChoice> | undefined;

/** Selects and starts the backend (MEDKD_BACKEND forces one); later calls return the first result. */
export function initBackend(env: NodeJS.ProcessEnv = process.env): Promise<BackendChoice> {
  current ??= selectBackend({
    forced: env[BACKEND_ENV],
    tryLoad: (moduleName) => require(moduleName) as unknown,
    hasCuda,
    activate,
  });
  return current;
}

/** Switches to `name` now (tests and benchmarks compare backends within one process). */
export async function useBackend(name: BackendName): Promise<BackendChoice> {
  current = selectBackend({ forced: name, tryLoad: (m) => require(m) as unknown, hasCuda, activate });
  return current;
}
