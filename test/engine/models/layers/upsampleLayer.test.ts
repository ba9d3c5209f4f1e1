import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { ParamStore } from '../../../../src/engine/models/paramStore';
import { upsampleLayer } from '../../../../src/engine/models/layers/upsampleLayer';
import type { UpsamplingKind } from '../../../../src/engine/models/modelSpec';
import { assertClose, assertNoLeak, gradientCheck, probe, randomTensor, take, useCpu, variableGradientCheck } from '../testing';

before(useCpu);

function setOnly(store: ParamStore, name: string, values: number[]): void {
  const v = store.variables.get(name);
  assert.ok(v, name);
  v.assign(tf.tensor(values, v.shape));
}

test('nearest: a 1×1×1 conv, then every voxel copied to its 2×2×2 block', () => {
  // x: [1, 1, 1, 1, 1] = 3, conv weight 2 → eight 6s; trace: 2·1·1·1 FLOPs at the coarse grid.
  const store = new ParamStore(0);
  const up = upsampleLayer(store, 'up', 'nearest', 1, 1);
  setOnly(store, 'up.conv.w', [2]);
  const x = tf.tensor5d([3], [1, 1, 1, 1, 1]);
  assertClose(assertNoLeak(() => take(up.apply(x)), 'nearest'), Array(8).fill(6), 1e-6);
  const flops = { total: 0 };
  assert.deepEqual(up.trace([1, 1, 1, 1], flops), [2, 2, 2, 1]);
  assert.equal(flops.total, 2);
  tf.dispose([x, ...store.variables.values()]);
});

test('transposed: each input voxel times the 2×2×2 kernel fills its output block', () => {
  // x = 2, kernel w[a, b, c] = 1…8 (layout [2, 2, 2, out, in]) → output (z, y, x order) 2, 4, …, 16.
  const store = new ParamStore(0);
  const up = upsampleLayer(store, 'up', 'transposed', 1, 1);
  setOnly(store, 'up.w', [1, 2, 3, 4, 5, 6, 7, 8]);
  assert.deepEqual(store.variables.get('up.w')?.shape, [2, 2, 2, 1, 1]);
  const x = tf.tensor5d([2], [1, 1, 1, 1, 1]);
  assertClose(assertNoLeak(() => take(up.apply(x)), 'transposed'), [2, 4, 6, 8, 10, 12, 14, 16], 1e-6);
  tf.dispose([x, ...store.variables.values()]);
});

test('resizeConv: trilinear ×2 (align-corners or half-pixel) then a k2 "same" conv', () => {
  // x: [1, 1, 1, 2, 1] = [0, 3] along W; conv kernel 1 at tap (0, 0, 0), 0 elsewhere, so the conv passes values through.
  // align-corners: W positions 0, 1/3, 2/3, 1 → [0, 1, 2, 3]; half-pixel: −0.25, 0.25, 0.75, 1.25 (clamped) → [0, 0.75, 2.25, 3].
  // D and H have size 1, so both output rows repeat the line.
  for (const [align, line] of [[true, [0, 1, 2, 3]], [false, [0, 0.75, 2.25, 3]]] as const) {
    const store = new ParamStore(0);
    const up = upsampleLayer(store, 'up', 'resizeConv', 1, 1, align);
    setOnly(store, 'up.conv.w', [1, 0, 0, 0, 0, 0, 0, 0]);
    const x = tf.tensor5d([0, 3], [1, 1, 1, 2, 1]);
    assertClose(assertNoLeak(() => take(up.apply(x)), 'resizeConv'), [...line, ...line, ...line, ...line], 1e-6, `alignCorners ${align}`);
    const flops = { total: 0 };
    assert.deepEqual(up.trace([1, 1, 2, 1], flops), [2, 2, 4, 1]);
    assert.equal(flops.total, 2 * 16 * 8); // 16 output voxels × 8 taps
    tf.dispose([x, ...store.variables.values()]);
  }
});

test('every upsampling kind: gradients match finite differences for the input and the weights', () => {
  // x: [1, 2, 2, 2, 3] → 2 channels; step 1e-2, tolerance 1e-2 of the largest gradient.
  for (const kind of ['nearest', 'transposed', 'resizeConv'] as UpsamplingKind[]) {
    const store = new ParamStore(9);
    const up = upsampleLayer(store, 'up', kind, 3, 2);
    const x = randomTensor([1, 2, 2, 2, 3], 10);
    assertNoLeak(() => {
      try {
        gradientCheck((xi) => probe(up.apply(xi as tf.Tensor5D)), [x]);
        variableGradientCheck(() => probe(up.apply(x)), [...store.variables.values()]);
      } catch (e) {
        throw new Error(`${kind}: ${(e as Error).message}`);
      }
    }, `${kind} gradient checks`);
    tf.dispose([x, ...store.variables.values()]);
  }
});
