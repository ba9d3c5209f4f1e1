// The slice viewer: loads the image and its label maps (fetched as files), lays out one or three planes or the
// compare view, and keeps crosshair, window/level, overlay settings and per-class visibility in sync across panes.

import type { Host } from '../common/vscodeHost';
import { logUnknownMessage } from '../common/vscodeHost';
import { el } from '../common/dom';
import type { OverlayKind, SliceViewLoad, SliceViewerHostMessage, SliceViewerViewState, SliceViewerWebviewMessage } from '../protocol';
import { diceScores } from './diceScores';
import { cssColor, ERROR_COLORS, labelColor } from './labelColors';
import type { LabelMap } from './labelMap';
import { toLabelMap } from './labelMap';
import type { NiftiVolume } from './niftiVolume';
import { parseNifti, voxelToWorld } from './niftiVolume';
import type { Plane, PlaneAxes } from './orientation';
import { planeAxes } from './orientation';
import type { ErrorLayer, OverlayLayer } from './sliceRenderer';
import type { Voxel } from './slicePane';
import { SlicePane } from './slicePane';
import type { WindowLevel, WindowPresetId } from './windowLevel';
import { greyTable, presetWindow, WINDOW_PRESETS } from './windowLevel';

interface LoadedOverlay {
  label: string;
  kind: OverlayKind;
  map: LabelMap;
}

interface Loaded {
  load: SliceViewLoad;
  image: NiftiVolume;
  overlays: LoadedOverlay[];
  axes: Record<Plane, PlaneAxes>;
  /** Every label id in any overlay or in the names, ascending. */
  labels: number[];
  /** Prediction overlay index → label id → Dice against the ground truth. */
  dice: Map<number, Map<number, number>>;
}

const PLANES: Plane[] = ['axial', 'coronal', 'sagittal'];
const PLANE_NAMES: Record<Plane, string> = { axial: 'Axial', coronal: 'Coronal', sagittal: 'Sagittal' };

export const DEFAULT_SLICE_STATE: SliceViewerViewState = { layout: 'three', compare: false, opacity: 0.5, outline: false, hiddenLabels: [] };

export class SliceViewerApp {
  private state: SliceViewerViewState & { preset?: WindowPresetId; overlay?: number; errorOf?: number; crosshair?: boolean };
  private loaded: Loaded | undefined;
  private loadSeq = 0;
  private wl: WindowLevel = { width: 1, level: 0 };
  private greyLut: Uint32Array | undefined;
  private cursor: Voxel = [0, 0, 0];
  private panes: SlicePane[] = [];
  /** What each pane shows, by pane. */
  private readonly specs = new WeakMap<SlicePane, PaneSpec>();
  private frameRequested = false;
  private lastRenderMs = 0;
  private hoverVoxel: Voxel | undefined;
  private readonly els: {
    title: HTMLElement;
    layout: HTMLSelectElement;
    compare: HTMLButtonElement;
    preset: HTMLSelectElement;
    width: HTMLInputElement;
    level: HTMLInputElement;
    overlay: HTMLSelectElement;
    errorOf: HTMLSelectElement;
    opacity: HTMLInputElement;
    outline: HTMLButtonElement;
    crosshair: HTMLButtonElement;
    panes: HTMLElement;
    legend: HTMLElement;
    dice: HTMLElement;
    errorLegend: HTMLElement;
    status: HTMLElement;
    message: HTMLElement;
  };

