// The picture a finished run leaves beside report.json: its loss curves and one slice with ground truth, teacher
// and student predictions overlaid, so a headless run (`medkd demo`) has a visible result.
import { Canvas } from './canvas';
import type { Rgb } from './canvas';
import { encodePng } from './encodePng';

export interface CurveSeries {
  name: string;
  points: [number, number][];
}

export interface OverlayPanel {
  title: string;
  /** Slice intensities, row-major, `width` × `height` (row 0 at the top). */
  image: Float32Array;
  /** Label ids on the same slice (0 = none). */
  labels?: Uint8Array;
  width: number;
  height: number;
}

export const LABEL_COLOURS: Rgb[] = [
  [0, 0, 0], [230, 25, 75], [60, 180, 75], [255, 225, 25], [0, 130, 200], [245, 130, 48], [145, 30, 180], [70, 240, 240],
  [240, 50, 230], [210, 245, 60], [250, 190, 212], [0, 128, 128], [220, 190, 255], [170, 110, 40], [128, 0, 0],
];
const SERIES_COLOURS: Rgb[] = [[31, 119, 180], [255, 127, 14], [44, 160, 44], [214, 39, 40], [148, 103, 189], [140, 86, 75], [227, 119, 194]];

function drawCurves(c: Canvas, series: CurveSeries[], x0: number, y0: number, w: number, h: number, title: string): void {
  c.text(x0, y0 - 14, title, [20, 20, 20], 1);
  c.line(x0, y0 + h, x0 + w, y0 + h, [90, 90, 90]);
  c.line(x0, y0, x0, y0 + h, [90, 90, 90]);
  const all = series.flatMap((s) => s.points);
  if (all.length === 0) return;
  const xs = all.map((p) => p[0]);
  const ys = all.map((p) => p[1]).filter(Number.isFinite);
  const [xmin, xmax] = [Math.min(...xs), Math.max(...xs)];
  const [ymin, ymax] = [Math.min(0, ...ys), Math.max(...ys)];
  const sx = (x: number) => x0 + ((x - xmin) / Math.max(1e-9, xmax - xmin)) * w;
  const sy = (y: number) => y0 + h - ((y - ymin) / Math.max(1e-9, ymax - ymin)) * h;
  c.text(x0 - 4, y0 + h + 6, String(xmin), [60, 60, 60]);
  c.text(x0 + w - 6 * String(xmax).length, y0 + h + 6, String(xmax), [60, 60, 60]);
  c.text(x0 + 4, y0 + 2, ymax.toPrecision(3), [60, 60, 60]);
  series.forEach((s, i) => {
    const col = SERIES_COLOURS[i % SERIES_COLOURS.length]!;
    // Smooth (EMA 0.6) so the trend reads at a glance; the raw values are in metrics.jsonl.
    let ema: number | undefined;
    let prev: [number, number] | undefined;
    for (const [x, y] of s.points) {
      if (!Number.isFinite(y)) continue;
      ema = ema === undefined ? y : 0.6 * ema + 0.4 * y;
      const p: [number, number] = [sx(x), sy(ema)];
      if (prev) c.line(prev[0], prev[1], p[0], p[1], col, 2);
      prev = p;
    }
    c.fillRect(x0 + w - 150, y0 + 6 + i * 12, 10, 8, col);
    c.text(x0 + w - 136, y0 + 6 + i * 12, s.name, [30, 30, 30]);
  });
}

function drawOverlay(c: Canvas, panel: OverlayPanel, x0: number, y0: number, size: number): void {
  c.text(x0, y0 - 14, panel.title, [20, 20, 20]);
  const vals = [...panel.image].filter(Number.isFinite).sort((a, b) => a - b);
  const lo = vals[Math.floor(vals.length * 0.01)] ?? 0;
  const hi = vals[Math.floor(vals.length * 0.99)] ?? 1;
  const scale = size / Math.max(panel.width, panel.height);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const ix = Math.floor(px / scale);
      const iy = Math.floor(py / scale);
      if (ix >= panel.width || iy >= panel.height) continue;
      const i = iy * panel.width + ix;
      const g = Math.round(255 * Math.min(1, Math.max(0, (panel.image[i]! - lo) / Math.max(1e-9, hi - lo))));
      c.setPixel(x0 + px, y0 + py, [g, g, g]);
      const l = panel.labels?.[i] ?? 0;
      if (l > 0) c.setPixel(x0 + px, y0 + py, LABEL_COLOURS[l % LABEL_COLOURS.length]!, 0.5);
    }
  }
}

/** A PNG: curves on top (losses, validation Dice), overlay panels below. */
export function reportPicture(title: string, losses: CurveSeries[], dice: CurveSeries[], panels: OverlayPanel[]): Buffer {
  const panelSize = 220;
  const width = Math.max(900, 40 + panels.length * (panelSize + 20));
  const height = 60 + 240 + 60 + panelSize + 30;
  const c = new Canvas(width, height);
  c.text(20, 14, title, [0, 0, 0], 2);
  const half = (width - 100) / 2;
  drawCurves(c, losses, 40, 70, half, 220, 'training loss');
  drawCurves(c, dice, 80 + half, 70, half - 20, 220, 'validation dice');
  panels.forEach((p, i) => drawOverlay(c, p, 20 + i * (panelSize + 20), 370, panelSize));
  return encodePng(c.rgba, c.width, c.height);
}
