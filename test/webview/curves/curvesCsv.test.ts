import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { curvesCsv } from '../../../src/webview/curves/curvesCsv';
import { RunSeries } from '../../../src/webview/curves/runSeries';
import { tinyRun } from '../../fixtures/runStore/fixtureRuns';

describe('curvesCsv', () => {
  it('writes one row per logged value, quoting names that need it', () => {
    const s = new RunSeries();
    s.append(tinyRun.metrics);
    const csv = curvesCsv([{ runId: tinyRun.id, name: 'tiny, "a"', series: s }]);
    const lines = csv.trimEnd().split('\n');
    assert.equal(lines[0], 'run_id,run_name,series,step,time_ms,value');
    // 5 steps × 4 train series + 3 eval values.
    assert.equal(lines.length, 1 + 5 * 4 + 3);
    assert.ok(lines.includes(`${tinyRun.id},"tiny, ""a""",loss,3,${tinyRun.metrics[2]?.time},0.25`));
    assert.ok(lines.includes(`${tinyRun.id},"tiny, ""a""",val/dice/2,5,${tinyRun.metrics[5]?.time},0.6`));
  });
});
