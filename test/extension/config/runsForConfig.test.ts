import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runsForConfig } from '../../../src/extension/config/runsForConfig';
import { summary } from '../fixtures/runSummary';

describe('runsForConfig', () => {
  it('matches by recorded config path, else by name, newest first', () => {
    const runs = [
      summary({ id: 'a', name: 'kd', configPath: '/w/kd.medkd.json', startedAt: 1 }),
      summary({ id: 'b', name: 'kd', configPath: '/w/other/kd.medkd.json', startedAt: 3 }),
      summary({ id: 'c', name: 'kd', configPath: undefined, startedAt: 2 }),
      summary({ id: 'd', name: 'sup', configPath: undefined, startedAt: 4 }),
    ];
    assert.deepEqual(runsForConfig('/w/kd.medkd.json', 'kd', runs).map((r) => r.id), ['c', 'a']);
    assert.deepEqual(runsForConfig('/w/new.medkd.json', undefined, runs).map((r) => r.id), []);
  });
});
