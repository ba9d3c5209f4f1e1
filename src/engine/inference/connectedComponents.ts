// 3-D connected-component labelling over typed arrays (tfjs has no such op): two-pass scan with union-find.
import type { Vec3 } from '../io/volume';

/** 6: faces; 18: faces and edges; 26: faces, edges and corners (cc3d's and skimage's 3-D default). */
export type Connectivity = 6 | 18 | 26;

export interface ConnectedComponentsOptions {
  /** Default 26. */
  connectivity?: Connectivity;
  /** Voxels with this value are not part of any component (default 0). */
  background?: number;
  /**
   * false (default): only voxels of equal value connect (cc3d's multi-label semantics, so touching organs stay
   * separate). true: every non-background voxel is one mask (a tumour as a whole, whatever its sub-labels).
   */
  binary?: boolean;
}

export interface ConnectedComponents {
  /** Component id per voxel (x fastest): 0 for background, else 1..count, numbered in scan order. */
  ids: Int32Array;
  count: number;
  /** sizes[k] = voxels in component k; sizes[0] is 0. */
  sizes: Int32Array;
  /** values[k] = the label value of component k (in binary mode, the value of its first voxel); values[0] = background. */
  values: Float64Array;
}

/** Neighbour offsets already visited in an x-fastest scan (half of the neighbourhood), filtered by connectivity. */
function backwardOffsets(connectivity: Connectivity): Vec3[] {
  const out: Vec3[] = [];
  for (let dz = -1; dz <= 0; dz++) {
    for (let dy = -1; dy <= 1; dy++) {
      for (let dx = -1; dx <= 1; dx++) {
        const before = dz < 0 || (dz === 0 && dy < 0) || (dz === 0 && dy === 0 && dx < 0);
        const order = Math.abs(dx) + Math.abs(dy) + Math.abs(dz);
        const allowed = connectivity === 26 || (connectivity === 18 ? order <= 2 : order === 1);
        if (before && allowed) out.push([dx, dy, dz]);
      }
    }
  }
  return out;
}

/** Union-find over provisional labels, grown on demand (a label map can have many provisional labels). */
class DisjointSets {
  parent = new Int32Array(1024);
  size = 1; // label 0 is background

  make(): number {
    if (this.size === this.parent.length) {
      const grown = new Int32Array(this.parent.length * 2);
      grown.set(this.parent);
      this.parent = grown;
    }
    this.parent[this.size] = this.size;
    return this.size++;
  }

  find(a: number): number {
    const p = this.parent;
    while (p[a]! !== a) {
      p[a] = p[p[a]!]!; // path halving
      a = p[a]!;
    }
    return a;
  }

  union(a: number, b: number): number {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra === rb) return ra;
    // Keep the smaller root so roots follow scan order.
    if (ra < rb) {
      this.parent[rb] = ra;
      return ra;
    }
    this.parent[ra] = rb;
    return rb;
  }
}

/** Label the connected components of a label map with dims [nx, ny, nz]. */
export function connectedComponents(labels: ArrayLike<number>, dims: Vec3, options: ConnectedComponentsOptions = {}): ConnectedComponents {
  const [nx, ny, nz] = dims;
  const n = nx * ny * nz;
  if (labels.length !== n) throw new Error(`connectedComponents: ${labels.length} voxels for a ${dims.join('×')} grid`);
  const connectivity = options.connectivity ?? 26;
  if (connectivity !== 6 && connectivity !== 18 && connectivity !== 26) throw new Error(`connectedComponents: connectivity must be 6, 18 or 26, got ${String(connectivity)}`);
  const background = options.background ?? 0;
  const binary = options.binary ?? false;
  const offsets = backwardOffsets(connectivity);
  const ids = new Int32Array(n);
  const sets = new DisjointSets();

  // Pass 1: provisional labels from already-visited neighbours; record equivalences.
  for (let z = 0; z < nz; z++) {
    for (let y = 0; y < ny; y++) {
      for (let x = 0; x < nx; x++) {
        const i = x + nx * (y + ny * z);
        const v = labels[i]!;
        if (v === background) continue;
        let label = 0;
        for (const [dx, dy, dz] of offsets) {
          const qx = x + dx;
          const qy = y + dy;
          const qz = z + dz;
          if (qx < 0 || qx >= nx || qy < 0 || qy >= ny || qz < 0) continue;
          const j = qx + nx * (qy + ny * qz);
          const u = labels[j]!;
          if (u === background || (!binary && u !== v)) continue;
          label = label === 0 ? ids[j]! : sets.union(label, ids[j]!);
        }
        ids[i] = label === 0 ? sets.make() : label;
      }
    }
  }

  // Pass 2: resolve to roots and renumber 1..count in scan order.
  const remap = new Int32Array(sets.size);
  const sizes: number[] = [0];
  const values: number[] = [background];
  for (let i = 0; i < n; i++) {
    const p = ids[i]!;
    if (p === 0) continue;
    const root = sets.find(p);
    let k = remap[root]!;
    if (k === 0) {
      k = sizes.length;
      remap[root] = k;
      sizes.push(0);
      values.push(labels[i]!);
    }
    ids[i] = k;
    sizes[k] = sizes[k]! + 1;
  }
  return { ids, count: sizes.length - 1, sizes: Int32Array.from(sizes), values: Float64Array.from(values) };
}
