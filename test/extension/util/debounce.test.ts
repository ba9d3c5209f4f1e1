import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { debounce } from '../../../src/extension/util/debounce';

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('debounce', () => {
  it('runs once per burst, after the wait', async () => {
    let calls = 0;
    const d = debounce(() => calls++, 20);
    d();
    d();
    d();
    assert.equal(calls, 0);
    await wait(40);
    assert.equal(calls, 1);
  });

  it('flush runs a pending call now; cancel drops it', async () => {
    let calls = 0;
    const d = debounce(() => calls++, 20);
    d();
    d.flush();
    assert.equal(calls, 1);
    d.flush(); // nothing pending
    assert.equal(calls, 1);
    d();
    d.cancel();
    await wait(40);
    assert.equal(calls, 1);
  });
});
