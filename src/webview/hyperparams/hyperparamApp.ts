// The live hyperparameter panel of one run: each tweakable with its value and range, an edit field checked
// against the range, Apply (one engine tweak for all edits), where each change took effect, and the history.

import type { RunStatus, TweakableParam } from '../../engine/protocol';
import { el } from '../common/dom';
import { formatNumber } from '../common/formatNumber';
import type { Host } from '../common/vscodeHost';
import { logUnknownMessage } from '../common/vscodeHost';
import type { HyperparamHostMessage, HyperparamViewState, HyperparamWebviewMessage, TweakEvent } from '../protocol';
import type { Button, TextField } from './controls';
import { badge, button, registerControls, textField } from './controls';
import { sliderPosition, sliderValue, validateTweak } from './validateTweak';

interface ParamRow {
  param: TweakableParam;
  row: HTMLElement;
  current: HTMLElement;
  field: TextField;
  slider: HTMLInputElement;
  error: HTMLElement;
  effect: HTMLElement;
  dirty: boolean;
}

/** Runs that can still take a change. */
const LIVE: ReadonlySet<RunStatus> = new Set<RunStatus>(['running', 'paused', 'queued']);

export class HyperparamApp {
  private runId = '';
  private status: RunStatus | undefined;
  private step: number | undefined;
  private rows = new Map<string, ParamRow>();
  private history: TweakEvent[] = [];
  private nextRequest = 1;
  private pending = new Map<number, string[]>();
  private readonly els: { run: HTMLElement; status: HTMLElement; step: HTMLElement; body: HTMLElement; message: HTMLElement; history: HTMLElement; empty: HTMLElement };
  private readonly apply: Button;
  private readonly revert: Button;

  constructor(
    root: HTMLElement,
    private readonly host: Host<HyperparamWebviewMessage, HyperparamViewState>,
  ) {
    registerControls();
    this.apply = button('Apply', { id: 'apply', primary: true, title: 'Send every edited value to the run (Enter in a field does the same)', onClick: () => this.applyEdits() });
    this.revert = button('Revert edits', { id: 'revert', onClick: () => this.revertEdits() });
    const refresh = button('Refresh', { id: 'refresh', title: 'Ask the engine for the current values', onClick: () => this.host.post({ type: 'refresh' }) });
    this.els = {
      run: el('span', { class: 'run-id' }),
      status: el('span', { class: 'status' }),
      step: el('span', { class: 'step' }),
      body: el('tbody'),
      message: el('p', { class: 'message', role: 'status', 'aria-live': 'polite' }),
      history: el('ol', { class: 'history', 'aria-label': 'Changes, newest first' }),
      empty: el('p', { class: 'empty muted', text: 'Waiting for the run…', hidden: false }),
    };
    const table = el(
      'table',
      { class: 'params' },
      el('thead', {}, el('tr', {}, ...['Parameter', 'Current', 'New value', 'Adjust', 'Range', 'Took effect'].map((t) => el('th', { scope: 'col', text: t })))),
      this.els.body,
    );
    root.append(
      el('header', { class: 'head' }, el('h1', { text: 'Live hyperparameters' }), this.els.run, this.els.status, this.els.step),
      el('p', { class: 'muted', text: 'Changes apply between training steps; the run records the step at which each one took effect.' }),
      this.els.empty,
      table,
      el('div', { class: 'actions' }, this.apply.element, this.revert.element, refresh.element),
      this.els.message,
      el('h2', { text: 'History' }),
      this.els.history,
    );
    this.updateButtons();
  }

