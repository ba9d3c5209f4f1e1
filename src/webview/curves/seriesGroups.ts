// Which chart a series belongs in, and its order inside that chart (total first, then components by name).

export type ChartGroupId = 'losses' | 'validation' | 'schedule';

/** `smoothed`: validation points are few and each one is a real measurement, so they are drawn as logged. */
export const CHART_GROUPS: { id: ChartGroupId; title: string; smoothed: boolean }[] = [
  { id: 'losses', title: 'Losses', smoothed: true },
  { id: 'validation', title: 'Validation', smoothed: false },
  { id: 'schedule', title: 'Learning rate and hyperparameters', smoothed: true },
];

export function seriesGroup(name: string): ChartGroupId {
  if (name === 'loss' || name.startsWith('loss/') || name.startsWith('loss_')) return 'losses';
  if (name.startsWith('val/') || name.startsWith('val_')) return 'validation';
  return 'schedule';
}

/** Sort key: the headline series ("loss", "val/dice/mean", "lr") before their parts, classes in numeric order. */
export function compareSeries(a: string, b: string): number {
  const rank = (s: string): number => (s === 'loss' || s === 'lr' || s.endsWith('/mean') ? 0 : 1);
  return rank(a) - rank(b) || a.localeCompare(b, undefined, { numeric: true });
}
