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
  redrawMs: number;
  charts: {
    group: string;
    yType: string;
    tickColor: string;
    animated: boolean;
    x: { min: number; max: number };
    area: { left: number; right: number; top: number; bottom: number };
    datasets: { runId: string; series: string; kind: 'raw' | 'smoothed'; hidden: boolean; points: number; drawn: number; y: number[] }[];
    markers: { px: number; x: number; lines: string[] }[];
  }[];
}

const runsMsg = (...runs: RunFixture[]): CurvesHostMessage => ({
  type: 'runs',
  runs: runs.map((r) => ({ runId: r.id, runDir: `/ws/.medkd/runs/${r.id}`, name: r.config.name, labels: r.config.data.labelNames })),
});
const appendMsg = (r: RunFixture): CurvesHostMessage => ({ type: 'append', runId: r.id, metrics: r.metrics, events: r.events });

async function openWith(browser: Browser, runs: RunFixture[], opts: Parameters<typeof WebviewPage.open>[2] = {}): Promise<WebviewPage> {
  const w = await WebviewPage.open(browser, 'curves', opts);
  await w.send(runsMsg(...runs));
  for (const r of runs) await w.send(appendMsg(r));
  return w;
}

const chart = (info: Inspected, group: string): Inspected['charts'][number] => {
  const c = info.charts.find((x) => x.group === group);
  assert.ok(c, `chart ${group}`);
  return c;
};

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

  it('draws a tweak marker at the x of each live change, in every chart, with old → new on hover', async () => {
    const w = await openWith(browser, [kdRun]);
    const info = await w.inspect<Inspected>();
    for (const c of info.charts) {
      assert.deepEqual(c.markers.map((m) => m.x), [200, 400], c.group);
      // Independent of the chart's own mapping: linear from the plot area's left (x min) to right (x max).
      for (const m of c.markers) {
        const expected = c.area.left + ((m.x - c.x.min) / (c.x.max - c.x.min)) * (c.area.right - c.area.left);
        assert.ok(Math.abs(m.px - expected) <= 1, `${c.group}: marker at ${m.px}, expected ${expected}`);
      }
    }
    const losses = chart(info, 'losses');
    assert.deepEqual(losses.markers[0]?.lines, ['kd-student · step 200', 'kd.weight: 0.5 → 1 (panel)']);
    assert.deepEqual(losses.markers[1]?.lines, ['kd-student · step 400', 'lr: 0.001 → 3e-4 (command)']);
    // The marker is on the canvas: its pixel column carries the marker colour (dashed, so look along it).
    const px = losses.markers[0]?.px ?? -1;
    const marker = [0xcc, 0xa7, 0x00]; // --vscode-editorWarning-foreground, dark theme
    let hits = 0;
    for (let y = Math.ceil(losses.area.top) + 8; y < losses.area.bottom - 2; y += 3) {
      const [r, g, b] = await w.canvasPixel('.chart-card[data-group="losses"] canvas', 0, px, y);
      if (Math.abs(r - (marker[0] ?? 0)) < 30 && Math.abs(g - (marker[1] ?? 0)) < 30 && Math.abs(b - (marker[2] ?? 0)) < 40) hits++;
    }
    assert.ok(hits >= 10, `marker colour found ${hits} times along x = ${px}`);
    // Hover the marker: the tooltip shows the change.
    const box = await w.page.locator('.chart-card[data-group="losses"] canvas').boundingBox();
    assert.ok(box);
    await w.page.mouse.move(box.x + px, box.y + (losses.area.top + losses.area.bottom) / 2);
    await w.page.waitForSelector('.tweak-tip:not([hidden])');
    assert.equal(await w.page.textContent('.tweak-tip'), 'kd-student · step 200kd.weight: 0.5 → 1 (panel)');
    await w.close();
  });

  it('shows several runs, colours them from the palette, and toggles a run from the legend', async () => {
    const w = await openWith(browser, [kdRun, teacherRun]);
    let info = await w.inspect<Inspected>();
    const losses = chart(info, 'losses');
    assert.deepEqual([...new Set(losses.datasets.map((d) => d.runId))], [kdRun.id, teacherRun.id]);
    assert.equal(losses.datasets.find((d) => d.runId === teacherRun.id && d.series === 'loss' && d.kind === 'smoothed')?.points, 450);
    // Markers of both runs: kd at 200 and 400, the teacher at 300.
    assert.deepEqual(losses.markers.map((m) => m.x).sort((a, b) => a - b), [200, 300, 400]);
    const swatches = await w.page.$$eval('.runs-legend .swatch', (els) => els.map((e) => getComputedStyle(e).backgroundColor));
    assert.deepEqual(swatches, ['rgb(55, 148, 255)', 'rgb(209, 134, 22)']); // charts-blue, charts-orange
    await w.page.click(`.runs-legend button[data-run="${teacherRun.id}"]`);
    info = await w.inspect<Inspected>();
    assert.deepEqual([...new Set(chart(info, 'losses').datasets.map((d) => d.runId))], [kdRun.id]);
    assert.deepEqual(chart(info, 'losses').markers.map((m) => m.x), [200, 400]);
    assert.equal(await w.page.getAttribute(`.runs-legend button[data-run="${teacherRun.id}"]`, 'aria-pressed'), 'false');
    assert.deepEqual((await w.savedState<CurvesViewState>()).hiddenRuns, { [teacherRun.id]: true });
    assert.deepEqual((await w.savedState<CurvesViewState>()).runDirs, [`/ws/.medkd/runs/${kdRun.id}`, `/ws/.medkd/runs/${teacherRun.id}`]);
    await w.close();
  });

  it('colours cycle through the palette with no cap on the number of runs', async () => {
    const runs = Array.from({ length: 12 }, (_, i) => ({ ...tinyRun, id: `run-${i}`, config: { ...tinyRun.config, name: `run ${i}` } }));
    const w = await openWith(browser, runs);
    const info = await w.inspect<Inspected>();
    assert.equal(new Set(chart(info, 'losses').datasets.map((d) => d.runId)).size, 12);
    const swatches = await w.page.$$eval('.runs-legend .swatch', (els) => els.map((e) => getComputedStyle(e).backgroundColor));
    assert.equal(swatches.length, 12);
    assert.equal(new Set(swatches.slice(0, 10)).size, 10);
    assert.equal(swatches[10], swatches[0]);
    await w.close();
  });

  it('streams: appended records extend the lines, a reset replaces them', async () => {
    const w = await openWith(browser, [{ ...tinyRun, metrics: tinyRun.metrics.slice(0, 2), events: [] }]);
    const loss = async (): Promise<Inspected['charts'][number]['datasets'][number] | undefined> =>
      chart(await w.inspect<Inspected>(), 'losses').datasets.find((d) => d.series === 'loss' && d.kind === 'smoothed');
    assert.equal((await loss())?.points, 2);
    await w.send({ type: 'append', runId: tinyRun.id, metrics: tinyRun.metrics.slice(2), events: tinyRun.events } satisfies CurvesHostMessage);
    const l = await loss();
    assert.equal(l?.points, 5);
    // Incremental smoothing gives the same values as smoothing the whole series.
    assert.ok(Math.abs((l?.y[2] ?? 0) - 0.364 / 0.784) < 1e-9);
    await w.send({ type: 'append', runId: tinyRun.id, metrics: tinyRun.metrics.slice(0, 1), events: [], reset: true } satisfies CurvesHostMessage);
    assert.equal((await loss())?.points, 1);
    await w.close();
  });

  it('stays fluid with 100,000 points per series: decimated drawing, fast redraws', async (t: { diagnostic(m: string): void }) => {
    const big = bigRunMetrics(100_000);
    const w = await WebviewPage.open(browser, 'curves', { width: 1000, height: 800 });
    await w.send(runsMsg({ ...tinyRun, id: 'big', metrics: [], events: [] }));
    for (let i = 0; i < big.length; i += 20_000) await w.send({ type: 'append', runId: 'big', metrics: big.slice(i, i + 20_000), events: [] } satisfies CurvesHostMessage);
    let info = await w.inspect<Inspected>();
    const full = info.redrawMs;
    const loss = chart(info, 'losses').datasets.find((d) => d.series === 'loss' && d.kind === 'smoothed');
    assert.equal(loss?.points, 100_000);
    // LTTB draws about one point per horizontal pixel, not 100,000.
    assert.ok((loss?.drawn ?? 0) > 0 && (loss?.drawn ?? 1e9) <= 1000, `drawn ${loss?.drawn}`);
    // A live step on top of 100k points: an incremental redraw (the machine is shared: bounds are generous).
    await w.send({ type: 'append', runId: 'big', metrics: [{ step: 100_001, time: 1, kind: 'train', values: { loss: 0.1, lr: 1e-3 } }], events: [] } satisfies CurvesHostMessage);
    info = await w.inspect<Inspected>();
    assert.equal(chart(info, 'losses').datasets.find((d) => d.series === 'loss' && d.kind === 'smoothed')?.points, 100_001);
    t.diagnostic(`redraw with 100k points per series: ${full.toFixed(0)} ms after the last chunk, ${info.redrawMs.toFixed(0)} ms after one more step`);
    assert.ok(info.redrawMs < 500, `append redraw took ${info.redrawMs} ms`);
    // Changing the smoothing recomputes every point: still well under a second.
    await w.page.fill('#smoothing', '0.9');
    info = await w.inspect<Inspected>();
    assert.ok(info.redrawMs < 1000, `smoothing change took ${info.redrawMs} ms`);
    await w.close();
  });

  it('log-scale y per chart, and the x axis by relative wall time', async () => {
    const w = await openWith(browser, [tinyRun]);
    await w.page.click('.chart-card[data-group="schedule"] .toggle');
    let info = await w.inspect<Inspected>();
    assert.equal(chart(info, 'schedule').yType, 'logarithmic');
    assert.equal(chart(info, 'losses').yType, 'linear');
    await w.page.selectOption('#x-axis', 'time');
    info = await w.inspect<Inspected>();
    const losses = chart(info, 'losses');
    // Seconds since the first record (t0 + 1 s): 0, 1, 2, 3, 4; the tweak at t0 + 2.5 s is at 1.5.
    assert.deepEqual(losses.markers.map((m) => m.x), [1.5]);
    assert.equal(losses.x.min, 0);
    assert.equal(losses.x.max, 4);
    const state = await w.savedState<CurvesViewState>();
    assert.equal(state.xAxis, 'time');
    assert.deepEqual(state.logY, { schedule: true });
    await w.close();
  });

  it('zooms with the keyboard, keeps every chart on the same x range, and resets', async () => {
    const w = await openWith(browser, [kdRun]);
    const full = chart(await w.inspect<Inspected>(), 'losses').x;
    await w.page.focus('.chart-card[data-group="losses"] canvas');
    await w.page.keyboard.press('+');
    let info = await w.inspect<Inspected>();
    const r = chart(info, 'losses').x;
    assert.ok(r.max - r.min < (full.max - full.min) * 0.9, `zoomed range ${r.min}..${r.max}`);
    assert.deepEqual(chart(info, 'validation').x, r);
    assert.deepEqual(chart(info, 'schedule').x, r);
    assert.deepEqual((await w.savedState<CurvesViewState>()).xRange, r);
    await w.page.click('#reset-zoom');
    info = await w.inspect<Inspected>();
    assert.deepEqual(chart(info, 'losses').x, full);
    assert.equal((await w.savedState<CurvesViewState>()).xRange, undefined);
    await w.close();
  });

  it('restores smoothing, x axis, hidden runs, log scales and zoom from the saved state', async () => {
    const state: CurvesViewState = { runDirs: [], smoothing: 0, xAxis: 'step', logY: { losses: true }, hiddenRuns: { [teacherRun.id]: true }, hiddenSeries: { 'loss/ct': true }, xRange: { min: 100, max: 300 } };
    const w = await openWith(browser, [kdRun, teacherRun], { state });
    const info = await w.inspect<Inspected>();
    assert.equal(await w.page.inputValue('#smoothing'), '0');
    const losses = chart(info, 'losses');
    assert.equal(losses.yType, 'logarithmic');
    assert.deepEqual(losses.x, { min: 100, max: 300 });
    assert.deepEqual([...new Set(losses.datasets.map((d) => d.runId))], [kdRun.id]);
    assert.ok(!losses.datasets.some((d) => d.series === 'loss/ct'));
    // Smoothing 0: the raw line is hidden and the drawn line is the raw values.
    const raw = losses.datasets.find((d) => d.series === 'loss' && d.kind === 'raw');
    assert.equal(raw?.hidden, true);
    await w.close();
  });

  it('exports CSV and PNG through the host', async () => {
    const w = await openWith(browser, [tinyRun]);
    await w.page.click('#export-csv');
    await w.page.click('#export-png');
    const exports = await w.waitForPosted('export', 2);
    const csv = exports.find((m) => m['format'] === 'csv');
    assert.equal(csv?.['fileName'], 'tiny-metrics.csv');
    assert.equal(String(csv?.['text']).trimEnd().split('\n').length, 1 + 23);
    const png = exports.find((m) => m['format'] === 'png');
    assert.match(String(png?.['dataUrl']), /^data:image\/png;base64,iVBOR/);
    await w.send({ type: 'exported', format: 'csv', path: '/tmp/x.csv' } satisfies CurvesHostMessage);
    await w.page.waitForSelector('.flash');
    assert.equal(await w.page.textContent('.flash'), 'Saved CSV to /tmp/x.csv');
    await w.close();
  });

  it('animates only when the user has not asked for reduced motion', async () => {
    const reduced = await openWith(browser, [tinyRun]);
    assert.equal(chart(await reduced.inspect<Inspected>(), 'losses').animated, false);
    await reduced.close();
    const normal = await openWith(browser, [tinyRun], { reducedMotion: false });
    assert.equal(chart(await normal.inspect<Inspected>(), 'losses').animated, true);
    await normal.close();
  });

  it('logs an unknown host message instead of dropping it', async () => {
    const w = await WebviewPage.open(browser, 'curves');
    await w.send({ type: 'bogus' });
    const logs = await w.waitForPosted('log');
    assert.match(String(logs[0]?.['message']), /unknown host message: \{"type":"bogus"\}/);
    await w.close();
  });

  it('takes canvas colours from the theme and follows a theme switch (light, dark, high contrast)', async () => {
    const w = await openWith(browser, [tinyRun], { theme: 'dark' });
    assert.equal(chart(await w.inspect<Inspected>(), 'losses').tickColor, '#9d9d9d');
    await w.setTheme('light');
    await w.page.waitForFunction(() => true);
    assert.equal(chart(await w.inspect<Inspected>(), 'losses').tickColor, '#717171');
    await w.setTheme('high-contrast');
    assert.equal(chart(await w.inspect<Inspected>(), 'losses').tickColor, '#ffffffb3');
    assert.deepEqual(w.errors, []);
    await w.close();
  });
});
