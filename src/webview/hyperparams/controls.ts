// The few UI controls the hyperparameter panel uses, behind one file: today @vscode/webview-ui-toolkit
// (deprecated upstream), so moving to another component set means rewriting only this file.

import { provideVSCodeDesignSystem, vsCodeButton, vsCodeTextField } from '@vscode/webview-ui-toolkit';

let registered = false;

export function registerControls(): void {
  if (registered) return;
  registered = true;
  provideVSCodeDesignSystem().register(vsCodeButton(), vsCodeTextField());
}

export interface Button {
  element: HTMLElement;
  setDisabled(disabled: boolean): void;
}

export function button(text: string, o: { id: string; primary?: boolean; title?: string; onClick: () => void }): Button {
  const b = document.createElement('vscode-button');
  b.id = o.id;
  b.textContent = text;
  b.setAttribute('appearance', o.primary ? 'primary' : 'secondary');
  if (o.title) b.title = o.title;
  b.addEventListener('click', () => {
    if (!b.hasAttribute('disabled')) o.onClick();
  });
  return {
    element: b,
    setDisabled: (d) => b.toggleAttribute('disabled', d),
  };
}

export interface TextField {
  element: HTMLElement;
  value: string;
  focus(): void;
  /** Marks the field invalid (with the message read by screen readers) or valid. */
  setError(message: string | undefined): void;
  onInput(cb: () => void): void;
  /** Enter pressed in the field. */
  onSubmit(cb: () => void): void;
}

interface ValueElement extends HTMLElement {
  value: string;
}

export function textField(o: { id: string; label: string; placeholder?: string }): TextField {
  const f = document.createElement('vscode-text-field') as ValueElement;
  f.id = o.id;
  // The toolkit names the inner input from the element's text when it connects ("Text field" without one), which
  // overrides an aria-label set before: the label is the text, visually hidden by hyperparams.css.
  f.textContent = o.label;
  f.setAttribute('aria-label', o.label);
  if (o.placeholder) f.setAttribute('placeholder', o.placeholder);
  f.setAttribute('size', '10');
  return {
    element: f,
    get value() {
      return f.value ?? '';
    },
    set value(v: string) {
      f.value = v;
    },
    focus: () => f.focus(),
    setError: (m) => {
      f.toggleAttribute('data-invalid', m !== undefined);
      if (m === undefined) f.removeAttribute('aria-invalid');
      else f.setAttribute('aria-invalid', 'true');
      f.title = m ?? '';
    },
    onInput: (cb) => f.addEventListener('input', cb),
    onSubmit: (cb) =>
      f.addEventListener('keydown', (e) => {
        if ((e as KeyboardEvent).key === 'Enter') cb();
      }),
  };
}

/** A plain span, not the toolkit's vscode-badge: that one's template sets an inline style attribute, which the CSP refuses. */
export function badge(text: string, className = ''): HTMLElement {
  const b = document.createElement('span');
  b.textContent = text;
  b.className = `badge ${className}`.trim();
  return b;
}
