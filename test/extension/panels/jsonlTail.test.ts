import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JsonlTail } from '../../../src/extension/panels/jsonlTail';

const tmp = (): string => join(mkdtempSync(join(tmpdir(), 'medkd-tail-')), 'metrics.jsonl');

describe('JsonlTail', () => {
  it('returns only lines added since the last read, from the byte offset it stopped at', () => {
    const p = tmp();
    const t = new JsonlTail<{ step: number }>(p);
    assert.deepEqual(t.read().records, []); // no file yet
    writeFileSync(p, '{"step":1}\n{"step":2}\n');
    assert.deepEqual(t.read().records, [{ step: 1 }, { step: 2 }]);
    assert.equal(t.bytesRead, 22);
    appendFileSync(p, '{"step":3}\n');
    assert.deepEqual(t.read().records, [{ step: 3 }]);
    assert.deepEqual(t.read().records, []);
  });

  it('waits for the newline of a torn last line, and splits no UTF-8 character', () => {
    const p = tmp();
    const t = new JsonlTail<{ name: string }>(p);
    writeFileSync(p, '{"name":"a"}\n{"name":"Gef');
    assert.deepEqual(t.read().records, [{ name: 'a' }]);
    appendFileSync(p, 'äß"}\n');
    assert.deepEqual(t.read().records, [{ name: 'Gefäß' }]);
  });

  it('reports a bad whole line with its line number and keeps going', () => {
    const p = tmp();
    writeFileSync(p, '{"step":1}\nnot json\n{"step":3}\n');
    const r = new JsonlTail<{ step: number }>(p).read();
    assert.deepEqual(r.records, [{ step: 1 }, { step: 3 }]);
    assert.equal(r.problems.length, 1);
    assert.match(r.problems[0] ?? '', /metrics\.jsonl:2: /);
  });

  it('starts over when the file was rewritten shorter', () => {
    const p = tmp();
    const t = new JsonlTail<{ step: number }>(p);
    writeFileSync(p, '{"step":1}\n{"step":2}\n');
    t.read();
    writeFileSync(p, '{"step":9}\n');
    const r = t.read();
    assert.equal(r.reset, true);
    assert.deepEqual(r.records, [{ step: 9 }]);
  });
});
