// Faster float32 Slice, SplitV, Sum and Mean, and float32/int32 Transpose (transposeInto.ts), for the WASM backend.
// tfjs 4.22's WASM Slice copies rank ≥ 5 slices one
// element at a time through a generic index path (SplitV, the gradient of a channel concat, took 11-50 s on one
// 64³×32 U-Net activation), and Sum/Mean over leading axes transpose the whole tensor first. These replacements copy
// contiguous runs and reduce [outer, reduced, inner] views in one pass; other dtypes and axis patterns go to the
// original kernels.
import * as tf from '@tensorflow/tfjs-core';
import { slice_util, util } from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import { transposeInto } from './transposeInto';

interface WasmBackendLike {
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
  typedArrayFromHeap(t: TensorInfo): unknown;
}

type Params = Parameters<KernelFunc>[0];

function strides(shape: number[]): number[] {
  const s = new Array<number>(shape.length).fill(1);
  for (let i = shape.length - 2; i >= 0; i--) s[i] = (s[i + 1] ?? 1) * (shape[i + 1] ?? 1);
  return s;
}

/** out ← x[begin : begin + size] for a row-major x of `shape`: one copy per contiguous run. */
export function copySlice(x: Float32Array, shape: number[], begin: number[], size: number[], out: Float32Array): void {
  const r = shape.length;
  const st = strides(shape);
  // Trailing axes taken whole join the contiguous run; the first partial axis from the end ends it.
  let d = r - 1;
  while (d >= 0 && begin[d] === 0 && size[d] === shape[d]) d--;
  if (d < 0) {
    out.set(x.subarray(0, out.length));
    return;
  }
  const run = (size[d] ?? 0) * (st[d] ?? 1);
  const outer = size.slice(0, d);
  const idx = new Array<number>(d).fill(0);
  const count = outer.reduce((p, v) => p * v, 1);
  let o = 0;
  for (let k = 0; k < count; k++) {
    let from = (begin[d] ?? 0) * (st[d] ?? 1);
    for (let i = 0; i < d; i++) from += ((begin[i] ?? 0) + (idx[i] ?? 0)) * (st[i] ?? 1);
    if (run >= 64) out.set(x.subarray(from, from + run), o);
    else for (let q = 0; q < run; q++) out[o + q] = x[from + q]!;
    o += run;
    for (let i = d - 1; i >= 0; i--) {
      idx[i] = (idx[i] ?? 0) + 1;
      if ((idx[i] ?? 0) < (outer[i] ?? 0)) break;
      idx[i] = 0;
    }
  }
}

/** out[o, i] = Σ_m x[o, m, i] (× scale) for x viewed as [outer, m, inner]. */
export function reduceMiddle(x: Float32Array, outer: number, m: number, inner: number, scale: number, out: Float32Array): void {
  const acc = new Float64Array(inner);
  for (let o = 0; o < outer; o++) {
    acc.fill(0);
    const base = o * m * inner;
    if (inner === 1) {
      let s = 0;
      for (let j = 0; j < m; j++) s += x[base + j]!;
      acc[0] = s;
    } else {
      for (let j = 0; j < m; j++) {
        const b = base + j * inner;
        for (let i = 0; i < inner; i++) acc[i]! += x[b + i]!;
      }
    }
    for (let i = 0; i < inner; i++) out[o * inner + i] = acc[i]! * scale;
  }
}

function wasmOf(backend: object): WasmBackendLike {
  if (!('typedArrayFromHeap' in backend) || !('makeOutput' in backend)) throw new Error('wasmKernelFixes: not the WASM backend');
  return backend as WasmBackendLike;
}

function heap(b: WasmBackendLike, t: TensorInfo): Float32Array {
  const v = b.typedArrayFromHeap(t);
  if (!(v instanceof Float32Array)) throw new Error('wasmKernelFixes: expected float32 data');
  return v;
}

function slice(original: KernelFunc): KernelFunc {
  return (p: Params) => {
    const x = p.inputs['x'];
    if (x === undefined || x.dtype !== 'float32') return original(p);
    const attrs = p.attrs as NamedAttrMap & { begin: number | number[]; size: number | number[] };
    const [begin = [], size = []] = slice_util.parseSliceParams(x as tf.TensorInfo as tf.Tensor, attrs.begin, attrs.size);
    const b = wasmOf(p.backend);
    const out = b.makeOutput(size, 'float32');
    copySlice(heap(b, x), x.shape, begin, size, heap(b, out));
    return out;
  };
}

