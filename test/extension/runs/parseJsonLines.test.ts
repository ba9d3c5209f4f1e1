import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseJsonLines } from '../../../src/extension/runs/parseJsonLines';
import { isMetricRecord } from '../../../src/extension/runs/recordGuards';

const enc = (s: string) => new TextEncoder().encode(s);
const m = (step: number) => JSON.stringify({ step, time: 1000 + step, kind: 'train', values: { loss: 1 / step } });

describe('parseJsonLines', () => {
  it('leaves a half-written last line unconsumed for the next read', () => {
    const text = `${m(1)}\n${m(2)}\n{"step":3,"ti`;
    const r = parseJsonLines(enc(text), isMetricRecord);
    assert.deepEqual(r.records.map((x) => x.step), [1, 2]);
    assert.equal(r.consumed, `${m(1)}\n${m(2)}\n`.length);
    assert.equal(r.badLines, 0);
  });

  it('waits for the newline even when the unterminated tail happens to parse', () => {
    const r = parseJsonLines(enc(`${m(1)}\n${m(2)}`), isMetricRecord);
    assert.deepEqual(r.records.map((x) => x.step), [1]);
    assert.equal(r.consumed, m(1).length + 1);
  });

  it('when final, takes a complete unterminated line and drops a torn one', () => {
    assert.deepEqual(parseJsonLines(enc(`${m(1)}\n${m(2)}`), isMetricRecord, true).records.map((x) => x.step), [1, 2]);
    const torn = parseJsonLines(enc(`${m(1)}\n{"step":2`), isMetricRecord, true);
    assert.deepEqual(torn.records.map((x) => x.step), [1]);
    assert.equal(torn.badLines, 0);
    assert.equal(torn.consumed, `${m(1)}\n{"step":2`.length);
  });

  it('skips and counts complete lines that are not JSON or not records, and blank lines', () => {
    const r = parseJsonLines(enc(`${m(1)}\nnot json\n\n{"step":"x"}\n${m(4)}\n`), isMetricRecord);
    assert.deepEqual(r.records.map((x) => x.step), [1, 4]);
    assert.equal(r.badLines, 2);
  });

  it('keeps multi-byte characters whole', () => {
    const line = JSON.stringify({ type: 'status', time: 1, step: 0, status: 'failed', message: 'größe ≠ 3' });
    const r = parseJsonLines(enc(`${line}\n`), (v): v is { message: string } => typeof v === 'object');
    assert.equal(r.records[0]?.message, 'größe ≠ 3');
  });
});