  constructor(
    root: HTMLElement,
    private readonly host: Host<SliceViewerWebviewMessage, SliceViewerViewState>,
  ) {
    this.state = { ...DEFAULT_SLICE_STATE, ...host.savedState() };
    const select = (id: string, label: string, options: [string, string][]): HTMLSelectElement =>
      el('select', { id, 'aria-label': label }, ...options.map(([v, t]) => el('option', { value: v, text: t })));
    const toggle = (id: string, text: string, title: string): HTMLButtonElement => el('button', { id, type: 'button', class: 'toggle', 'aria-pressed': 'false', text, title });
    const num = (id: string, label: string): HTMLInputElement => el('input', { id, type: 'number', 'aria-label': label, step: 'any', class: 'wl' });
    const els = {
      title: el('h1', { class: 'title' }),
      layout: select('layout', 'Layout', [['three', 'Three planes'], ['axial', 'Axial'], ['coronal', 'Coronal'], ['sagittal', 'Sagittal']]),
      compare: toggle('compare', 'Compare', 'Ground truth, teacher and student side by side, with an error map'),
      preset: select('preset', 'Window preset', [...WINDOW_PRESETS.map((p): [string, string] => [p.id, p.label]), ['custom', 'Custom']]),
      width: num('window-width', 'Window width'),
      level: num('window-level', 'Window level'),
      overlay: select('overlay', 'Overlay shown', []),
      errorOf: select('error-of', 'Error map of', []),
      opacity: el('input', { id: 'opacity', type: 'range', min: 0, max: 1, step: 0.05, 'aria-label': 'Overlay opacity' }),
      outline: toggle('outline', 'Outline', 'Draw label outlines instead of filled regions'),
      crosshair: toggle('crosshair', 'Crosshair', 'Show the crosshair'),
      panes: el('div', { class: 'panes' }),
      legend: el('div', { class: 'legend', role: 'group', 'aria-label': 'Labels (click to show or hide)' }),
      dice: el('div', { class: 'dice' }),
      errorLegend: el('div', { class: 'error-legend' }),
      status: el('footer', { class: 'status', role: 'status', 'aria-live': 'off' }),
      message: el('p', { class: 'message', text: 'Loading…' }),
    };
    this.els = els;
    const field = (label: string, ...c: Node[]): HTMLElement => el('label', { class: 'field' }, label, ...c);
    const toolbar = el(
      'header',
      { class: 'toolbar' },
      els.title,
      field('Layout', els.layout),
      els.compare,
      field('Window', els.preset),
      field('W', els.width),
      field('L', els.level),
      field('Overlay', els.overlay),
      field('Opacity', els.opacity),
      els.outline,
      els.crosshair,
      el('span', { class: 'error-of-field' }, field('Error map of', els.errorOf)),
    );
    const side = el('aside', { class: 'side' }, el('h2', { text: 'Labels' }), els.legend, els.errorLegend, els.dice);
    root.append(toolbar, els.message, el('div', { class: 'body' }, els.panes, side), els.status);
    this.syncControls();
    this.wire();
    new ResizeObserver(() => this.requestRender()).observe(els.panes);
  }

  handle(msg: SliceViewerHostMessage): void {
    switch (msg.type) {
      case 'load':
        void this.open(msg.load);
        break;
      case 'error':
        this.showMessage(msg.message, true);
        break;
      default:
        logUnknownMessage(this.host, msg);
    }
  }

  /** What is drawn, for tests. */
  inspect(): unknown {
    this.renderNow();
    const L = this.loaded;
    return {
      state: this.state,
      cursor: this.cursor,
      window: this.wl,
      lastRenderMs: this.lastRenderMs,
      message: this.els.message.hidden ? '' : this.els.message.textContent,
      status: this.els.status.textContent,
      panes: this.panes.map((p) => p.inspect()),
      labels: L?.labels ?? [],
      legend: [...this.els.legend.querySelectorAll('button')].map((b) => ({ text: b.textContent, pressed: b.getAttribute('aria-pressed') })),
      dice: [...this.els.dice.querySelectorAll('tr')].map((tr) => [...tr.children].map((c) => c.textContent ?? '')),
    };
  }

  /** Canvas pixel of voxel `v` in pane `i` (for tests that read the canvas). */
  pixelOf(i: number, v: Voxel): { x: number; y: number } | undefined {
    this.renderNow();
    return this.panes[i]?.canvasPixelOf(v);
  }

