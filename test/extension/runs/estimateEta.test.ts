import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { estimateEtaSeconds, formatDuration, stepRate } from '../../../src/extension/runs/estimateEta';

describe('estimateEta', () => {
  it('measures steps per second between the first and last sample', () => {
    // 30 steps in 6 s → 5 steps/s
    assert.equal(stepRate([{ step: 10, time: 1000 }, { step: 25, time: 4000 }, { step: 40, time: 7000 }]), 5);
    assert.equal(stepRate([{ step: 10, time: 1000 }]), undefined);
    assert.equal(stepRate([{ step: 10, time: 1000 }, { step: 10, time: 2000 }]), undefined);
  });

  it('divides the steps left by the rate', () => {
    assert.equal(estimateEtaSeconds(40, 100, 5), 12);
    assert.equal(estimateEtaSeconds(120, 100, 5), 0);
    assert.equal(estimateEtaSeconds(40, undefined, 5), undefined);
    assert.equal(estimateEtaSeconds(40, 100, undefined), undefined);
  });

  it('formats durations', () => {
    assert.equal(formatDuration(42.4), '42s');
    assert.equal(formatDuration(185), '3m 05s');
    assert.equal(formatDuration(3720), '1h 02m');
  });
});
