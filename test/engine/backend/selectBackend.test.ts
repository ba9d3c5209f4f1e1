import { test } from 'node:test';
import assert from 'node:assert/strict';
import { selectBackend } from '../../../src/engine/backend/selectBackend';
import type { BackendProbe } from '../../../src/engine/backend/selectBackend';
import type { BackendName } from '../../../src/engine/protocol';

/** A fake machine: which packages load, whether CUDA is there, which backends fail to start; records activations. */
function probe(opts: { modules?: string[]; throwing?: string[]; cuda?: boolean; failing?: BackendName[]; forced?: string }): BackendProbe & { started: BackendName[] } {
  const started: BackendName[] = [];
  return {
    forced: opts.forced,
    started,
    tryLoad: (name) => {
      if (opts.throwing?.includes(name)) throw new Error(`${name}: libtensorflow.so: cannot open shared object file\nstack`);
      if (!(opts.modules ?? []).includes(name)) throw new Error(`Cannot find module '${name}'`);
      return {};
    },
    hasCuda: () => opts.cuda ?? false,
    activate: async (name) => {
      if (opts.failing?.includes(name)) throw new Error(`${name} init failed`);
      started.push(name);
    },
  };
}

const GPU = '@tensorflow/tfjs-node-gpu';
const NODE = '@tensorflow/tfjs-node';

test('CUDA present and tfjs-node-gpu installed → tensorflow-gpu', async () => {
  const p = probe({ modules: [GPU, NODE], cuda: true });
  assert.deepEqual(await selectBackend(p), { name: 'tensorflow-gpu', reason: 'CUDA GPU found' });
  assert.deepEqual(p.started, ['tensorflow-gpu']);
});

test('no CUDA: tfjs-node-gpu is not even tried; tfjs-node installed → tensorflow', async () => {
  const p = probe({ modules: [GPU, NODE], cuda: false });
  const c = await selectBackend(p);
  assert.equal(c.name, 'tensorflow');
  assert.match(c.reason, /tensorflow-gpu: no CUDA GPU/);
  assert.deepEqual(p.started, ['tensorflow']);
});

test('CUDA present but tfjs-node-gpu missing → tensorflow, the reason names the missing package', async () => {
  const c = await selectBackend(probe({ modules: [NODE], cuda: true }));
  assert.equal(c.name, 'tensorflow');
  assert.match(c.reason, /Cannot find module '@tensorflow\/tfjs-node-gpu'/);
});

test('native packages absent → wasm', async () => {
  const p = probe({});
  const c = await selectBackend(p);
  assert.equal(c.name, 'wasm');
  assert.match(c.reason, /^fallback \(tensorflow-gpu: no CUDA GPU; tensorflow: Cannot find module '@tensorflow\/tfjs-node'\)$/);
  assert.deepEqual(p.started, ['wasm']);
});

test('a native package that throws while loading (broken libtensorflow) → wasm, first line of the error kept', async () => {
  const c = await selectBackend(probe({ modules: [NODE], throwing: [NODE] }));
  assert.equal(c.name, 'wasm');
  assert.match(c.reason, /libtensorflow\.so: cannot open shared object file\)$/);
});

test('native package loads but its backend fails to start → wasm', async () => {
  const c = await selectBackend(probe({ modules: [NODE], failing: ['tensorflow'] }));
  assert.equal(c.name, 'wasm');
  assert.match(c.reason, /tensorflow: tensorflow init failed/);
});

test('WASM init failure → cpu', async () => {
  const p = probe({ failing: ['wasm'] });
  const c = await selectBackend(p);
  assert.equal(c.name, 'cpu');
  assert.match(c.reason, /wasm: wasm init failed/);
  assert.deepEqual(p.started, ['cpu']);
});

test('nothing starts → an error listing every attempt', async () => {
  await assert.rejects(selectBackend(probe({ failing: ['wasm', 'cpu'] })), /no tfjs backend could start .*wasm: wasm init failed; cpu: cpu init failed/);
});

test('MEDKD_BACKEND forces a backend even when a faster one exists', async () => {
  const p = probe({ modules: [NODE], forced: 'cpu' });
  assert.deepEqual(await selectBackend(p), { name: 'cpu', reason: 'forced by MEDKD_BACKEND' });
  assert.deepEqual(p.started, ['cpu']);
});

test('MEDKD_BACKEND forced native backend that is missing → error naming the value', async () => {
  await assert.rejects(selectBackend(probe({ forced: 'tensorflow' })), /MEDKD_BACKEND="tensorflow" is unavailable: Cannot find module '@tensorflow\/tfjs-node'/);
});

test('MEDKD_BACKEND=tensorflow-gpu without CUDA → error', async () => {
  await assert.rejects(selectBackend(probe({ modules: [GPU], forced: 'tensorflow-gpu' })), /MEDKD_BACKEND="tensorflow-gpu" is unavailable: no CUDA/);
});

test('MEDKD_BACKEND forced wasm that fails to start → error, no silent fallback', async () => {
  const p = probe({ forced: 'wasm', failing: ['wasm'] });
  await assert.rejects(selectBackend(p), /MEDKD_BACKEND="wasm" is unavailable: wasm init failed/);
  assert.deepEqual(p.started, []);
});

test('MEDKD_BACKEND with an unknown value → error naming the value and the choices', async () => {
  await assert.rejects(selectBackend(probe({ forced: 'webgl' })), /MEDKD_BACKEND="webgl" is not a backend; use one of tensorflow-gpu, tensorflow, wasm, cpu/);
});

test('an empty MEDKD_BACKEND means automatic', async () => {
  assert.equal((await selectBackend(probe({ forced: '  ' }))).name, 'wasm');
});