  /** Steps pane `i` `n` times and renders synchronously after each: the per-step milliseconds. */
  timeSteps(i: number, n: number): number[] {
    const pane = this.panes[i];
    const out: number[] = [];
    if (!pane) return out;
    for (let s = 0; s < n; s++) {
      const t0 = performance.now();
      this.step(pane, s % 2 === 0 ? 1 : -1, false);
      this.renderNow();
      out.push(performance.now() - t0);
    }
    return out;
  }

  private async open(load: SliceViewLoad): Promise<void> {
    const seq = ++this.loadSeq;
    this.showMessage(`Loading ${load.image.name}…`, false);
    this.els.title.textContent = load.title;
    document.title = load.title;
    try {
      const fetchBytes = async (src: string): Promise<ArrayBuffer> => {
        const r = await fetch(src);
        if (!r.ok) throw new Error(`${r.status} ${r.statusText}`);
        return r.arrayBuffer();
      };
      const [imageBytes, ...overlayBytes] = await Promise.all([fetchBytes(load.image.src), ...load.overlays.map((o) => fetchBytes(o.src).catch((e: unknown) => e as Error))]);
      if (seq !== this.loadSeq) return;
      const image = parseNifti(imageBytes as ArrayBuffer);
      const overlays: LoadedOverlay[] = [];
      const problems: string[] = [];
      load.overlays.forEach((o, i) => {
        const b = overlayBytes[i];
        try {
          if (b instanceof Error) throw b;
          overlays.push({ label: o.label, kind: o.kind, map: toLabelMap(parseNifti(b as ArrayBuffer), image.dims) });
        } catch (err) {
          problems.push(`${o.name}: ${err instanceof Error ? err.message : String(err)}`);
        }
      });
      const labelSet = new Set<number>(overlays.flatMap((o) => o.map.labels));
      for (const k of Object.keys(load.labelNames)) if (/^\d+$/.test(k) && Number(k) > 0) labelSet.add(Number(k));
      const labels = [...labelSet].sort((a, b) => a - b);
      const gt = overlays.findIndex((o) => o.kind === 'groundTruth');
      const dice = new Map<number, Map<number, number>>();
      const ref = overlays[gt];
      if (ref) overlays.forEach((o, i) => i !== gt && dice.set(i, diceScores(o.map.data, ref.map.data, labels)));
      const axes = { axial: planeAxes(image.affine, 'axial'), coronal: planeAxes(image.affine, 'coronal'), sagittal: planeAxes(image.affine, 'sagittal') };
      this.loaded = { load, image, overlays, axes, labels, dice };
      this.afterLoad(problems);
    } catch (err) {
      if (seq !== this.loadSeq) return;
      const m = `Cannot show ${load.image.name}: ${err instanceof Error ? err.message : String(err)}`;
      this.showMessage(m, true);
      this.host.log('error', m);
    }
  }

  private afterLoad(problems: string[]): void {
    const L = this.loaded;
    if (!L) return;
    const sameImage = this.state.load?.image.uri === L.load.image.uri;
    this.state.load = L.load;
    const d = L.image.dims;
    const saved = sameImage ? this.state.cursor : undefined;
    this.cursor = saved && saved.every((c, i) => c >= 0 && c < (d[i] ?? 0)) ? [...saved] : [Math.floor(d[0] / 2), Math.floor(d[1] / 2), Math.floor(d[2] / 2)];
    if (!sameImage || !this.state.window) {
      this.state.preset = this.state.preset && this.state.preset !== ('custom' as WindowPresetId) ? this.state.preset : 'auto';
      this.setWindow(presetWindow(this.state.preset, L.image), this.state.preset);
    } else this.setWindow(this.state.window, this.state.preset);
    if (this.state.overlay === undefined || this.state.overlay >= L.overlays.length || !sameImage) {
      const gt = L.overlays.findIndex((o) => o.kind === 'groundTruth');
      this.state.overlay = L.overlays.length === 0 ? -1 : gt >= 0 ? gt : 0;
    }
    if (this.state.errorOf === undefined || !L.dice.has(this.state.errorOf)) {
      const order: OverlayKind[] = ['student', 'prediction', 'teacher'];
      const pick = order.map((k) => L.overlays.findIndex((o, i) => o.kind === k && L.dice.has(i))).find((i) => i >= 0);
      this.state.errorOf = pick ?? -1;
    }
    if (this.state.compare && L.overlays.length === 0) this.state.compare = false;
    this.showMessage(problems.length > 0 ? `Some overlays were skipped: ${problems.join('; ')}` : '', problems.length > 0);
    this.fillOverlaySelects();
    this.syncControls();
    this.buildPanes();
    this.renderLegend();
    this.renderDice();
    this.save();
  }

