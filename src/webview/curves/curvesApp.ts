// The curves panel: runs legend, toolbar (smoothing, x axis, zoom reset, export) and one chart per series group.
// Records arrive in chunks; drawing is batched so a fast run redraws a few times a second, never per line.

import type { RunEvent, RunStatus } from '../../engine/protocol';
import type { Host } from '../common/vscodeHost';
import { logUnknownMessage } from '../common/vscodeHost';
import { el, svg } from '../common/dom';
import type { ThemeColors } from '../common/themeColors';
import { prefersReducedMotion, readThemeColors } from '../common/themeColors';
import type { CurvesHostMessage, CurvesRunInfo, CurvesViewState, CurvesWebviewMessage, TweakEvent } from '../protocol';
import type { CurveLine } from './curveChart';
import { CurveChart } from './curveChart';
import { curvesCsv } from './curvesCsv';
import { formatNumber } from '../common/formatNumber';
import { RunSeries } from './runSeries';
import type { ChartGroupId } from './seriesGroups';
import { CHART_GROUPS, compareSeries, seriesGroup } from './seriesGroups';
import type { TweakMarker } from './tweakMarkers';

/** Dash patterns that tell series apart when colour means "run". */
const DASHES: number[][] = [[], [6, 3], [2, 2], [8, 3, 2, 3], [1, 3], [12, 4], [4, 2, 1, 2]];
/** At most this often (ms) while records stream in: well inside the 1 s freshness budget. */
const REDRAW_MS = 150;

interface RunState {
  info: CurvesRunInfo;
  series: RunSeries;
  tweaks: TweakEvent[];
  status: RunStatus | undefined;
  /** Order of arrival: fixes the run's colour for the panel's lifetime. */
  index: number;
}

interface ChartCard {
  root: HTMLElement;
  legend: HTMLElement;
  logButton: HTMLButtonElement;
  chart: CurveChart;
}

export const DEFAULT_CURVES_STATE: CurvesViewState = { runDirs: [], smoothing: 0.6, xAxis: 'step', logY: {}, hiddenRuns: {}, hiddenSeries: {} };

export class CurvesApp {
  private readonly runs = new Map<string, RunState>();
  private readonly cards = new Map<ChartGroupId, ChartCard>();
  private state: CurvesViewState;
  private theme: ThemeColors = readThemeColors();
  private redrawTimer: number | undefined;
  private lastRedraw = 0;
  /** How long the last redraw took (ms). */
  private redrawMs = 0;
  private readonly els: {
    smoothing: HTMLInputElement;
    smoothingOut: HTMLOutputElement;
    xAxis: HTMLSelectElement;
    runs: HTMLElement;
    charts: HTMLElement;
    empty: HTMLElement;
    tip: HTMLElement;
  };

  constructor(
    private readonly root: HTMLElement,
    private readonly host: Host<CurvesWebviewMessage, CurvesViewState>,
  ) {
    this.state = { ...DEFAULT_CURVES_STATE, ...host.savedState() };
    const smoothing = el('input', { type: 'range', id: 'smoothing', min: 0, max: 0.99, step: 0.01, value: this.state.smoothing, 'aria-label': 'Smoothing' });
    const smoothingOut = el('output', { for: 'smoothing', class: 'value', text: this.state.smoothing.toFixed(2) });
    const xAxis = el('select', { id: 'x-axis', 'aria-label': 'Horizontal axis' }, el('option', { value: 'step', text: 'Step' }), el('option', { value: 'time', text: 'Relative time' }));
    xAxis.value = this.state.xAxis;
    const button = (id: string, text: string, title: string, onClick: () => void): HTMLButtonElement => {
      const b = el('button', { id, type: 'button', text, title });
      b.addEventListener('click', onClick);
      return b;
    };
    const toolbar = el(
      'header',
      { class: 'toolbar' },
      el('label', { class: 'field' }, 'Smoothing', smoothing, smoothingOut),
      el('label', { class: 'field' }, 'X axis', xAxis),
      el(
        'div',
        { class: 'actions' },
        button('reset-zoom', 'Reset zoom', 'Show all steps (double-click a chart, or press 0 on it)', () => this.setXRange(undefined, undefined)),
        button('export-csv', 'Export CSV', 'Save every value of the shown runs as CSV', () => this.exportCsv()),
        button('export-png', 'Export PNG', 'Save the charts as an image', () => this.exportPng()),
      ),
    );
    const runs = el('div', { class: 'runs-legend', role: 'group', 'aria-label': 'Runs (click to show or hide)' });
    const charts = el('main', { class: 'charts' });
    const empty = el('p', { class: 'empty', text: 'Waiting for metrics…' });
    const tip = el('div', { class: 'tweak-tip', role: 'tooltip', hidden: true });
    const hint = el('p', { class: 'hint', text: 'Drag to pan · Ctrl+wheel or Shift+drag to zoom · double-click to reset · dashed lines mark live hyperparameter changes' });
    root.append(toolbar, runs, empty, charts, hint, tip);
    this.els = { smoothing, smoothingOut, xAxis, runs, charts, empty, tip };

    smoothing.addEventListener('input', () => {
      this.state.smoothing = Math.min(0.99, Math.max(0, Number(smoothing.value)));
      smoothingOut.textContent = this.state.smoothing.toFixed(2);
      this.changed();
    });
    xAxis.addEventListener('change', () => {
      this.state.xAxis = xAxis.value === 'time' ? 'time' : 'step';
      // A step range means nothing on a time axis.
      delete this.state.xRange;
      this.changed();
    });
  }

