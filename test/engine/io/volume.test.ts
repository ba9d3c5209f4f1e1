import { test } from 'node:test';
import assert from 'node:assert/strict';
import { identityAffine, volumeLike } from '../../../src/engine/io/volume';

test('volumeLike copies the grid and checks the data length', () => {
  const v = { data: new Float32Array(24), dims: [2, 3, 4] as [number, number, number], channels: 1, spacing: [1, 2, 3] as [number, number, number], affine: identityAffine([1, 2, 3]), sourceDatatype: 'int16' };
  const w = volumeLike(v, new Float32Array(24));
  assert.deepEqual(w.dims, [2, 3, 4]);
  assert.equal(w.affine[1]![1], 2);
  assert.throws(() => volumeLike(v, new Float32Array(5)), /5 values, grid 2×3×4×1 needs 24/);
});
