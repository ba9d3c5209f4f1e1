import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { DEFAULT_AUGMENT } from '../../../src/engine/data/augment';
import type { BatchOptions } from '../../../src/engine/data/batchMaker';
import { createBatchSource } from '../../../src/engine/data/batchSource';
import { loadDataset } from '../../../src/engine/data/loadDataset';
import { createPrefetchingBatchSource } from '../../../src/engine/data/prefetchBatchSource';
import { DEFAULT_PREPROCESS } from '../../../src/engine/data/preprocess';

const config = { synthetic: { cases: 4, unlabeledCases: 2, size: [20, 20, 20] as [number, number, number] }, validation: { count: 1 } };
const options: BatchOptions = { sampling: { patchSize: [12, 12, 12], batchSize: 2, foregroundFraction: 0.5, seed: 7 }, preprocess: DEFAULT_PREPROCESS, augment: { ...DEFAULT_AUGMENT, probability: 1 } };

test('the worker makes exactly the batches the in-process source makes, in either stream order', async () => {
  const prefetched = createPrefetchingBatchSource(config, tmpdir(), { ...options, start: { labelled: 2 } }, { depth: 2, warm: ['labelled', 'unlabelled'] });
  try {
    const local = createBatchSource(await loadDataset(config), { ...options, start: { labelled: 2 } });
    for (const kind of ['labelled', 'unlabelled', 'unlabelled', 'labelled', 'labelled'] as const) {
      const [a, b] = [await prefetched.next(kind), await local.next(kind)];
      assert.deepEqual(a, b, `${kind} batch ${b.index}`);
    }
  } finally {
    await prefetched.close();
  }
  await assert.rejects(prefetched.next('labelled'), /batch source is closed/);
});

test('a dataset the worker cannot load rejects next() with its one-line error', async () => {
  const src = createPrefetchingBatchSource({ images: 'no-such-folder', labels: 'nor-this' }, tmpdir(), options);
  try {
    await assert.rejects(src.next('labelled'), (e: Error) => /^data\.images: .*no-such-folder: folder not found/.test(e.message) && !e.message.includes('\n'));
  } finally {
    await src.close();
  }
});
