import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { outputProbabilities } from '../../../src/engine/models/outputProbabilities';
import { assertClose, assertNoLeak, take, useCpu } from './testing';

before(useCpu);

test('softmax over classes or sigmoid per region, as the spec says', () => {
  // logits [0, ln 3]: softmax → [0.25, 0.75]; sigmoid → [0.5, 0.75]. Tolerance 1e-6.
  const z = tf.tensor5d([0, Math.log(3)], [1, 1, 1, 1, 2]);
  assertClose(assertNoLeak(() => take(outputProbabilities({ outputActivation: 'softmax' }, z)), 'softmax'), [0.25, 0.75], 1e-6);
  assertClose(take(outputProbabilities({ outputActivation: 'sigmoid' }, z)), [0.5, 0.75], 1e-6);
  z.dispose();
});
