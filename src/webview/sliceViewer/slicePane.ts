// One view of the volume: a canvas showing one slice of one plane, with orientation letters on its four sides,
// a crosshair, and the mouse and keyboard gestures that pick a voxel, step slices and drag window/level.

import { el } from '../common/dom';
import type { NiftiVolume } from './niftiVolume';
import type { PlaneAxes } from './orientation';
import type { ErrorLayer, OverlayLayer, SliceGeometry } from './sliceRenderer';
import { renderSlice, sliceGeometry } from './sliceRenderer';
import type { WindowLevel } from './windowLevel';

export type Voxel = [number, number, number];

export interface PaneFrame {
  vol: NiftiVolume;
  axes: PlaneAxes;
  wl: WindowLevel;
  greyLut: Uint32Array | undefined;
  layer: OverlayLayer | ErrorLayer | undefined;
  cursor: Voxel;
  crosshair: boolean;
  crosshairColor: string;
  /** Changes whenever anything but the cursor changes what the slice looks like (window, overlay, opacity, ...). */
  contentKey: string;
}

export interface PaneHandlers {
  /** A voxel was clicked or dragged over with the left button. */
  pick(v: Voxel): void;
  hover(v: Voxel | undefined): void;
  /** Step this pane's slice by `delta` (+ toward S, A or L). */
  step(pane: SlicePane, delta: number): void;
  /** Right-drag (or Shift+left-drag) moved by dx, dy CSS pixels. */
  windowDrag(dx: number, dy: number): void;
}

export class SlicePane {
  readonly root: HTMLElement;
  readonly canvas: HTMLCanvasElement;
  private readonly title: HTMLElement;
  private readonly letters: Record<'left' | 'right' | 'top' | 'bottom', HTMLElement>;
  private readonly offscreen = document.createElement('canvas');
  private image: ImageData | undefined;
  private pixels: Uint32Array | undefined;
  private frame: PaneFrame | undefined;
  private geometry: SliceGeometry | undefined;
  /** Where the slice image sits on the canvas, in canvas pixels. */
  private rect = { x: 0, y: 0, w: 0, h: 0 };
  private drag: { mode: 'pick' | 'window'; x: number; y: number } | undefined;
  /** Canvas size and image rectangle at the last full clear. */
  private cleared = '';
  /** What the offscreen image holds (content key, plane, slice). */
  private renderedKey = '';

  constructor(
    readonly name: string,
    private readonly handlers: PaneHandlers,
  ) {
    this.canvas = el('canvas', { tabindex: 0, class: 'slice-canvas', role: 'img' });
    this.title = el('div', { class: 'pane-title' });
    this.letters = {
      left: el('span', { class: 'letter left', 'aria-hidden': 'true' }),
      right: el('span', { class: 'letter right', 'aria-hidden': 'true' }),
      top: el('span', { class: 'letter top', 'aria-hidden': 'true' }),
      bottom: el('span', { class: 'letter bottom', 'aria-hidden': 'true' }),
    };
    this.root = el('div', { class: 'pane' }, this.canvas, this.title, this.letters.left, this.letters.right, this.letters.top, this.letters.bottom);
    this.offscreen.width = this.offscreen.height = 1;
    this.listen();
  }

  get axes(): PlaneAxes | undefined {
    return this.frame?.axes;
  }