  handle(msg: CurvesHostMessage): void {
    switch (msg.type) {
      case 'runs':
        for (const info of msg.runs) this.addRun(info);
        this.state.runDirs = [...this.runs.values()].map((r) => r.info.runDir);
        this.changed();
        break;
      case 'append': {
        const run = this.runs.get(msg.runId);
        if (!run) {
          this.host.log('warn', `records for unknown run ${msg.runId}`);
          return;
        }
        if (msg.reset) {
          run.series = new RunSeries();
          run.tweaks = [];
        }
        run.series.append(msg.metrics);
        this.applyEvents(run, msg.events);
        this.scheduleRedraw();
        break;
      }
      case 'removeRun':
        this.runs.delete(msg.runId);
        this.state.runDirs = [...this.runs.values()].map((r) => r.info.runDir);
        this.changed();
        break;
      case 'exported':
        this.flash(`Saved ${msg.format.toUpperCase()} to ${msg.path}`);
        break;
      default:
        logUnknownMessage(this.host, msg);
    }
  }

  /** The theme changed: canvas colours come from CSS variables, so re-read and redraw. */
  themeChanged(): void {
    this.theme = readThemeColors();
    this.redraw();
  }

  /** What is drawn, for tests: every chart's datasets, points, markers and scales. */
  inspect(): { state: CurvesViewState; redrawMs: number; charts: ReturnType<CurveChart['inspect']>[] } {
    this.flushRedraw();
    return { state: this.state, redrawMs: this.redrawMs, charts: [...this.cards.values()].filter((c) => !c.root.hidden).map((c) => c.chart.inspect()) };
  }

  private addRun(info: CurvesRunInfo): void {
    const existing = this.runs.get(info.runId);
    if (existing) {
      existing.info = info;
      existing.status = info.status ?? existing.status;
      return;
    }
    this.runs.set(info.runId, { info, series: new RunSeries(), tweaks: [], status: info.status, index: this.runs.size });
  }

  private applyEvents(run: RunState, events: readonly RunEvent[]): void {
    for (const e of events) {
      if (e.type === 'tweak') run.tweaks.push(e);
      else if (e.type === 'status') run.status = e.status;
    }
  }

  /** A setting changed: save it and redraw now (user input should feel immediate). */
  private changed(): void {
    this.host.saveState(this.state);
    this.redraw();
  }

  private scheduleRedraw(): void {
    if (this.redrawTimer !== undefined) return;
    const wait = Math.max(0, REDRAW_MS - (performance.now() - this.lastRedraw));
    this.redrawTimer = window.setTimeout(() => this.redraw(), wait);
  }

  private flushRedraw(): void {
    if (this.redrawTimer !== undefined) this.redraw();
  }

  private runColor(run: RunState): string {
    const p = this.theme.charts;
    return p[run.index % p.length] ?? this.theme.foreground;
  }

