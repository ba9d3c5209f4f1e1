// Per-class colours for label overlays (fixed, not themed: they sit on the image, not on the editor background),
// and the error-map colours.

/** Distinct colours (Trubetskoy's list) for labels 1, 2, 3, ...; they cycle after the last. */
const PALETTE: [number, number, number][] = [
  [230, 25, 75], [60, 180, 75], [255, 225, 25], [0, 130, 200], [245, 130, 48], [145, 30, 180], [70, 240, 240],
  [240, 50, 230], [210, 245, 60], [250, 190, 212], [0, 128, 128], [220, 190, 255], [170, 110, 40], [255, 250, 200],
  [128, 0, 0], [170, 255, 195], [128, 128, 0], [255, 215, 180], [0, 0, 128],
];

export function labelColor(label: number): [number, number, number] {
  return PALETTE[(label - 1 + PALETTE.length * 1000) % PALETTE.length] ?? [255, 255, 255];
}

export function cssColor([r, g, b]: [number, number, number]): string {
  return `rgb(${r}, ${g}, ${b})`;
}

/** Error map: predicted but not in the reference, in the reference but missed, and agreement. */
export const ERROR_COLORS = {
  falsePositive: [255, 0, 200] as [number, number, number],
  falseNegative: [0, 190, 255] as [number, number, number],
  truePositive: [60, 180, 75] as [number, number, number],
};