  private setWindow(wl: WindowLevel, preset: WindowPresetId | 'custom' | undefined): void {
    const L = this.loaded;
    this.wl = { width: Math.max(1e-6, wl.width), level: wl.level };
    this.state.window = { ...this.wl };
    this.state.preset = (preset ?? 'custom') as WindowPresetId;
    if (L) this.greyLut = greyTable(L.image, this.wl, this.greyLut);
    this.els.width.value = String(round4(this.wl.width));
    this.els.level.value = String(round4(this.wl.level));
    this.els.preset.value = preset ?? 'custom';
    this.requestRender();
  }

  private wire(): void {
    const e = this.els;
    e.layout.addEventListener('change', () => {
      this.state.layout = e.layout.value as SliceViewerViewState['layout'];
      this.buildPanes();
      this.save();
    });
    e.compare.addEventListener('click', () => {
      if (!this.loaded || this.loaded.overlays.length === 0) return;
      this.state.compare = !this.state.compare;
      this.syncControls();
      this.buildPanes();
      this.save();
    });
    e.preset.addEventListener('change', () => {
      if (!this.loaded || e.preset.value === 'custom') return;
      const id = e.preset.value as WindowPresetId;
      this.setWindow(presetWindow(id, this.loaded.image), id);
      this.save();
    });
    const typed = (): void => {
      const w = Number(e.width.value);
      const l = Number(e.level.value);
      if (Number.isFinite(w) && w > 0 && Number.isFinite(l)) {
        this.setWindow({ width: w, level: l }, 'custom');
        this.save();
      }
    };
    e.width.addEventListener('change', typed);
    e.level.addEventListener('change', typed);
    e.overlay.addEventListener('change', () => {
      this.state.overlay = Number(e.overlay.value);
      this.requestRender();
      this.save();
    });
    e.errorOf.addEventListener('change', () => {
      this.state.errorOf = Number(e.errorOf.value);
      this.buildPanes();
      this.save();
    });
    e.opacity.addEventListener('input', () => {
      this.state.opacity = Number(e.opacity.value);
      this.requestRender();
      this.save();
    });
    e.outline.addEventListener('click', () => {
      this.state.outline = !this.state.outline;
      this.syncControls();
      this.requestRender();
      this.save();
    });
    e.crosshair.addEventListener('click', () => {
      this.state.crosshair = this.state.crosshair === false;
      this.syncControls();
      this.requestRender();
      this.save();
    });
  }

  private syncControls(): void {
    const e = this.els;
    const s = this.state;
    e.layout.value = s.layout;
    e.compare.setAttribute('aria-pressed', String(s.compare));
    e.compare.disabled = !this.loaded || this.loaded.overlays.length === 0;
    e.opacity.value = String(s.opacity);
    e.outline.setAttribute('aria-pressed', String(s.outline));
    e.crosshair.setAttribute('aria-pressed', String(s.crosshair !== false));
    e.overlay.value = String(s.overlay ?? -1);
    e.overlay.disabled = s.compare;
    e.errorOf.value = String(s.errorOf ?? -1);
    (e.errorOf.closest('.error-of-field') as HTMLElement | null)?.toggleAttribute('hidden', !s.compare || !this.loaded || this.loaded.dice.size < 2);
  }