  private redraw(): void {
    if (this.redrawTimer !== undefined) window.clearTimeout(this.redrawTimer);
    this.redrawTimer = undefined;
    this.lastRedraw = performance.now();
    const runs = [...this.runs.values()];
    const visible = runs.filter((r) => !this.state.hiddenRuns[r.info.runId]);
    // One run: colour tells series apart. Several: colour is the run, dashes tell series apart.
    const colourBy: 'series' | 'run' = visible.length === 1 ? 'series' : 'run';
    this.renderRunsLegend(runs, colourBy);
    const labels = Object.assign({}, ...runs.map((r) => r.info.labels ?? {})) as Record<string, string>;
    const animate = !prefersReducedMotion();
    let any = false;
    for (const { id, title, smoothed } of CHART_GROUPS) {
      const names = [...new Set(visible.flatMap((r) => [...r.series.series.keys()].filter((n) => seriesGroup(n) === id)))].sort(compareSeries);
      const card = this.cards.get(id) ?? (names.length > 0 ? this.createCard(id, title, smoothed) : undefined);
      if (!card) continue;
      card.root.hidden = names.length === 0;
      if (names.length === 0) continue;
      any = true;
      const lines: CurveLine[] = [];
      names.forEach((series, si) => {
        if (this.state.hiddenSeries[series]) return;
        for (const run of visible) {
          const column = run.series.series.get(series);
          if (!column) continue;
          const color = colourBy === 'run' ? this.runColor(run) : (this.theme.charts[si % this.theme.charts.length] ?? this.theme.foreground);
          const dash = colourBy === 'run' ? (DASHES[si % DASHES.length] ?? []) : si < this.theme.charts.length ? [] : [6, 3];
          lines.push({
            key: `${run.info.runId}\u0000${series}`,
            runId: run.info.runId,
            runName: run.info.name,
            series,
            seriesLabel: seriesLabel(series, labels),
            color,
            dash,
            width: si === 0 ? 2 : 1.5,
            column,
            startTime: run.series.startTime ?? 0,
          });
        }
      });
      this.renderSeriesLegend(card, names, labels, colourBy);
      card.logButton.setAttribute('aria-pressed', String(!!this.state.logY[id]));
      card.chart.render({
        lines,
        smoothing: smoothed ? this.state.smoothing : 0,
        xAxis: this.state.xAxis,
        logY: !!this.state.logY[id],
        markers: this.markers(visible, colourBy),
        theme: this.theme,
        animate,
        xRange: this.state.xRange,
      });
    }
    this.els.empty.hidden = any;
    this.redrawMs = performance.now() - this.lastRedraw;
    this.els.empty.textContent = runs.length === 0 ? 'No runs selected.' : visible.length === 0 ? 'All runs are hidden: click one in the legend.' : 'Waiting for metrics…';
  }

  private markers(visible: RunState[], colourBy: 'series' | 'run'): TweakMarker[] {
    const out: TweakMarker[] = [];
    for (const run of visible) {
      const byX = new Map<number, TweakMarker>();
      for (const t of run.tweaks) {
        const x = this.state.xAxis === 'step' ? t.step : (t.time - (run.series.startTime ?? t.time)) / 1000;
        let m = byX.get(x);
        if (!m) {
          m = { x, color: colourBy === 'run' ? this.runColor(run) : this.theme.marker, lines: [`${run.info.name} · step ${t.step}`] };
          byX.set(x, m);
          out.push(m);
        }
        m.lines.push(`${t.name}: ${formatNumber(t.old)} → ${formatNumber(t.value)} (${t.source})`);
      }
    }
    return out;
  }

