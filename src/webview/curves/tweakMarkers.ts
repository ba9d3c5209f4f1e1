// A chart.js plugin that draws a dashed vertical line at each x where a hyperparameter was changed live,
// and reports the markers under the pointer so the panel can show "old → new" on hover.

import type { Chart, ChartType, Plugin } from 'chart.js';

export interface TweakMarker {
  /** Position on the chart's x scale (a step, or seconds since the run started). */
  x: number;
  color: string;
  /** Lines shown on hover, e.g. "kd.weight 0.5 → 1 (panel)". */
  lines: string[];
}

export interface TweakMarkerOptions {
  markers: TweakMarker[];
  /** Called on pointer moves: the markers within a few pixels, with their pixel x, or none. */
  onHover?: (hit: { markers: TweakMarker[]; px: number } | undefined) => void;
}

declare module 'chart.js' {
  interface PluginOptionsByType<TType extends ChartType> {
    medkdTweakMarkers?: TweakMarkerOptions;
  }
}

const HIT_PX = 4;

/** Pixel x of each marker inside the plot area, as last drawn (the tests read what was drawn through this). */
export function markerPixels(chart: Chart): { px: number; marker: TweakMarker }[] {
  const opts = chart.options.plugins?.medkdTweakMarkers;
  const x = chart.scales['x'];
  if (!opts || !x) return [];
  const { left, right } = chart.chartArea;
  // chart.js types resolved plugin options as deep-partial; the panel always sets whole markers.
  return ((opts.markers ?? []) as TweakMarker[])
    .map((marker) => ({ px: Math.round(x.getPixelForValue(marker.x)), marker }))
    .filter(({ px }) => px >= left && px <= right);
}

export const tweakMarkersPlugin: Plugin<'line', TweakMarkerOptions> = {
  id: 'medkdTweakMarkers',
  defaults: { markers: [] },
  afterDatasetsDraw(chart) {
    const { ctx, chartArea } = chart;
    ctx.save();
    ctx.lineWidth = 1;
    ctx.setLineDash([4, 3]);
    for (const { px, marker } of markerPixels(chart)) {
      ctx.strokeStyle = marker.color;
      ctx.beginPath();
      // +0.5: a 1 px line on the pixel grid, not smeared over two columns.
      ctx.moveTo(px + 0.5, chartArea.top);
      ctx.lineTo(px + 0.5, chartArea.bottom);
      ctx.stroke();
      ctx.fillStyle = marker.color;
      ctx.beginPath();
      ctx.moveTo(px + 0.5 - 4, chartArea.top);
      ctx.lineTo(px + 0.5 + 4, chartArea.top);
      ctx.lineTo(px + 0.5, chartArea.top + 6);
      ctx.closePath();
      ctx.fill();
    }
    ctx.restore();
  },
  afterEvent(chart, args, options) {
    const e = args.event;
    if (!options.onHover) return;
    if (e.type === 'mouseout' || e.x === null || !args.inChartArea) {
      options.onHover(undefined);
      return;
    }
    const ex = e.x;
    const hits = markerPixels(chart).filter(({ px }) => Math.abs(px - ex) <= HIT_PX);
    const first = hits[0];
    options.onHover(first ? { markers: hits.map((h) => h.marker), px: first.px } : undefined);
  },
};