  private fillOverlaySelects(): void {
    const L = this.loaded;
    if (!L) return;
    this.els.overlay.replaceChildren(el('option', { value: -1, text: 'None' }), ...L.overlays.map((o, i) => el('option', { value: i, text: o.label })));
    this.els.errorOf.replaceChildren(...[...L.dice.keys()].map((i) => el('option', { value: i, text: L.overlays[i]?.label ?? String(i) })));
  }

  /** The panes for the current layout: planes, or in compare mode one pane per overlay plus the error map. */
  private buildPanes(): void {
    const L = this.loaded;
    const handlers = {
      pick: (v: Voxel) => this.pick(v),
      hover: (v: Voxel | undefined) => this.hover(v),
      step: (p: SlicePane, d: number) => this.step(p, d, true),
      windowDrag: (dx: number, dy: number) => this.windowDrag(dx, dy),
    };
    const focusedIndex = this.panes.findIndex((p) => p.canvas === document.activeElement);
    this.panes = [];
    if (L) {
      const plane: Plane = this.state.layout === 'three' ? 'axial' : this.state.layout;
      if (this.state.compare && L.overlays.length > 0) {
        L.overlays.forEach((o, i) => this.addPane(o.label, { plane, overlay: i }, handlers));
        const e = this.state.errorOf ?? -1;
        const pred = L.overlays[e];
        if (pred && L.dice.has(e)) this.addPane(`Errors: ${pred.label}`, { plane, error: e }, handlers);
      } else {
        const planes = this.state.layout === 'three' ? PLANES : [this.state.layout];
        for (const p of planes) this.addPane(PLANE_NAMES[p], { plane: p }, handlers);
      }
    }
    this.els.panes.replaceChildren(...this.panes.map((p) => p.root));
    this.els.panes.dataset['count'] = String(this.panes.length);
    const n = this.panes.length;
    this.els.panes.style.setProperty('--cols', String(n <= 3 ? n : n === 4 ? 2 : 3));
    this.els.panes.dataset['mode'] = this.state.compare ? 'compare' : this.state.layout;
    this.syncControls();
    this.renderLegend();
    this.renderNow();
    if (focusedIndex >= 0) this.panes[Math.min(focusedIndex, this.panes.length - 1)]?.canvas.focus();
  }

  private addPane(name: string, spec: PaneSpec, handlers: ConstructorParameters<typeof SlicePane>[1]): void {
    const pane = new SlicePane(name, handlers);
    this.specs.set(pane, spec);
    this.panes.push(pane);
  }

  private requestRender(): void {
    if (this.frameRequested) return;
    this.frameRequested = true;
    requestAnimationFrame(() => this.renderNow());
  }