  private createCard(id: ChartGroupId, title: string, smoothed: boolean): ChartCard {
    const canvas = el('canvas', { tabindex: 0, role: 'img', 'aria-label': `${title} chart. Arrow keys pan, plus and minus zoom, 0 resets.` });
    const logButton = el('button', { type: 'button', class: 'toggle', 'aria-pressed': 'false', title: 'Logarithmic y axis', text: 'log y' });
    const legend = el('div', { class: 'series-legend', role: 'group', 'aria-label': `${title} series` });
    const root = el('section', { class: 'chart-card', 'data-group': id }, el('header', {}, el('h2', { text: title }), legend, ...(smoothed ? [] : [el('span', { class: 'muted', text: 'as logged, not smoothed' })]), logButton), el('div', { class: 'chart-box' }, canvas));
    // Keep the cards in CHART_GROUPS order whatever order their data arrived in.
    const order = CHART_GROUPS.map((g) => g.id);
    const after = [...this.cards.entries()].filter(([g]) => order.indexOf(g) > order.indexOf(id)).sort(([a], [b]) => order.indexOf(a) - order.indexOf(b))[0];
    this.els.charts.insertBefore(root, after ? after[1].root : null);
    const chart = new CurveChart(id, canvas, {
      onXRange: (r, from) => this.setXRange(r, from),
      onMarkerHover: (hit, c) => this.showTip(hit, c),
    });
    logButton.addEventListener('click', () => {
      this.state.logY[id] = !this.state.logY[id];
      this.changed();
    });
    canvas.addEventListener('dblclick', () => this.setXRange(undefined, undefined));
    canvas.addEventListener('keydown', (e) => this.chartKey(e, chart));
    const card = { root, legend, logButton, chart };
    this.cards.set(id, card);
    return card;
  }

  private chartKey(e: KeyboardEvent, c: CurveChart): void {
    const ch = c.chart;
    const step = (ch.chartArea.right - ch.chartArea.left) / 10;
    if (e.key === 'ArrowLeft') ch.pan({ x: step }, undefined, 'none');
    else if (e.key === 'ArrowRight') ch.pan({ x: -step }, undefined, 'none');
    else if (e.key === '+' || e.key === '=') ch.zoom({ x: 1.25 }, 'none');
    else if (e.key === '-') ch.zoom({ x: 0.8 }, 'none');
    else if (e.key === '0' || e.key === 'Home') {
      this.setXRange(undefined, undefined);
      e.preventDefault();
      return;
    } else return;
    e.preventDefault();
    const x = ch.scales['x'];
    if (x) this.setXRange({ min: x.min, max: x.max }, c);
  }

  private setXRange(r: { min: number; max: number } | undefined, from: CurveChart | undefined): void {
    if (r) this.state.xRange = r;
    else delete this.state.xRange;
    for (const card of this.cards.values()) if (card.chart !== from) card.chart.setXRange(r);
    this.host.saveState(this.state);
  }

  private showTip(hit: { markers: TweakMarker[]; px: number } | undefined, c: CurveChart): void {
    const tip = this.els.tip;
    if (!hit) {
      tip.hidden = true;
      return;
    }
    tip.replaceChildren(...hit.markers.flatMap((m) => m.lines.map((line, i) => el('div', { class: i === 0 ? 'tip-title' : 'tip-line', text: line }))));
    const box = c.canvas.getBoundingClientRect();
    tip.hidden = false;
    const left = Math.min(window.innerWidth - tip.offsetWidth - 4, box.left + hit.px + 8);
    tip.style.left = `${Math.max(4, left) + window.scrollX}px`;
    tip.style.top = `${box.top + c.chart.chartArea.top + window.scrollY}px`;
  }

  private renderRunsLegend(runs: RunState[], colourBy: 'series' | 'run'): void {
    this.els.runs.replaceChildren(
      ...runs.map((run) => {
        const hidden = !!this.state.hiddenRuns[run.info.runId];
        const swatch = el('span', { class: 'swatch', 'aria-hidden': 'true' });
        swatch.style.background = colourBy === 'run' || hidden ? this.runColor(run) : this.theme.foreground;
        const b = el(
          'button',
          { type: 'button', class: 'run', 'aria-pressed': String(!hidden), title: `${run.info.runId}: click to ${hidden ? 'show' : 'hide'}`, 'data-run': run.info.runId },
          swatch,
          el('span', { class: 'name', text: run.info.name }),
          el('span', { class: `status status-${run.status ?? 'unknown'}`, text: run.status ?? '' }),
        );
        b.addEventListener('click', () => {
          if (hidden) delete this.state.hiddenRuns[run.info.runId];
          else this.state.hiddenRuns[run.info.runId] = true;
          this.changed();
          this.els.runs.querySelector<HTMLButtonElement>(`button[data-run="${CSS.escape(run.info.runId)}"]`)?.focus();
        });
        return b;
      }),
    );
  }

