// Independent float64 references for the 3D ops, in plain loops straight from the definitions (TF 'same' rule
// re-derived here, not imported), plus helpers shared by the op tests.
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '../../../../src/engine/backend/initBackend';

export type Dims5 = [number, number, number, number, number];

/** Deterministic uniform values in [-1, 1). */
export function seeded(n: number, seed: number): Float64Array {
  let s = seed >>> 0;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}

function axisPads(inSize: number, k: number, s: number, padding: 'same' | 'valid'): { out: number; before: number } {
  if (padding === 'valid') return { out: Math.floor((inSize - k) / s) + 1, before: 0 };
  const out = Math.ceil(inSize / s);
  return { out, before: Math.floor(Math.max((out - 1) * s + k - inSize, 0) / 2) };
}

export interface ConvRef {
  y: Float64Array;
  yShape: Dims5;
  dx: Float64Array;
  dw: Float64Array;
}

/**
 * y = conv3d(x, w) and, for a given dy (a function of y's shape), dx and dw of Σ y·dy.
 * depthwise: w is [kD, kH, kW, C] and channel c only sees channel c.
 */
export function refConv3d(
  x: Float64Array,
  xs: Dims5,
  w: Float64Array,
  ks: [number, number, number],
  cout: number,
  stride: number,
  padding: 'same' | 'valid',
  dyOf: (shape: Dims5) => Float64Array,
  depthwise = false,
): ConvRef {
  const [n, d, h, wd, c] = xs;
  const [kd, kh, kw] = ks;
  const ad = axisPads(d, kd, stride, padding);
  const ah = axisPads(h, kh, stride, padding);
  const aw = axisPads(wd, kw, stride, padding);
  const yShape: Dims5 = [n, ad.out, ah.out, aw.out, cout];
  const y = new Float64Array(yShape.reduce((a, b) => a * b, 1));
  const dy = dyOf(yShape);
  const dx = new Float64Array(x.length);
  const dw = new Float64Array(w.length);
  const xi = (b: number, z: number, yy: number, xx: number, ch: number): number => (((b * d + z) * h + yy) * wd + xx) * c + ch;
  for (let b = 0; b < n; b++)
    for (let oz = 0; oz < ad.out; oz++)
      for (let oy = 0; oy < ah.out; oy++)
        for (let ox = 0; ox < aw.out; ox++)
          for (let co = 0; co < cout; co++) {
            const yIdx = (((b * ad.out + oz) * ah.out + oy) * aw.out + ox) * cout + co;
            let acc = 0;
            for (let tz = 0; tz < kd; tz++) {
              const z = oz * stride + tz - ad.before;
              if (z < 0 || z >= d) continue;
              for (let ty = 0; ty < kh; ty++) {
                const yy = oy * stride + ty - ah.before;
                if (yy < 0 || yy >= h) continue;
                for (let tx = 0; tx < kw; tx++) {
                  const xx = ox * stride + tx - aw.before;
                  if (xx < 0 || xx >= wd) continue;
                  const cis = depthwise ? [co] : Array.from({ length: c }, (_, i) => i);
                  for (const ci of cis) {
                    const wIdx = depthwise ? ((tz * kh + ty) * kw + tx) * c + ci : (((tz * kh + ty) * kw + tx) * c + ci) * cout + co;
                    const xIdx = xi(b, z, yy, xx, ci);
                    acc += x[xIdx]! * w[wIdx]!;
                    dx[xIdx]! += dy[yIdx]! * w[wIdx]!;
                    dw[wIdx]! += dy[yIdx]! * x[xIdx]!;
                  }
                }
              }
            }
            y[yIdx] = acc;
          }
  return { y, yShape, dx, dw };
}

/** max |a − b| / max |b|: the relative error the op tests bound. */
export function relError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let num = 0;
  let den = 0;
  for (let i = 0; i < a.length; i++) {
    num = Math.max(num, Math.abs(a[i]! - b[i]!));
    den = Math.max(den, Math.abs(b[i]!));
  }
  return den === 0 ? num : num / den;
}

export const TEST_BACKENDS = ['cpu', 'wasm'] as const;

/** Activate a backend for a test (the WASM one loads its binaries from node_modules when running from source). */
export async function onBackend(name: (typeof TEST_BACKENDS)[number]): Promise<void> {
  await useBackend(name);
  if (tf.getBackend() !== name) throw new Error(`backend ${name} did not start`);
}