  private renderNow(): void {
    this.frameRequested = false;
    const L = this.loaded;
    if (!L) return;
    const t0 = performance.now();
    const alpha = Math.round(Math.min(1, Math.max(0, this.state.opacity)) * 255);
    const colors = this.labelColors(alpha);
    const hidden = new Set(this.state.hiddenLabels);
    const crosshairColor = 'rgba(255, 215, 0, 0.75)';
    const s = this.state;
    const contentKey = `${this.loadSeq}|${this.wl.width}|${this.wl.level}|${s.overlay}|${s.compare}|${s.errorOf}|${alpha}|${s.outline}|${s.hiddenLabels.join(',')}`;
    const visible = new Uint8Array(65536);
    for (const l of L.labels) if (!hidden.has(l)) visible[l] = 1;
    for (const pane of this.panes) {
      const spec = this.specs.get(pane);
      if (!spec) continue;
      let layer: OverlayLayer | ErrorLayer | undefined;
      const ovIndex = spec.overlay ?? (this.state.compare ? -1 : (this.state.overlay ?? -1));
      const ov = L.overlays[ovIndex];
      const gt = L.overlays.find((o) => o.kind === 'groundTruth');
      const pred = spec.error !== undefined ? L.overlays[spec.error] : undefined;
      if (pred && gt) {
        layer = { kind: 'errors', pred: pred.map.data, ref: gt.map.data, visible, fp: pack(ERROR_COLORS.falsePositive, Math.max(alpha, 160)), fn: pack(ERROR_COLORS.falseNegative, Math.max(alpha, 160)), tp: pack(ERROR_COLORS.truePositive, Math.round(alpha / 2)) };
      } else if (ov) {
        layer = { kind: 'labels', data: ov.map.data, colors, outline: this.state.outline };
      }
      pane.draw({ vol: L.image, axes: L.axes[spec.plane], wl: this.wl, greyLut: this.greyLut, layer, cursor: this.cursor, crosshair: this.state.crosshair !== false, crosshairColor, contentKey: `${contentKey}|${spec.overlay ?? ''}|${spec.error ?? ''}` });
    }
    this.lastRenderMs = performance.now() - t0;
  }

  private labelColors(alpha: number): Uint32Array {
    const L = this.loaded;
    const max = L?.labels.reduce((m, l) => Math.max(m, l), 0) ?? 0;
    const out = new Uint32Array(Math.max(256, max + 1));
    const hidden = new Set(this.state.hiddenLabels);
    for (const l of L?.labels ?? []) out[l] = hidden.has(l) ? 0 : pack(labelColor(l), alpha);
    return out;
  }

  private pick(v: Voxel): void {
    this.cursor = v;
    this.state.cursor = [...v];
    this.requestRender();
    this.hover(v);
    this.save();
  }

  private step(pane: SlicePane, delta: number, save: boolean): void {
    const L = this.loaded;
    const axes = pane.axes;
    if (!L || !axes) return;
    const n = L.image.dims[axes.slice];
    const next = Math.min(n - 1, Math.max(0, this.cursor[axes.slice] + delta * axes.sliceSign));
    if (next === this.cursor[axes.slice]) return;
    this.cursor[axes.slice] = next;
    this.state.cursor = [...this.cursor];
    this.requestRender();
    if (this.hoverVoxel) {
      this.hoverVoxel[axes.slice] = next;
      this.hover(this.hoverVoxel);
    }
    if (save) this.save();
  }

  private windowDrag(dx: number, dy: number): void {
    // Right/left widens/narrows the window; down/up raises/lowers the level: proportional, so it works for CT and MRI.
    const width = Math.max(1e-6, this.wl.width * Math.exp(dx * 0.01));
    const level = this.wl.level + dy * this.wl.width * 0.005;
    this.setWindow({ width, level }, 'custom');
    this.save();
  }

  private hover(v: Voxel | undefined): void {
    this.hoverVoxel = v ? [...v] : undefined;
    const L = this.loaded;
    if (!v || !L) {
      this.els.status.textContent = L ? 'Left-click: move crosshair · wheel, arrows, Page Up/Down: slice · right-drag: window/level' : '';
      return;
    }
    const [i, j, k] = v;
    const d = L.image.dims;
    const idx = i + d[0] * (j + d[1] * k);
    const value = (L.image.data[idx] ?? 0) * L.image.slope + L.image.inter;
    const w = voxelToWorld(L.image.affine, i, j, k);
    const parts = [`ijk ${i}, ${j}, ${k}`, `world ${w.map((x) => x.toFixed(1)).join(', ')} mm`, `value ${round4(value)}`];
    for (const o of L.overlays) {
      const l = o.map.data[idx] ?? 0;
      parts.push(`${o.label}: ${l === 0 ? 'background' : `${this.labelName(l)} (${l})`}`);
    }
    this.els.status.textContent = parts.join(' · ');
  }

  private labelName(l: number): string {
    return this.loaded?.load.labelNames[String(l)] ?? `label ${l}`;
  }

