// Data-movement kernels written in TypeScript and registered on the 'cpu' and 'wasm' backends. The conv ops use them
// to rearrange a volume in one pass: chains of tfjs slice/concat/pad copy several times, and WASM's concat along an
// inner axis crawls through a JS loop of tiny copies.
import * as tf from '@tensorflow/tfjs-core';
import type { NamedAttrMap, NamedTensorMap, TensorInfo } from '@tensorflow/tfjs-core';

/** Attributes are plain numbers so they pass through tfjs's kernel attribute map unchanged. */
export type KernelAttrs = Record<string, number>;

export interface JsKernel<A extends KernelAttrs> {
  name: string;
  outShape(inShapes: number[][], attrs: A): number[];
  /** Fill `out` (zeroed already) from `inputs`, which are in the order they were passed. */
  run(inputs: Float32Array[], inShapes: number[][], out: Float32Array, attrs: A): void;
}

/** A kernel input shape [N, D, H, W, C] (channels last) → n, voxels per sample, channels. */
export function volumeDims(shape: number[] | undefined): [number, number, number] {
  const [n = 0, d = 0, h = 0, w = 0, c = 0] = shape ?? [];
  return [n, d * h * w, c];
}

interface WasmBackendLike {
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
  typedArrayFromHeap(t: TensorInfo): unknown;
}

interface CpuBackendLike {
  makeTensorInfo(shape: number[], dtype: 'float32', values: Float32Array): TensorInfo;
  data: { get(dataId: object): { values?: unknown } | undefined };
}

function isWasm(b: object): b is WasmBackendLike {
  return 'typedArrayFromHeap' in b && 'makeOutput' in b;
}

function isCpu(b: object): b is CpuBackendLike {
  return 'makeTensorInfo' in b && 'data' in b;
}

function asF32(v: unknown, what: string): Float32Array {
  if (!(v instanceof Float32Array)) throw new Error(`${what}: expected float32 data`);
  return v;
}

const BACKENDS = ['cpu', 'wasm'] as const;

/** Whether the active backend runs these kernels; elsewhere (native TensorFlow) callers compose tfjs ops instead. */
export function hasJsKernels(): boolean {
  return (BACKENDS as readonly string[]).includes(tf.getBackend());
}

function register<A extends KernelAttrs>(k: JsKernel<A>): void {
  for (const backendName of BACKENDS) {
    if (tf.getKernel(k.name, backendName) !== undefined) continue;
    tf.registerKernel({
      kernelName: k.name,
      backendName,
      kernelFunc: ({ inputs, backend, attrs }) => {
        const ins = Object.keys(inputs)
          .sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)))
          .map((key) => {
            const t = inputs[key];
            if (t === undefined || t.dtype !== 'float32') throw new Error(`${k.name}: input ${key} must be float32`);
            return t;
          });
        const shapes = ins.map((t) => t.shape);
        const a = (attrs ?? {}) as A;
        const shape = k.outShape(shapes, a);
        if (isWasm(backend)) {
          // makeOutput may grow the WASM heap, which detaches earlier views: take every view after it.
          const out = backend.makeOutput(shape, 'float32');
          const outVals = asF32(backend.typedArrayFromHeap(out), k.name);
          outVals.fill(0);
          k.run(ins.map((t) => asF32(backend.typedArrayFromHeap(t), k.name)), shapes, outVals, a);
          return out;
        }
        if (isCpu(backend)) {
          const outVals = new Float32Array(shape.reduce((p, d) => p * d, 1));
          k.run(ins.map((t) => asF32(backend.data.get(t.dataId)?.values, k.name)), shapes, outVals, a);
          return backend.makeTensorInfo(shape, 'float32', outVals);
        }
        throw new Error(`${k.name}: no TypeScript kernel for backend ${tf.getBackend()}`);
      },
    });
  }
}

/** Run a TypeScript kernel on the current backend ('cpu' or 'wasm'); registers it on first use. */
export function runJsKernel<A extends KernelAttrs>(k: JsKernel<A>, inputs: tf.Tensor[], attrs: A): tf.Tensor {
  register(k);
  const named: NamedTensorMap = {};
  inputs.forEach((t, i) => {
    named[`x${i}`] = t;
  });
  return tf.engine().runKernel(k.name, named, attrs as NamedAttrMap) as tf.Tensor;
}
