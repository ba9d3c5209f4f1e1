import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LruCache } from '../../../src/engine/data/lruCache';

test('evicts the least recently used entry by count and by bytes', () => {
  const c = new LruCache<number>(2, 100, (v) => v);
  c.set('a', 10);
  c.set('b', 10);
  c.get('a'); // b is now the oldest
  c.set('c', 10);
  assert.equal(c.get('b'), undefined);
  assert.equal(c.get('a'), 10);
  c.set('d', 95); // over the byte budget: everything older goes, the newest stays
  assert.equal(c.size, 1);
  assert.equal(c.get('d'), 95);
});

test('concurrent loads of one key share a single load; failures are not cached', async () => {
  const c = new LruCache<string>(4, Infinity, () => 1);
  let calls = 0;
  const load = async () => {
    calls++;
    return 'v';
  };
  assert.deepEqual(await Promise.all([c.getOrLoad('k', load), c.getOrLoad('k', load)]), ['v', 'v']);
  assert.equal(calls, 1);
  await assert.rejects(c.getOrLoad('bad', async () => Promise.reject(new Error('boom'))), /boom/);
  assert.equal(await c.getOrLoad('bad', load), 'v');
});
