import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend, wasmDir } from '../../../src/engine/backend/initBackend';
import { isNativeBackend } from '../../../src/engine/backend/isNativeBackend';

test('wasmDir: from source, the package dist folder holding the SIMD binary', () => {
  const dir = wasmDir();
  assert.ok(dir.endsWith('/'));
  assert.ok(existsSync(`${dir}tfjs-backend-wasm-simd.wasm`), dir);
});

function installed(name: string): boolean {
  try {
    require.resolve(name);
    return true;
  } catch {
    return false;
  }
}

const native = installed('@tensorflow/tfjs-node') || installed('@tensorflow/tfjs-node-gpu');

test('initBackend without native TensorFlow: starts wasm, runs an op, remembers the choice', { skip: native && 'a native backend is installed here' }, async () => {
  const choice = await initBackend({});
  assert.equal(choice.name, 'wasm');
  assert.equal(tf.getBackend(), 'wasm');
  assert.equal(isNativeBackend(), false);
  const s = tf.sum(tf.tensor1d([1, 2, 3]));
  assert.equal(s.dataSync()[0], 6);
  s.dispose();
  assert.equal(await initBackend({ MEDKD_BACKEND: 'cpu' }), choice);
});
