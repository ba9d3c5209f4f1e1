// One chart of the curves panel (losses, validation or schedule): every visible run × series as a raw line and
// a smoothed line, tweak markers, zoom and pan. Points are appended in place as records arrive.

import {
  Chart,
  Decimation,
  LinearScale,
  LineController,
  LineElement,
  LogarithmicScale,
  PointElement,
  Tooltip,
  type ChartDataset,
  type TooltipItem,
} from 'chart.js';
import zoomPlugin from 'chartjs-plugin-zoom';
import type { ThemeColors } from '../common/themeColors';
import type { EmaState } from './emaSmooth';
import { emaNext, emaStart } from './emaSmooth';
import { formatNumber } from '../common/formatNumber';
import { formatRelativeTime } from './formatRelativeTime';
import type { SeriesColumn } from './runSeries';
import type { ChartGroupId } from './seriesGroups';
import type { TweakMarker } from './tweakMarkers';
import { markerPixels, tweakMarkersPlugin } from './tweakMarkers';

Chart.register(LineController, LineElement, PointElement, LinearScale, LogarithmicScale, Tooltip, Decimation, zoomPlugin, tweakMarkersPlugin);

type Point = { x: number; y: number };

const Y_AXIS_WIDTH = 64;

/** One series of one run, as the panel wants it drawn. */
export interface CurveLine {
  key: string;
  runId: string;
  runName: string;
  series: string;
  /** Legend text for the series ("val/dice/1 (liver)"). */
  seriesLabel: string;
  color: string;
  dash: number[];
  width: number;
  column: SeriesColumn;
  /** Origin of the relative-time axis for this run. */
  startTime: number;
}

export interface CurveChartView {
  lines: CurveLine[];
  smoothing: number;
  xAxis: 'step' | 'time';
  logY: boolean;
  markers: TweakMarker[];
  theme: ThemeColors;
  animate: boolean;
  xRange: { min: number; max: number } | undefined;
}

interface LineData {
  column: SeriesColumn;
  raw: Point[];
  smooth: Point[];
  ema: EmaState;
  consumed: number;
  smoothing: number;
  xAxis: 'step' | 'time';
}

export interface CurveChartCallbacks {
  onXRange(range: { min: number; max: number } | undefined, from: CurveChart): void;
  onMarkerHover(hit: { markers: TweakMarker[]; px: number } | undefined, chart: CurveChart): void;
}

export class CurveChart {
  readonly chart: Chart<'line', Point[]>;
  private readonly data = new Map<string, LineData>();
  /** datasets[i] draws line datasetLines[i]: raw at even indices, smoothed at odd ones. */
  private datasetLines: { line: CurveLine; kind: 'raw' | 'smoothed' }[] = [];
  private view: CurveChartView | undefined;
  private syncing = false;

  constructor(
    readonly group: ChartGroupId,
    readonly canvas: HTMLCanvasElement,
    private readonly callbacks: CurveChartCallbacks,
  ) {
    const rangeDone = ({ chart }: { chart: Chart }): void => {
      if (this.syncing) return;
      const x = chart.scales['x'];
      if (x) this.callbacks.onXRange({ min: x.min, max: x.max }, this);
    };
    this.chart = new Chart(canvas, {
      type: 'line',
      data: { datasets: [] },
      options: {
        parsing: false,
        normalized: true,
        responsive: true,
        maintainAspectRatio: false,
        spanGaps: true,
        interaction: { mode: 'nearest', axis: 'x', intersect: false },
        scales: { x: { type: 'linear' }, y: { type: 'linear' } },
        plugins: {
          decimation: { enabled: true, algorithm: 'lttb', samples: 1000 },
          tooltip: {
            filter: (item) => this.datasetLines[item.datasetIndex]?.kind === 'smoothed',
            callbacks: {
              title: (items) => this.tooltipTitle(items),
              label: (item) => this.tooltipLabel(item),
            },
          },
          zoom: {
            zoom: { wheel: { enabled: true, modifierKey: 'ctrl' }, pinch: { enabled: true }, drag: { enabled: true, modifierKey: 'shift' }, mode: 'x', onZoomComplete: rangeDone },
            pan: { enabled: true, mode: 'x', onPanComplete: rangeDone },
          },
          medkdTweakMarkers: { markers: [], onHover: (hit) => this.callbacks.onMarkerHover(hit, this) },
        },
      },
    });
  }

