import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { JsonLinesFile } from '../../../src/extension/runs/jsonLinesFile';
import { isMetricRecord } from '../../../src/extension/runs/recordGuards';

const dir = mkdtempSync(join(tmpdir(), 'medkd-jsonl-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const m = (step: number) => `${JSON.stringify({ step, time: step, kind: 'train', values: { loss: step } })}\n`;

describe('JsonLinesFile', () => {
  it('returns only what was appended since the last read, completing a torn line later', () => {
    const path = join(dir, 'metrics.jsonl');
    const f = new JsonLinesFile(path, isMetricRecord);
    assert.deepEqual(f.readNew(), { records: [], reset: false }); // missing file
    writeFileSync(path, m(1) + m(2));
    assert.deepEqual(f.readNew().records.map((r) => r.step), [1, 2]);
    const three = m(3);
    appendFileSync(path, three.slice(0, 10));
    assert.deepEqual(f.readNew().records, []);
    appendFileSync(path, three.slice(10) + m(4));
    assert.deepEqual(f.readNew().records.map((r) => r.step), [3, 4]);
    assert.deepEqual(f.readNew().records, []);
  });

  it('starts over when the file was rewritten shorter (a resumed run trims its metrics)', () => {
    const path = join(dir, 'trim.jsonl');
    const f = new JsonLinesFile(path, isMetricRecord);
    writeFileSync(path, m(1) + m(2) + m(3));
    f.readNew();
    writeFileSync(path, m(1));
    const r = f.readNew();
    assert.equal(r.reset, true);
    assert.deepEqual(r.records.map((x) => x.step), [1]);
  });
});
