import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compareSeries, seriesGroup } from '../../../src/webview/curves/seriesGroups';

describe('seriesGroups', () => {
  it('puts losses, validation metrics and schedules in their charts', () => {
    assert.deepEqual(['loss', 'loss/dice', 'loss/kd', 'val/dice/mean', 'val/dice/3', 'lr', 'kd.weight'].map(seriesGroup), ['losses', 'losses', 'losses', 'validation', 'validation', 'schedule', 'schedule']);
  });

  it('orders the headline series first and classes numerically', () => {
    assert.deepEqual(['val/dice/10', 'val/dice/2', 'val/dice/mean', 'val/dice/1'].sort(compareSeries), ['val/dice/mean', 'val/dice/1', 'val/dice/2', 'val/dice/10']);
    assert.deepEqual(['loss/kd', 'loss', 'loss/ct'].sort(compareSeries), ['loss', 'loss/ct', 'loss/kd']);
  });
});