  /** Brings the chart up to date with `view`: appends new points, restyles, redraws without animation. */
  render(view: CurveChartView): void {
    const styleChanged = !this.view || this.view.theme !== view.theme || this.view.logY !== view.logY || this.view.xAxis !== view.xAxis;
    this.view = view;
    const keys = new Set(view.lines.map((l) => l.key));
    for (const k of [...this.data.keys()]) if (!keys.has(k)) this.data.delete(k);
    const datasets: ChartDataset<'line', Point[]>[] = [];
    this.datasetLines = [];
    for (const line of view.lines) {
      const d = this.fill(line, view);
      const few = line.column.length <= 60;
      datasets.push({
        data: d.raw,
        borderColor: withAlpha(line.color, 0.28),
        backgroundColor: line.color,
        borderWidth: 1,
        borderDash: line.dash,
        pointRadius: 0,
        hidden: view.smoothing === 0,
      });
      datasets.push({
        data: d.smooth,
        borderColor: line.color,
        backgroundColor: line.color,
        borderWidth: line.width,
        borderDash: line.dash,
        pointRadius: few ? 2.5 : 0,
        pointHoverRadius: 4,
      });
      this.datasetLines.push({ line, kind: 'raw' }, { line, kind: 'smoothed' });
    }
    this.chart.data.datasets = datasets;
    const o = this.chart.options;
    o.animation = view.animate ? { duration: 250 } : false;
    if (o.plugins?.medkdTweakMarkers) o.plugins.medkdTweakMarkers.markers = view.markers;
    if (styleChanged) this.applyStyle(view);
    this.chart.update(view.animate && styleChanged ? undefined : 'none');
    if (view.xRange) this.setXRange(view.xRange);
  }

  /** Shows x range `r` (another chart was zoomed or panned, or the saved state is restored). */
  setXRange(r: { min: number; max: number } | undefined): void {
    const x = this.chart.scales['x'];
    if (r && x && x.min === r.min && x.max === r.max) return;
    this.syncing = true;
    try {
      if (r) this.chart.zoomScale('x', r, 'none');
      else this.chart.resetZoom('none');
    } finally {
      this.syncing = false;
    }
  }

  /** What is on the canvas, for tests and for the CSV export. */
  inspect(): {
    group: ChartGroupId;
    yType: string;
    /** Colour of the axis tick labels: follows the theme. */
    tickColor: string;
    animated: boolean;
    x: { min: number; max: number };
    area: { left: number; right: number; top: number; bottom: number };
    datasets: { runId: string; series: string; kind: 'raw' | 'smoothed'; hidden: boolean; points: number; drawn: number; y: number[] }[];
    markers: { px: number; x: number; lines: string[] }[];
  } {
    const x = this.chart.scales['x'];
    return {
      group: this.group,
      yType: this.chart.scales['y']?.type ?? '',
      tickColor: String(this.chart.options.scales?.['y']?.ticks?.color ?? ''),
      animated: this.chart.options.animation !== false,
      x: { min: x?.min ?? NaN, max: x?.max ?? NaN },
      area: { left: this.chart.chartArea.left, right: this.chart.chartArea.right, top: this.chart.chartArea.top, bottom: this.chart.chartArea.bottom },
      datasets: this.datasetLines.map(({ line, kind }, i) => {
        const d = this.data.get(line.key);
        const pts = (kind === 'raw' ? d?.raw : d?.smooth) ?? [];
        return {
          runId: line.runId,
          series: line.series,
          kind,
          hidden: !this.chart.isDatasetVisible(i),
          points: pts.length,
          drawn: this.chart.getDatasetMeta(i).data.length,
          y: pts.length <= 1000 ? pts.map((p) => p.y) : [],
        };
      }),
      markers: markerPixels(this.chart as unknown as Chart).map(({ px, marker }) => ({ px, x: marker.x, lines: marker.lines })),
    };
  }