  /** Renders the slice through `frame.cursor` and returns the milliseconds it took. */
  draw(frame: PaneFrame): number {
    const t0 = performance.now();
    this.frame = frame;
    const { vol, axes, cursor } = frame;
    const slice = cursor[axes.slice];
    const g = sliceGeometry(vol.dims, axes, slice);
    this.geometry = g;
    if (!this.image || this.image.width !== g.ncol || this.image.height !== g.nrow) {
      this.image = new ImageData(g.ncol, g.nrow);
      this.pixels = new Uint32Array(this.image.data.buffer);
      this.offscreen.width = g.ncol;
      this.offscreen.height = g.nrow;
      this.renderedKey = '';
    }
    // Moving the crosshair in another plane leaves this slice's pixels as they are: only re-blit it.
    const key = `${frame.contentKey}|${axes.plane}|${slice}`;
    if (key !== this.renderedKey) {
      renderSlice(this.pixels as Uint32Array, vol, g, frame.wl, frame.greyLut, frame.layer);
      this.offscreen.getContext('2d')?.putImageData(this.image, 0, 0);
      this.renderedKey = key;
    }
    this.fitCanvas();
    const ctx = this.canvas.getContext('2d');
    if (ctx) {
      const cw = this.canvas.width;
      const ch = this.canvas.height;
      // Physical aspect: a voxel is spacing[col] mm wide and spacing[row] mm tall.
      const wmm = g.ncol * vol.spacing[axes.col.axis];
      const hmm = g.nrow * vol.spacing[axes.row.axis];
      const s = Math.min(cw / wmm, ch / hmm);
      const w = Math.max(1, Math.round(wmm * s));
      const h = Math.max(1, Math.round(hmm * s));
      const rect = { x: Math.floor((cw - w) / 2), y: Math.floor((ch - h) / 2), w, h };
      // The image covers its rectangle (crosshair included); the black margins need painting only when it moves.
      if (this.cleared !== `${cw}x${ch}:${rect.x},${rect.y},${w},${h}`) {
        ctx.fillStyle = '#000';
        ctx.fillRect(0, 0, cw, ch);
        this.cleared = `${cw}x${ch}:${rect.x},${rect.y},${w},${h}`;
      }
      this.rect = rect;
      ctx.imageSmoothingEnabled = false;
      ctx.drawImage(this.offscreen, this.rect.x, this.rect.y, w, h);
      if (frame.crosshair) this.drawCrosshair(ctx, frame, g);
    }
    const n = vol.dims[axes.slice];
    this.title.textContent = `${this.name} · ${slice + 1}/${n}`;
    this.canvas.setAttribute('aria-label', `${this.name}, slice ${slice + 1} of ${n}. Arrow keys or Page Up/Down change slice.`);
    this.placeLetters(axes.letters);
    return performance.now() - t0;
  }

  /** Canvas pixel at the centre of voxel `v` (which must be on the shown slice). */
  canvasPixelOf(v: Voxel): { x: number; y: number } | undefined {
    const f = this.frame;
    const g = this.geometry;
    if (!f || !g) return undefined;
    const u = f.axes.col.flip ? g.ncol - 1 - v[f.axes.col.axis] : v[f.axes.col.axis];
    const r = f.axes.row.flip ? g.nrow - 1 - v[f.axes.row.axis] : v[f.axes.row.axis];
    return { x: Math.floor(this.rect.x + ((u + 0.5) * this.rect.w) / g.ncol), y: Math.floor(this.rect.y + ((r + 0.5) * this.rect.h) / g.nrow) };
  }

  /** The voxel under a point given in CSS pixels relative to the canvas, if it is on the image. */
  voxelAt(cssX: number, cssY: number): Voxel | undefined {
    const f = this.frame;
    const g = this.geometry;
    if (!f || !g) return undefined;
    const k = this.canvas.width / Math.max(1, this.canvas.clientWidth);
    const u = Math.floor(((cssX * k - this.rect.x) / this.rect.w) * g.ncol);
    const r = Math.floor(((cssY * k - this.rect.y) / this.rect.h) * g.nrow);
    if (u < 0 || r < 0 || u >= g.ncol || r >= g.nrow) return undefined;
    const v: Voxel = [...f.cursor];
    v[f.axes.col.axis] = f.axes.col.flip ? g.ncol - 1 - u : u;
    v[f.axes.row.axis] = f.axes.row.flip ? g.nrow - 1 - r : r;
    return v;
  }

  inspect(): { name: string; plane: string; slice: number; letters: PlaneAxes['letters'] | undefined; rect: { x: number; y: number; w: number; h: number }; ncol: number; nrow: number } {
    return {
      name: this.name,
      plane: this.frame?.axes.plane ?? '',
      slice: this.frame ? this.frame.cursor[this.frame.axes.slice] : -1,
      letters: this.frame?.axes.letters,
      rect: { ...this.rect },
      ncol: this.geometry?.ncol ?? 0,
      nrow: this.geometry?.nrow ?? 0,
    };
  }