  private renderSeriesLegend(card: ChartCard, names: string[], labels: Record<string, string>, colourBy: 'series' | 'run'): void {
    const focused = document.activeElement instanceof HTMLElement ? document.activeElement.dataset['series'] : undefined;
    card.legend.replaceChildren(
      ...names.map((series, si) => {
        const hidden = !!this.state.hiddenSeries[series];
        const color = colourBy === 'series' ? (this.theme.charts[si % this.theme.charts.length] ?? this.theme.foreground) : this.theme.foreground;
        const dash = colourBy === 'run' ? (DASHES[si % DASHES.length] ?? []) : si < this.theme.charts.length ? [] : [6, 3];
        const sample = svg('svg', { width: 22, height: 8, 'aria-hidden': 'true' }, svg('line', { x1: 1, y1: 4, x2: 21, y2: 4, stroke: color, 'stroke-width': 2, 'stroke-dasharray': dash.join(' ') || undefined }));
        const b = el('button', { type: 'button', class: 'series', 'aria-pressed': String(!hidden), 'data-series': series, title: `click to ${hidden ? 'show' : 'hide'}` }, sample, el('span', { text: seriesLabel(series, labels) }));
        b.addEventListener('click', () => {
          if (hidden) delete this.state.hiddenSeries[series];
          else this.state.hiddenSeries[series] = true;
          this.changed();
        });
        return b;
      }),
    );
    if (focused) card.legend.querySelector<HTMLButtonElement>(`button[data-series="${CSS.escape(focused)}"]`)?.focus();
  }

  private shownRuns(): RunState[] {
    return [...this.runs.values()].filter((r) => !this.state.hiddenRuns[r.info.runId]);
  }

  private exportCsv(): void {
    const runs = this.shownRuns();
    const text = curvesCsv(runs.map((r) => ({ runId: r.info.runId, name: r.info.name, series: r.series })));
    this.host.post({ type: 'export', format: 'csv', fileName: `${exportBaseName(runs)}.csv`, text });
  }

  /** All visible charts stacked on the theme background, as one PNG. */
  private exportPng(): void {
    const cards = [...this.cards.values()].filter((c) => !c.root.hidden);
    const dpr = window.devicePixelRatio || 1;
    const titleH = Math.round(24 * dpr);
    const width = Math.max(1, ...cards.map((c) => c.chart.canvas.width));
    const height = cards.reduce((h, c) => h + titleH + c.chart.canvas.height, 0);
    const out = el('canvas', { width, height: Math.max(1, height) });
    const g = out.getContext('2d');
    if (!g) return;
    g.fillStyle = this.theme.background;
    g.fillRect(0, 0, out.width, out.height);
    let y = 0;
    for (const c of cards) {
      g.fillStyle = this.theme.foreground;
      g.font = `${Math.round(13 * dpr)}px ${getComputedStyle(document.body).fontFamily}`;
      g.fillText(c.root.querySelector('h2')?.textContent ?? '', 8 * dpr, y + 17 * dpr);
      g.drawImage(c.chart.canvas, 0, y + titleH);
      y += titleH + c.chart.canvas.height;
    }
    this.host.post({ type: 'export', format: 'png', fileName: `${exportBaseName(this.shownRuns())}.png`, dataUrl: out.toDataURL('image/png') });
  }

  private flash(text: string): void {
    const note = el('div', { class: 'flash', role: 'status', text });
    this.root.append(note);
    window.setTimeout(() => note.remove(), 4000);
  }
}

function seriesLabel(series: string, labels: Record<string, string>): string {
  const m = /^val\/[^/]+\/(\d+)$/.exec(series);
  const name = m?.[1] !== undefined ? labels[m[1]] : undefined;
  return name ? `${series} (${name})` : series;
}

function exportBaseName(runs: RunState[]): string {
  const base = runs.length === 1 && runs[0] ? runs[0].info.name : `${runs.length}-runs`;
  return `${base.replace(/[^A-Za-z0-9_.-]+/g, '-')}-metrics`;
}