  handle(msg: HyperparamHostMessage): void {
    switch (msg.type) {
      case 'init':
        this.init(msg.runId, msg.params, msg.history, msg.status, msg.step);
        break;
      case 'tweakApplied':
        this.applied(msg.event);
        break;
      case 'tweakResult': {
        const names = this.pending.get(msg.requestId) ?? [];
        this.pending.delete(msg.requestId);
        for (const [name, { value }] of Object.entries(msg.applied)) {
          const r = this.rows.get(name);
          if (!r) continue;
          r.param.value = value;
          r.dirty = false;
          r.field.value = String(value);
          r.slider.value = String(sliderPosition(value, r.param));
          r.current.textContent = formatNumber(value);
          r.effect.textContent = `step ${msg.atStep} · panel`;
        }
        const applied = Object.keys(msg.applied);
        const skipped = names.filter((n) => !applied.includes(n));
        this.say(`Applied ${applied.join(', ') || 'nothing'} at step ${msg.atStep}${skipped.length ? `; not applied: ${skipped.join(', ')}` : ''}.`, skipped.length > 0);
        this.updateButtons();
        break;
      }
      case 'tweakError':
        this.pending.delete(msg.requestId);
        this.say(msg.message, true);
        this.updateButtons();
        break;
      case 'status':
        this.status = msg.status;
        this.step = msg.step;
        this.renderHeader();
        this.updateButtons();
        break;
      default:
        logUnknownMessage(this.host, msg);
    }
  }

  inspect(): unknown {
    return {
      runId: this.runId,
      status: this.status,
      step: this.step,
      params: [...this.rows.values()].map((r) => ({
        name: r.param.name,
        current: r.current.textContent,
        field: r.field.value,
        dirty: r.dirty,
        error: r.error.hidden ? '' : r.error.textContent,
        effect: r.effect.textContent,
        slider: Number(r.slider.value),
      })),
      history: [...this.els.history.children].map((li) => li.textContent),
      message: this.els.message.textContent,
      applyDisabled: this.apply.element.hasAttribute('disabled'),
    };
  }

  private init(runId: string, params: TweakableParam[], history: TweakEvent[], status: RunStatus | undefined, step: number | undefined): void {
    this.runId = runId;
    this.status = status;
    this.step = step;
    this.host.saveState({ runId });
    this.history = [...history];
    this.rows = new Map();
    this.els.body.replaceChildren(...params.map((p) => this.createRow({ ...p })));
    this.els.empty.hidden = params.length > 0;
    this.els.empty.textContent = 'This run has no live-tweakable hyperparameters, or its engine is not running.';
    // The last change of each parameter, from the run's own record.
    for (const e of history) {
      const r = this.rows.get(e.name);
      if (r) r.effect.textContent = `step ${e.step} · ${e.source}`;
    }
    this.renderHeader();
    this.renderHistory();
    this.updateButtons();
  }

  private createRow(p: TweakableParam): HTMLElement {
    const id = `p-${p.name.replace(/[^A-Za-z0-9_-]/g, '_')}`;
    const field = textField({ id, label: `New value of ${p.name}`, placeholder: formatNumber(p.value) });
    field.value = String(p.value);
    const slider = el('input', { type: 'range', min: 0, max: 1000, step: 1, value: sliderPosition(p.value, p), 'aria-label': `${p.name}${p.log ? ' (log scale)' : ''}` });
    const current = el('td', { class: 'current', text: formatNumber(p.value) });
    const error = el('div', { class: 'field-error', role: 'alert', hidden: true });
    const effect = el('td', { class: 'effect muted', text: '–' });
    const row = el(
      'tr',
      { 'data-param': p.name },
      el('th', { scope: 'row' }, el('div', { class: 'name', text: p.name }), el('div', { class: 'doc muted', text: p.doc })),
      current,
      el('td', {}, field.element, error),
      el('td', {}, slider),
      el('td', { class: 'range muted', text: `${formatNumber(p.min)} – ${formatNumber(p.max)}${p.log ? ' (log)' : ''}` }),
      effect,
    );
    const r: ParamRow = { param: p, row, current, field, slider, error, effect, dirty: false };
    field.onInput(() => {
      r.dirty = field.value.trim() !== String(r.param.value);
      const v = validateTweak(field.value, r.param);
      if (v.ok) slider.value = String(sliderPosition(v.value, r.param));
      this.showError(r, v.ok ? undefined : v.error);
      this.updateButtons();
    });
    field.onSubmit(() => this.applyEdits());
    slider.addEventListener('input', () => {
      field.value = String(sliderValue(Number(slider.value), r.param));
      r.dirty = field.value !== String(r.param.value);
      this.showError(r, undefined);
      this.updateButtons();
    });
    this.rows.set(p.name, r);
    return row;
  }

