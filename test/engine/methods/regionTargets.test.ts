import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { regionTargets } from '../../../src/engine/methods/regionTargets';
import { regionPreset } from '../../../src/engine/methods/regionSpec';
import { assertClose, assertNoLeak, take, useCpu } from '../models/testing';

before(useCpu);

test('labels → [N, D, H, W, R] region targets (BraTS 2015: WT {1,2,3,4}, TC {1,3,4}, ET {4})', () => {
  // [1, 1, 1, 5]: labels 0, 1, 2, 3, 4 along x.
  const labels = tf.tensor4d([0, 1, 2, 3, 4], [1, 1, 1, 5], 'int32');
  const t = assertNoLeak(() => take(regionTargets(labels, regionPreset('brats2015').regions)), 'regionTargets');
  // Per voxel [WT, TC, ET].
  assertClose(t, [0, 0, 0, 1, 1, 0, 1, 0, 0, 1, 1, 0, 1, 1, 1], 0);
  labels.dispose();
});