  destroy(): void {
    this.chart.destroy();
  }

  private fill(line: CurveLine, view: CurveChartView): LineData {
    let d = this.data.get(line.key);
    if (!d || d.column !== line.column || d.smoothing !== view.smoothing || d.xAxis !== view.xAxis || d.consumed > line.column.length) {
      d = { column: line.column, raw: [], smooth: [], ema: emaStart(), consumed: 0, smoothing: view.smoothing, xAxis: view.xAxis };
      this.data.set(line.key, d);
    }
    const c = line.column;
    for (let i = d.consumed; i < c.length; i++) {
      const x = view.xAxis === 'step' ? (c.steps[i] ?? 0) : ((c.times[i] ?? 0) - line.startTime) / 1000;
      const y = c.values[i] ?? NaN;
      d.raw.push({ x, y });
      d.smooth.push({ x, y: emaNext(d.ema, y, view.smoothing) });
    }
    d.consumed = c.length;
    return d;
  }

  private applyStyle(view: CurveChartView): void {
    const t = view.theme;
    const font = { family: getComputedStyle(document.body).fontFamily, size: 11 };
    const axis = { grid: { color: t.grid }, border: { color: t.grid }, ticks: { color: t.muted, font } };
    this.chart.options.scales = {
      x: {
        type: 'linear',
        ...axis,
        title: { display: true, text: view.xAxis === 'step' ? 'step' : 'wall time since start', color: t.muted, font },
        ticks: { ...axis.ticks, maxRotation: 0, callback: (v) => (view.xAxis === 'time' ? formatRelativeTime(Number(v)) : formatNumber(Number(v))) },
      },
      y: {
        type: view.logY ? 'logarithmic' : 'linear',
        ...axis,
        // One fixed label width for every chart, so the same step sits at the same x in all of them.
        afterFit: (scale) => {
          scale.width = Y_AXIS_WIDTH;
        },
        ticks: { ...axis.ticks, callback: (v) => formatNumber(Number(v)) },
      },
    };
    const tip = this.chart.options.plugins?.tooltip;
    if (tip) {
      tip.backgroundColor = t.background;
      tip.titleColor = t.foreground;
      tip.bodyColor = t.foreground;
      tip.borderColor = t.border;
      tip.borderWidth = 1;
    }
  }

  private tooltipTitle(items: TooltipItem<'line'>[]): string {
    const x = items[0]?.parsed.x;
    if (x === undefined || x === null) return '';
    return this.view?.xAxis === 'time' ? formatRelativeTime(x) : `step ${x}`;
  }

  private tooltipLabel(item: TooltipItem<'line'>): string {
    const l = this.datasetLines[item.datasetIndex]?.line;
    return l ? `${l.runName} · ${l.seriesLabel}: ${formatNumber(item.parsed.y ?? NaN)}` : '';
  }
}

/** `color` (#rgb, #rrggbb or rgb()) with alpha `a`, for the faint raw line behind the smoothed one. */
export function withAlpha(color: string, a: number): string {
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})([0-9a-f]{2})?$/i.exec(color.trim());
  if (hex?.[1]) {
    const h = hex[1].length === 3 ? [...hex[1]].map((c) => c + c).join('') : hex[1];
    const n = parseInt(h, 16);
    return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${a})`;
  }
  const rgb = /^rgba?\(([^,]+),([^,]+),([^,)]+)/.exec(color.trim());
  return rgb ? `rgba(${rgb[1]},${rgb[2]},${rgb[3]}, ${a})` : color;
}
