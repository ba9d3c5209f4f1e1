// A transpose for the WASM backend's Transpose kernel: tfjs 4.22's computes every element's index through a generic
// rank-N path (4 of the 9 s of a small U-Net training step). Axes that stay adjacent are merged first, so most
// permutations become a 2-3 axis copy whose inner loop is a contiguous run or a single stride.

type Numeric = Float32Array | Int32Array | Uint8Array;

function stridesOf(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length).fill(1);
  for (let i = shape.length - 2; i >= 0; i--) s[i] = s[i + 1]! * shape[i + 1]!;
  return s;
}

/** The output's axes as (size, source stride) pairs, size-1 axes dropped and adjacent source runs merged. */
export function collapsedAxes(shape: readonly number[], perm: readonly number[]): { sizes: number[]; strides: number[] } {
  const st = stridesOf(shape);
  const sizes: number[] = [];
  const strides: number[] = [];
  for (const a of perm) {
    const size = shape[a]!;
    if (size === 1) continue;
    const last = sizes.length - 1;
    if (last >= 0 && strides[last] === st[a]! * size) {
      sizes[last]! *= size;
      strides[last] = st[a]!;
    } else {
      sizes.push(size);
      strides.push(st[a]!);
    }
  }
  return { sizes, strides };
}

/** Tile edge of the strided case: a 64×64 block's source rows stay in L1/L2 while the block is written. */
const TILE = 64;

/** out = transpose(x of `shape`, perm), both row-major. */
export function transposeInto(x: Numeric, shape: readonly number[], perm: readonly number[], out: Numeric): void {
  const { sizes, strides } = collapsedAxes(shape, perm);
  const r = sizes.length;
  if (r <= 1) {
    out.set(x.subarray(0, out.length));
    return;
  }
  const inner = sizes[r - 1]!;
  const innerStride = strides[r - 1]!;
  if (innerStride === 1) {
    contiguousRows(x, sizes, strides, out);
    return;
  }
  // The inner output axis is strided in the source: read along the source's most contiguous output axis `u` instead,
  // tile by tile, so each source cache line (and page) is fetched once rather than once per element.
  let u = 0;
  for (let i = 1; i < r - 1; i++) if (strides[i]! < strides[u]!) u = i;
  const outStrides = new Array<number>(r).fill(1);
  for (let i = r - 2; i >= 0; i--) outStrides[i] = outStrides[i + 1]! * sizes[i + 1]!;
  const nu = sizes[u]!;
  const su = strides[u]!;
  const osu = outStrides[u]!;
  const outerAxes = [...sizes.keys()].filter((i) => i !== u && i !== r - 1);
  const idx = new Array<number>(outerAxes.length).fill(0);
  let outer = 1;
  for (const a of outerAxes) outer *= sizes[a]!;
  let from = 0;
  let o = 0;
  for (let k = 0; k < outer; k++) {
    for (let j0 = 0; j0 < nu; j0 += TILE) {
      const j1 = Math.min(nu, j0 + TILE);
      for (let q0 = 0; q0 < inner; q0 += TILE) {
        const q1 = Math.min(inner, q0 + TILE);
        for (let j = j0; j < j1; j++) {
          const oj = o + j * osu;
          const fj = from + j * su;
          for (let q = q0, f = fj + q0 * innerStride; q < q1; q++, f += innerStride) out[oj + q] = x[f]!;
        }
      }
    }
    for (let i = outerAxes.length - 1; i >= 0; i--) {
      const a = outerAxes[i]!;
      idx[i]!++;
      from += strides[a]!;
      o += outStrides[a]!;
      if (idx[i]! < sizes[a]!) break;
      from -= strides[a]! * sizes[a]!;
      o -= outStrides[a]! * sizes[a]!;
      idx[i] = 0;
    }
  }
}

/** The inner output axis is contiguous in the source: copy whole rows. */
function contiguousRows(x: Numeric, sizes: number[], strides: number[], out: Numeric): void {
  const r = sizes.length;
  const inner = sizes[r - 1]!;
  const outerRank = r - 1;
  const idx = new Array<number>(outerRank).fill(0);
  let outer = 1;
  for (let i = 0; i < outerRank; i++) outer *= sizes[i]!;
  let from = 0;
  let o = 0;
  for (let k = 0; k < outer; k++) {
    if (inner >= 32) out.set(x.subarray(from, from + inner), o);
    else for (let q = 0; q < inner; q++) out[o + q] = x[from + q]!;
    o += inner;
    // Odometer over the outer axes, moving `from` by each axis's source stride.
    for (let i = outerRank - 1; i >= 0; i--) {
      idx[i]!++;
      from += strides[i]!;
      if (idx[i]! < sizes[i]!) break;
      from -= strides[i]! * sizes[i]!;
      idx[i] = 0;
    }
  }
}
