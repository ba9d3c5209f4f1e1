// Colours for canvas drawing, read from VS Code's --vscode-* CSS variables (CSS can use them directly, canvas cannot).

export interface ThemeColors {
  kind: 'light' | 'dark' | 'high-contrast' | 'high-contrast-light';
  foreground: string;
  background: string;
  muted: string;
  grid: string;
  border: string;
  focus: string;
  marker: string;
  /** The chart palette (--vscode-charts-*), used in order and cycled. */
  charts: string[];
}

const css = (name: string, fallback: string): string => getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;

export function readThemeColors(): ThemeColors {
  const cls = document.body.classList;
  const kind: ThemeColors['kind'] = cls.contains('vscode-high-contrast-light')
    ? 'high-contrast-light'
    : cls.contains('vscode-high-contrast')
      ? 'high-contrast'
      : cls.contains('vscode-light')
        ? 'light'
        : 'dark';
  const dark = kind === 'dark' || kind === 'high-contrast';
  const foreground = css('--vscode-editor-foreground', dark ? '#cccccc' : '#333333');
  return {
    kind,
    foreground,
    background: css('--vscode-editor-background', dark ? '#1e1e1e' : '#ffffff'),
    muted: css('--vscode-descriptionForeground', dark ? '#9d9d9d' : '#717171'),
    grid: css('--vscode-editorWidget-border', dark ? '#454545' : '#c8c8c8'),
    border: css('--vscode-panel-border', dark ? '#80808059' : '#80808059'),
    focus: css('--vscode-focusBorder', '#007fd4'),
    marker: css('--vscode-editorWarning-foreground', dark ? '#cca700' : '#bf8803'),
    charts: [
      css('--vscode-charts-blue', '#3794ff'),
      css('--vscode-charts-orange', '#d18616'),
      css('--vscode-charts-green', '#89d185'),
      css('--vscode-charts-purple', '#b180d7'),
      css('--vscode-charts-red', '#f14c4c'),
      css('--vscode-charts-yellow', '#cca700'),
      // VS Code has six chart colours; more runs need more distinct hues before the cycle repeats.
      dark ? '#4ec9b0' : '#16825d',
      dark ? '#f48771' : '#a1260d',
      dark ? '#c586c0' : '#af00db',
      dark ? '#9cdcfe' : '#0451a5',
    ],
  };
}

/** Calls `onChange` when VS Code switches theme (it swaps the body's vscode-* class). */
export function onThemeChange(onChange: () => void): void {
  new MutationObserver(onChange).observe(document.body, { attributes: true, attributeFilter: ['class'] });
}

export function prefersReducedMotion(): boolean {
  return window.matchMedia('(prefers-reduced-motion: reduce)').matches;
}