function splitV(original: KernelFunc): KernelFunc {
  return (p: Params) => {
    const x = p.inputs['x'];
    if (x === undefined || x.dtype !== 'float32') return original(p);
    const attrs = p.attrs as NamedAttrMap & { numOrSizeSplits: number | number[]; axis: number | number[] };
    const axis = util.parseAxisParam(attrs.axis, x.shape)[0] ?? 0;
    const sizes = tf.backend_util.prepareSplitSize(x as tf.TensorInfo as tf.Tensor, attrs.numOrSizeSplits, axis);
    const b = wasmOf(p.backend);
    const begin = x.shape.map(() => 0);
    return sizes.map((s) => {
      const size = [...x.shape];
      size[axis] = s;
      const out = b.makeOutput(size, 'float32');
      copySlice(heap(b, x), x.shape, begin, size, heap(b, out));
      begin[axis] = (begin[axis] ?? 0) + s;
      return out;
    });
  };
}

function reduce(original: KernelFunc, mean: boolean): KernelFunc {
  return (p: Params) => {
    const x = p.inputs['x'];
    if (x === undefined || x.dtype !== 'float32') return original(p);
    const attrs = p.attrs as NamedAttrMap & { axis: number | number[]; keepDims: boolean };
    const axes = [...util.parseAxisParam(attrs.axis, x.shape)].sort((a, b) => a - b);
    const first = axes[0];
    const last = axes[axes.length - 1];
    // Only a consecutive block of axes reads as [outer, reduced, inner]; anything else keeps the original kernel.
    if (first === undefined || last === undefined || last - first !== axes.length - 1) return original(p);
    const prod = (s: number[]): number => s.reduce((a, v) => a * v, 1);
    const outer = prod(x.shape.slice(0, first));
    const m = prod(x.shape.slice(first, last + 1));
    const inner = prod(x.shape.slice(last + 1));
    const outShape = attrs.keepDims ? x.shape.map((d, i) => (i >= first && i <= last ? 1 : d)) : x.shape.filter((_, i) => i < first || i > last);
    const b = wasmOf(p.backend);
    const out = b.makeOutput(outShape, 'float32');
    reduceMiddle(heap(b, x), outer, m, inner, mean ? 1 / m : 1, heap(b, out));
    return out;
  };
}

function transpose(original: KernelFunc): KernelFunc {
  return (p: Params) => {
    const x = p.inputs['x'];
    if (x === undefined || (x.dtype !== 'float32' && x.dtype !== 'int32')) return original(p);
    const perm = (p.attrs as NamedAttrMap & { perm: number[] }).perm;
    const b = wasmOf(p.backend);
    const out = b.makeOutput(perm.map((a) => x.shape[a]!), x.dtype as 'float32');
    // makeOutput may grow the heap and detach older views: take both views after it. Both dtypes move as Int32Array
    // (bit-exact for float32): one element type keeps transposeInto's loops monomorphic (mixed, V8 runs them ~4× slower).
    const src = b.typedArrayFromHeap(x) as Float32Array | Int32Array;
    const dst = b.typedArrayFromHeap(out) as Float32Array | Int32Array;
    transposeInto(new Int32Array(src.buffer, src.byteOffset, src.length), x.shape, perm, new Int32Array(dst.buffer, dst.byteOffset, dst.length));
    return out;
  };
}

const FIXES: Record<string, (original: KernelFunc) => KernelFunc> = {
  Transpose: transpose,
  Slice: slice,
  SplitV: splitV,
  Sum: (o) => reduce(o, false),
  Mean: (o) => reduce(o, true),
};

let installed = false;

/** Replaces the WASM kernels above (once per thread); the originals still serve other dtypes and axis patterns. */
export function installWasmKernelFixes(): void {
  if (installed) return;
  installed = true;
  for (const [name, fix] of Object.entries(FIXES)) {
    const original: KernelConfig | undefined = tf.getKernel(name, 'wasm');
    if (original === undefined) continue;
    tf.unregisterKernel(name, 'wasm');
    tf.registerKernel({ ...original, kernelFunc: fix(original.kernelFunc) });
  }
}
