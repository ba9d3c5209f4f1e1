// How each plane maps voxel axes to the screen, in radiological convention, from the affine alone:
// axial and coronal show the patient's left on screen right; sagittal shows anterior on the left; superior is up.

export type Plane = 'axial' | 'coronal' | 'sagittal';
export type Axis = 0 | 1 | 2;

export interface ScreenAxis {
  /** The voxel axis (i = 0, j = 1, k = 2) that runs along this screen direction. */
  axis: Axis;
  /** True when screen position 0 is voxel index n − 1 on that axis. */
  flip: boolean;
}

export interface PlaneAxes {
  plane: Plane;
  /** Left → right on screen. */
  col: ScreenAxis;
  /** Top → bottom on screen. */
  row: ScreenAxis;
  /** The voxel axis the plane steps through. */
  slice: Axis;
  /** +1 when a higher slice index moves toward S (axial), A (coronal) or L (sagittal). */
  sliceSign: 1 | -1;
  /** The anatomical direction at each side of the screen, from the affine ("R", "L", "A", "P", "S", "I"). */
  letters: { left: string; right: string; top: string; bottom: string };
}

/** For each plane: which world axis runs left → right and top → bottom, with the world sign that points there. */
const SCREEN: Record<Plane, { col: [number, 1 | -1]; row: [number, 1 | -1]; normal: [number, 1 | -1] }> = {
  // RAS+: +x = patient right. Radiological: patient right on screen left, so screen-right is −x.
  axial: { col: [0, -1], row: [1, -1], normal: [2, 1] },
  coronal: { col: [0, -1], row: [2, -1], normal: [1, 1] },
  sagittal: { col: [1, -1], row: [2, -1], normal: [0, -1] },
};

const LETTERS: [string, string][] = [
  ['L', 'R'],
  ['P', 'A'],
  ['I', 'S'],
];

/**
 * Which world axis each voxel axis is closest to: a permutation, chosen greedily by the largest direction cosine
 * (so oblique grids land on their nearest anatomical plane, as in most viewers).
 */
export function voxelToWorldAxes(affine: number[][]): { world: [number, number, number]; sign: [1 | -1, 1 | -1, 1 | -1] } {
  const world: number[] = [-1, -1, -1];
  const usedWorld = new Set<number>();
  const cos = (v: number, w: number): number => {
    const c = [0, 1, 2].map((r) => affine[r]?.[v] ?? 0);
    const norm = Math.hypot(...c) || 1;
    return Math.abs((c[w] ?? 0) / norm);
  };
  for (let pick = 0; pick < 3; pick++) {
    let best = { v: -1, w: -1, c: -1 };
    for (let v = 0; v < 3; v++) {
      if (world[v] !== -1) continue;
      for (let w = 0; w < 3; w++) if (!usedWorld.has(w) && cos(v, w) > best.c) best = { v, w, c: cos(v, w) };
    }
    world[best.v] = best.w;
    usedWorld.add(best.w);
  }
  const sign = world.map((w, v) => ((affine[w]?.[v] ?? 0) < 0 ? -1 : 1)) as [1 | -1, 1 | -1, 1 | -1];
  return { world: world as [number, number, number], sign };
}

export function planeAxes(affine: number[][], plane: Plane): PlaneAxes {
  const { world, sign } = voxelToWorldAxes(affine);
  const voxelAxisOf = (w: number): Axis => world.indexOf(w) as Axis;
  const screenAxis = ([w, s]: [number, 1 | -1]): ScreenAxis => {
    const axis = voxelAxisOf(w);
    return { axis, flip: sign[axis] !== s };
  };
  const spec = SCREEN[plane];
  const col = screenAxis(spec.col);
  const row = screenAxis(spec.row);
  const slice = voxelAxisOf(spec.normal[0]);
  // The letter at the far end of a screen axis: the world direction a step along it actually goes.
  const towards = (a: ScreenAxis): string => {
    const dir = [0, 1, 2].map((r) => (affine[r]?.[a.axis] ?? 0) * (a.flip ? -1 : 1));
    let w = 0;
    for (let r = 1; r < 3; r++) if (Math.abs(dir[r] ?? 0) > Math.abs(dir[w] ?? 0)) w = r;
    const pair = LETTERS[w] ?? ['?', '?'];
    return (dir[w] ?? 0) >= 0 ? pair[1] : pair[0];
  };
  const opposite = (l: string): string => ({ L: 'R', R: 'L', A: 'P', P: 'A', S: 'I', I: 'S' })[l] ?? '?';
  const right = towards(col);
  const bottom = towards(row);
  return {
    plane,
    col,
    row,
    slice,
    sliceSign: sign[slice] === spec.normal[1] ? 1 : -1,
    letters: { left: opposite(right), right, top: opposite(bottom), bottom },
  };
}
