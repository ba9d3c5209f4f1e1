import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { msKdRegionMasks } from '../../../src/engine/losses/msKdRegionMasks';
import { assertNoLeak, take, useCpu } from '../models/testing';

before(useCpu);

// Two binary teachers over 3 voxels ([1, 1, 1, 3, 2]): T1 sees its organ at voxel 0, T2 at voxel 1, both say background at voxel 2.
const t1 = (): tf.Tensor5D => tf.tensor5d([0, 1, 1, 0, 1, 0], [1, 1, 1, 3, 2]);
const t2 = (): tf.Tensor5D => tf.tensor5d([1, 0, 0, 2, 1, 0], [1, 1, 1, 3, 2]);

test('organ regions, agreed background, and R_k = O_k ∪ B', () => {
  const [a, b] = [t1(), t2()];
  const masks = assertNoLeak(() => {
    const r = msKdRegionMasks([a, b]);
    const out = { organ: r.organ.map(take), background: take(r.background), regions: r.regions.map(take) };
    assert.deepEqual(r.background ? [1, 1, 1, 3, 1] : [], [1, 1, 1, 3, 1]);
    return out;
  }, 'msKdRegionMasks');
  assert.deepEqual(masks.organ, [[1, 0, 0], [0, 1, 0]]);
  assert.deepEqual(masks.background, [0, 0, 1]);
  assert.deepEqual(masks.regions, [[1, 0, 1], [0, 1, 1]]);
  tf.dispose([a, b]);
});

test('a per-teacher threshold on the organ probability replaces the argmax', () => {
  // T1's organ probability at voxel 0 is softmax([0, 1])[1] ≈ 0.731 < 0.8: no organ, so voxel 0 becomes agreed background.
  const [a, b] = [t1(), t2()];
  const r = msKdRegionMasks([a, b], { threshold: [0.8, 0.5] });
  assert.deepEqual(take(r.organ[0] as tf.Tensor), [0, 0, 0]);
  assert.deepEqual(take(r.background), [1, 0, 1]);
  assert.deepEqual(take(r.regions[0] as tf.Tensor), [1, 0, 1]);
  tf.dispose([...r.organ.slice(1), ...r.regions.slice(1), a, b]);
  const three = tf.zeros([1, 1, 1, 1, 3]) as tf.Tensor5D;
  assert.throws(() => msKdRegionMasks([three]), /teacher 0 has 3 channels, expected 2/);
  three.dispose();
});