  private showError(r: ParamRow, message: string | undefined): void {
    r.field.setError(message);
    r.error.textContent = message ?? '';
    r.error.hidden = message === undefined;
  }

  private applyEdits(): void {
    if (this.pending.size > 0 || !this.canTweak()) return;
    const changes: Record<string, number> = {};
    let invalid = false;
    for (const r of this.rows.values()) {
      if (!r.dirty) continue;
      const v = validateTweak(r.field.value, r.param);
      this.showError(r, v.ok ? undefined : v.error);
      if (v.ok) changes[r.param.name] = v.value;
      else invalid = true;
    }
    if (invalid) {
      this.say('Fix the values marked in red first.', true);
      return;
    }
    const names = Object.keys(changes);
    if (names.length === 0) {
      this.say('Nothing to apply: no value was changed.', false);
      return;
    }
    const requestId = this.nextRequest++;
    this.pending.set(requestId, names);
    this.host.post({ type: 'tweak', requestId, changes });
    this.say(`Sending ${names.join(', ')}…`, false);
    this.updateButtons();
  }

  private revertEdits(): void {
    for (const r of this.rows.values()) {
      r.field.value = String(r.param.value);
      r.slider.value = String(sliderPosition(r.param.value, r.param));
      r.dirty = false;
      this.showError(r, undefined);
    }
    this.say('', false);
    this.updateButtons();
  }

  /** A change took effect, whoever made it (this panel, a command, a config save, the CLI). */
  private applied(e: TweakEvent): void {
    this.history.push(e);
    const r = this.rows.get(e.name);
    if (r) {
      r.param.value = e.value;
      r.current.textContent = formatNumber(e.value);
      r.effect.textContent = `step ${e.step} · ${e.source}`;
      // Someone else's change must not overwrite what the user is typing.
      if (!r.dirty) {
        r.field.value = String(e.value);
        r.slider.value = String(sliderPosition(e.value, r.param));
      }
      r.row.classList.remove('changed');
      void r.row.offsetWidth; // restart the highlight
      r.row.classList.add('changed');
    }
    if (this.step === undefined || e.step > this.step) this.step = e.step;
    this.renderHeader();
    this.renderHistory();
  }

  private canTweak(): boolean {
    return this.status === undefined || LIVE.has(this.status);
  }

  private updateButtons(): void {
    const rows = [...this.rows.values()];
    for (const r of rows) r.row.classList.toggle('dirty', r.dirty);
    const dirty = rows.some((r) => r.dirty);
    const invalid = rows.some((r) => r.dirty && !validateTweak(r.field.value, r.param).ok);
    this.apply.setDisabled(!dirty || invalid || this.pending.size > 0 || !this.canTweak());
    this.revert.setDisabled(!dirty);
  }

  private renderHeader(): void {
    this.els.run.textContent = this.runId;
    this.els.status.replaceChildren(...(this.status ? [badge(this.status, `status-${this.status}`)] : []));
    this.els.step.textContent = this.step !== undefined ? `step ${this.step}` : '';
    if (this.status && !LIVE.has(this.status)) this.say(`The run is ${this.status}: its hyperparameters can no longer change.`, false);
  }

  private renderHistory(): void {
    const items = [...this.history].reverse().map((e) => {
      const t = new Date(e.time).toLocaleTimeString(undefined, { hour12: false });
      return el('li', { text: `step ${e.step} · ${e.name} ${formatNumber(e.old)} → ${formatNumber(e.value)} · ${e.source} · ${t}` });
    });
    this.els.history.replaceChildren(...(items.length > 0 ? items : [el('li', { class: 'muted', text: 'No live changes yet.' })]));
  }

  private say(text: string, error: boolean): void {
    this.els.message.textContent = text;
    this.els.message.classList.toggle('error', error);
  }
}
