// Picks the tfjs backend: native TensorFlow on a CUDA GPU, native TensorFlow on the CPU, WebAssembly, then pure JS.
// Pure logic: module loading, GPU detection and backend activation are injected, so every branch is testable.
import type { BackendName } from '../protocol';

export const BACKEND_NAMES: readonly BackendName[] = ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'];

/** The npm package that provides each native backend. */
export const NATIVE_PACKAGES = {
  'tensorflow-gpu': '@tensorflow/tfjs-node-gpu',
  tensorflow: '@tensorflow/tfjs-node',
} as const;

export interface BackendChoice {
  name: BackendName;
  /** One line for the user: why this backend, and why not the faster ones. */
  reason: string;
}

export interface BackendProbe {
  /** The MEDKD_BACKEND value, when set: forces one backend. */
  forced?: string;
  /** Loads a package by name; throws when it is missing or fails to load. */
  tryLoad(moduleName: string): unknown;
  /** Whether a CUDA-capable GPU driver is present. */
  hasCuda(): boolean;
  /** Makes `name` the active tfjs backend (its package already loaded); throws when it cannot start. */
  activate(name: BackendName): Promise<void>;
}

function message(e: unknown): string {
  const m = e instanceof Error ? e.message : String(e);
  return m.split('\n')[0] ?? m;
}

function isBackendName(v: string): v is BackendName {
  return (BACKEND_NAMES as readonly string[]).includes(v);
}

async function start(name: BackendName, probe: BackendProbe): Promise<void> {
  if (name === 'tensorflow-gpu' || name === 'tensorflow') probe.tryLoad(NATIVE_PACKAGES[name]);
  await probe.activate(name);
}

/** Chooses and activates a backend; throws only when a forced backend cannot start or none can. */
export async function selectBackend(probe: BackendProbe): Promise<BackendChoice> {
  const forced = probe.forced?.trim();
  if (forced !== undefined && forced !== '') {
    if (!isBackendName(forced)) {
      throw new Error(`MEDKD_BACKEND="${forced}" is not a backend; use one of ${BACKEND_NAMES.join(', ')}`);
    }
    if (forced === 'tensorflow-gpu' && !probe.hasCuda()) {
      throw new Error('MEDKD_BACKEND="tensorflow-gpu" is unavailable: no CUDA GPU driver found');
    }
    try {
      await start(forced, probe);
    } catch (e) {
      throw new Error(`MEDKD_BACKEND="${forced}" is unavailable: ${message(e)}`);
    }
    return { name: forced, reason: 'forced by MEDKD_BACKEND' };
  }

  const skipped: string[] = [];
  const cuda = probe.hasCuda();
  const order: BackendName[] = cuda ? ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'] : ['tensorflow', 'wasm', 'cpu'];
  if (!cuda) skipped.push('tensorflow-gpu: no CUDA GPU');
  for (const name of order) {
    try {
      await start(name, probe);
      const why = name === 'tensorflow-gpu' ? 'CUDA GPU found' : name === 'tensorflow' ? 'native TensorFlow found' : 'fallback';
      return { name, reason: skipped.length === 0 ? why : `${why} (${skipped.join('; ')})` };
    } catch (e) {
      skipped.push(`${name}: ${message(e)}`);
    }
  }
  throw new Error(`no tfjs backend could start (${skipped.join('; ')})`);
}