  /** Letters sit just inside the image's own edges (not the pane's), so they stay next to the anatomy. */
  private placeLetters(letters: PlaneAxes['letters']): void {
    const k = Math.max(1, this.canvas.width / Math.max(1, this.canvas.clientWidth));
    const { x, y, w, h } = this.rect;
    const [l, t, r, b] = [x / k, y / k, (x + w) / k, (y + h) / k];
    const set = (e: HTMLElement, text: string, left: number, top: number): void => {
      e.textContent = text;
      e.style.left = `${left}px`;
      e.style.top = `${top}px`;
    };
    set(this.letters.left, letters.left, l + 4, (t + b) / 2);
    set(this.letters.right, letters.right, r - 4, (t + b) / 2);
    set(this.letters.top, letters.top, (l + r) / 2, t + 2);
    set(this.letters.bottom, letters.bottom, (l + r) / 2, b - 2);
  }

  private fitCanvas(): void {
    const dpr = window.devicePixelRatio || 1;
    const w = Math.max(1, Math.round(this.canvas.clientWidth * dpr));
    const h = Math.max(1, Math.round(this.canvas.clientHeight * dpr));
    if (this.canvas.width !== w || this.canvas.height !== h) {
      this.canvas.width = w;
      this.canvas.height = h;
      this.cleared = '';
    }
  }

  private drawCrosshair(ctx: CanvasRenderingContext2D, f: PaneFrame, g: SliceGeometry): void {
    const p = this.canvasPixelOf(f.cursor);
    if (!p) return;
    const { x, y, w, h } = this.rect;
    const gap = Math.max(4, Math.round(Math.min(w / g.ncol, h / g.nrow) * 1.5));
    ctx.save();
    ctx.strokeStyle = f.crosshairColor;
    ctx.lineWidth = 1;
    ctx.beginPath();
    // A gap around the picked voxel keeps it visible.
    ctx.moveTo(x, p.y + 0.5);
    ctx.lineTo(p.x - gap, p.y + 0.5);
    ctx.moveTo(p.x + gap, p.y + 0.5);
    ctx.lineTo(x + w, p.y + 0.5);
    ctx.moveTo(p.x + 0.5, y);
    ctx.lineTo(p.x + 0.5, p.y - gap);
    ctx.moveTo(p.x + 0.5, p.y + gap);
    ctx.lineTo(p.x + 0.5, y + h);
    ctx.stroke();
    ctx.restore();
  }

  private listen(): void {
    const c = this.canvas;
    const local = (e: MouseEvent): [number, number] => {
      const r = c.getBoundingClientRect();
      return [e.clientX - r.left, e.clientY - r.top];
    };
    c.addEventListener('contextmenu', (e) => e.preventDefault());
    c.addEventListener('pointerdown', (e) => {
      c.focus();
      const mode = e.button === 2 || (e.button === 0 && e.shiftKey) ? 'window' : e.button === 0 ? 'pick' : undefined;
      if (!mode) return;
      this.drag = { mode, x: e.clientX, y: e.clientY };
      c.setPointerCapture(e.pointerId);
      if (mode === 'pick') {
        const v = this.voxelAt(...local(e));
        if (v) this.handlers.pick(v);
      }
      e.preventDefault();
    });
    c.addEventListener('pointermove', (e) => {
      const v = this.voxelAt(...local(e));
      this.handlers.hover(v);
      if (!this.drag) return;
      if (this.drag.mode === 'pick') {
        if (v) this.handlers.pick(v);
      } else {
        this.handlers.windowDrag(e.clientX - this.drag.x, e.clientY - this.drag.y);
        this.drag.x = e.clientX;
        this.drag.y = e.clientY;
      }
    });
    const end = (e: PointerEvent): void => {
      this.drag = undefined;
      if (c.hasPointerCapture(e.pointerId)) c.releasePointerCapture(e.pointerId);
    };
    c.addEventListener('pointerup', end);
    c.addEventListener('pointercancel', end);
    c.addEventListener('pointerleave', () => this.handlers.hover(undefined));
    c.addEventListener(
      'wheel',
      (e) => {
        e.preventDefault();
        if (e.deltaY !== 0) this.handlers.step(this, e.deltaY < 0 ? 1 : -1);
      },
      { passive: false },
    );
    c.addEventListener('keydown', (e) => {
      const delta = { ArrowUp: 1, ArrowRight: 1, ArrowDown: -1, ArrowLeft: -1, PageUp: 10, PageDown: -10 }[e.key];
      if (delta === undefined) return;
      e.preventDefault();
      this.handlers.step(this, delta);
    });
  }
}
