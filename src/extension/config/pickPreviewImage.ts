// Chooses the picture to show when hovering a label in a config: the engine writes PNGs of predictions over
// validation slices into the run's predictions folder; prefer one for that label, then the student's, then any.

export function pickPreviewImage(fileNames: readonly string[], labelId: string | undefined): string | undefined {
  const pngs = fileNames.filter((f) => /\.png$/i.test(f)).sort();
  if (labelId !== undefined) {
    const forLabel = new RegExp(`(^|[^a-z0-9])(label|class)[-_]?${labelId}([^0-9]|$)`, 'i');
    const hit = pngs.find((f) => forLabel.test(f));
    if (hit) return hit;
  }
  return pngs.find((f) => /student/i.test(f)) ?? pngs.find((f) => /preview|overlay|report/i.test(f)) ?? pngs[0];
}