  private renderLegend(): void {
    const L = this.loaded;
    if (!L) return;
    const hidden = new Set(this.state.hiddenLabels);
    this.els.legend.replaceChildren(
      ...L.labels.map((l) => {
        const swatch = el('span', { class: 'swatch', 'aria-hidden': 'true' });
        swatch.style.background = cssColor(labelColor(l));
        const b = el('button', { type: 'button', class: 'label', 'aria-pressed': String(!hidden.has(l)), 'data-label': l, title: `${hidden.has(l) ? 'Show' : 'Hide'} ${this.labelName(l)}` }, swatch, el('span', { text: `${l} ${this.labelName(l)}` }));
        b.addEventListener('click', () => {
          const set = new Set(this.state.hiddenLabels);
          if (set.has(l)) set.delete(l);
          else set.add(l);
          this.state.hiddenLabels = [...set].sort((a, c) => a - c);
          this.renderLegend();
          this.els.legend.querySelector<HTMLButtonElement>(`button[data-label="${l}"]`)?.focus();
          this.requestRender();
          this.save();
        });
        return b;
      }),
    );
    if (L.labels.length === 0) this.els.legend.replaceChildren(el('p', { class: 'muted', text: 'No label overlays.' }));
    const showErrors = this.state.compare && this.panes.some((p) => this.specs.get(p)?.error !== undefined);
    this.els.errorLegend.hidden = !showErrors;
    const item = (c: [number, number, number], t: string): HTMLElement => {
      const s = el('span', { class: 'swatch', 'aria-hidden': 'true' });
      s.style.background = cssColor(c);
      return el('div', { class: 'item' }, s, el('span', { text: t }));
    };
    this.els.errorLegend.replaceChildren(el('h2', { text: 'Error map' }), item(ERROR_COLORS.falsePositive, 'false positive (predicted, not in ground truth)'), item(ERROR_COLORS.falseNegative, 'false negative (missed)'), item(ERROR_COLORS.truePositive, 'agreement'));
  }

  private renderDice(): void {
    const L = this.loaded;
    if (!L || L.dice.size === 0) {
      this.els.dice.replaceChildren();
      return;
    }
    const cols = [...L.dice.keys()];
    const head = el('tr', {}, el('th', { text: 'Label' }), ...cols.map((i) => el('th', { text: L.overlays[i]?.label ?? '' })));
    const rows = L.labels.map((l) => el('tr', {}, el('th', { text: this.labelName(l) }), ...cols.map((i) => el('td', { text: fmtDice(L.dice.get(i)?.get(l)) }))));
    const mean = el('tr', { class: 'mean' }, el('th', { text: 'mean' }), ...cols.map((i) => el('td', { text: fmtDice(meanOf([...(L.dice.get(i)?.values() ?? [])])) })));
    this.els.dice.replaceChildren(el('h2', { text: 'Dice vs ground truth (this volume)' }), el('table', {}, el('thead', {}, head), el('tbody', {}, ...rows, mean)));
  }

  private showMessage(text: string, error: boolean): void {
    this.els.message.textContent = text;
    this.els.message.hidden = text === '';
    this.els.message.classList.toggle('error', error);
  }

  private save(): void {
    this.host.saveState({ ...this.state, cursor: [...this.cursor] });
  }
}

interface PaneSpec {
  plane: Plane;
  overlay?: number;
  error?: number;
}

function pack([r, g, b]: [number, number, number], alpha: number): number {
  return ((alpha << 24) | (b << 16) | (g << 8) | r) >>> 0;
}

function round4(v: number): number {
  return Number(v.toPrecision(4));
}

function fmtDice(d: number | undefined): string {
  return d === undefined ? '–' : d.toFixed(3);
}

function meanOf(xs: number[]): number | undefined {
  return xs.length === 0 ? undefined : xs.reduce((a, b) => a + b, 0) / xs.length;
}
