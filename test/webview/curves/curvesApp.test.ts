// The curves webview, built and rendered in headless Chromium, fed the run-store fixtures.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import type { CurvesHostMessage, CurvesViewState } from '../../../src/webview/protocol';
import { bigRunMetrics, kdRun, teacherRun, tinyRun } from '../../fixtures/runStore/fixtureRuns';
import type { RunFixture } from '../../fixtures/runStore/fixtureRuns';
import { launchChromium, WebviewPage } from '../harness/webviewHarness';

interface Inspected {
  state: CurvesViewState;
  charts: {
    group: string;
    yType: string;
    x: { min: number; max: number };
    datasets: { runId: string; series: string; kind: 'raw' | 'smoothed'; hidden: boolean; points: number; drawn: number; y: number[] }[];
    markers: { px: number; x: number; lines: string[] }[];
  }[];
}

const runsMsg = (...runs: RunFixture[]): CurvesHostMessage => ({
  type: 'runs',
  runs: runs.map((r) => ({ runId: r.id, runDir: `/ws/.medkd/runs/${r.id}`, name: r.config.name, labels: r.config.data.labelNames })),
});
const appendMsg = (r: RunFixture): CurvesHostMessage => ({ type: 'append', runId: r.id, metrics: r.metrics, events: r.events });

describe('curves webview', () => {
  let browser: Browser;
  before(async () => {
    browser = await launchChromium();
  });
  after(async () => {
    await browser.close();
  });

  it('draws every series of a run, smoothed with a debiased EMA, grouped into charts', async () => {
    const w = await WebviewPage.open(browser, 'curves');
    await w.send(runsMsg(tinyRun));
    await w.send(appendMsg(tinyRun));
    const info = await w.inspect<Inspected>();
    assert.deepEqual(info.charts.map((c) => c.group), ['losses', 'validation', 'schedule']);
    const losses = info.charts[0];
    assert.ok(losses);
    const loss = losses.datasets.find((d) => d.series === 'loss' && d.kind === 'smoothed');
    const raw = losses.datasets.find((d) => d.series === 'loss' && d.kind === 'raw');
    assert.ok(loss && raw);
    assert.equal(loss.points, 5);
    assert.equal(loss.drawn, 5);
    assert.deepEqual(raw.y, [1, 0.5, 0.25, 0.5, 0.125]);
    // EMA 0.6, debiased: s1 = 0.4·1/0.4 = 1; s2 = (0.24 + 0.2)/0.64 = 0.6875; s3 = (0.264 + 0.1)/0.784.
    const expected = [1, 0.6875, 0.364 / 0.784, (0.364 * 0.6 + 0.2) / (1 - 0.6 ** 4), ((0.364 * 0.6 + 0.2) * 0.6 + 0.05) / (1 - 0.6 ** 5)];
    loss.y.forEach((y, i) => assert.ok(Math.abs(y - (expected[i] ?? NaN)) < 1e-9, `smoothed[${i}] = ${y}, expected ${expected[i]}`));
    assert.deepEqual(losses.datasets.filter((d) => d.kind === 'smoothed').map((d) => d.series), ['loss', 'loss/dice', 'loss/kd']);
    const val = info.charts[1];
    assert.deepEqual(val?.datasets.filter((d) => d.kind === 'smoothed').map((d) => d.series), ['val/dice/mean', 'val/dice/1', 'val/dice/2']);
    assert.deepEqual(info.charts[2]?.datasets.filter((d) => d.kind === 'smoothed').map((d) => d.series), ['lr']);
    assert.deepEqual(w.errors, []);
    await w.close();
  });
});
