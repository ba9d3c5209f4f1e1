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
  const outerRank = r - 1;
  const idx = new Array<number>(outerRank).fill(0);
  let outer = 1;
  for (let i = 0; i < outerRank; i++) outer *= sizes[i]!;
  let from = 0;
  let o = 0;
  for (let k = 0; k < outer; k++) {
    if (innerStride === 1) {
      if (inner >= 32) out.set(x.subarray(from, from + inner), o);
      else for (let q = 0; q < inner; q++) out[o + q] = x[from + q]!;
    } else {
      for (let q = 0, f = from; q < inner; q++, f += innerStride) out[o + q] = x[f]!;
    }
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
