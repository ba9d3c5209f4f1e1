import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_AUGMENT, augmentIntensity, drawAugmentation, sourceBox, transformPatch } from '../../../src/engine/data/augment';
import type { Patch } from '../../../src/engine/data/patch';
import { Rng } from '../../../src/engine/data/rng';

const none = { ...DEFAULT_AUGMENT, flip: 0, probability: 0 };
const identity = [1, 0, 0, 0, 1, 0, 0, 0, 1];

/** A one-channel patch of `size` with values f(x, y, z) and labels g(x, y, z). */
function patch(size: [number, number, number], f: (x: number, y: number, z: number) => number, g?: (x: number, y: number, z: number) => number): Patch {
  const [nx, ny, nz] = size;
  const image = new Float32Array(nx * ny * nz);
  const label = g ? new Uint8Array(nx * ny * nz) : undefined;
  for (let z = 0, i = 0; z < nz; z++) for (let y = 0; y < ny; y++) for (let x = 0; x < nx; x++, i++) {
    image[i] = f(x, y, z);
    if (label && g) label[i] = g(x, y, z);
  }
  return { image, ...(label ? { label } : {}), size, channels: 1 };
}

test('probability 0 draws the identity; flips obey flipAxes', () => {
  const p = drawAugmentation(none, 2, [1, 1, 1], new Rng(1));
  assert.deepEqual(p, { matrix: identity, flipOnly: true, scale: [1, 1], shift: [0, 0], noiseStd: [0, 0] });
  const f = drawAugmentation({ ...none, flip: 1, flipAxes: ['x'] }, 1, [1, 1, 1], new Rng(1));
  assert.deepEqual(f.matrix, [-1, 0, 0, 0, 1, 0, 0, 0, 1]);
  // Same seed, same draws; the number of draws does not depend on the probabilities.
  const a = drawAugmentation({ ...DEFAULT_AUGMENT, probability: 1 }, 1, [1, 1, 1], new Rng(9));
  assert.deepEqual(drawAugmentation({ ...DEFAULT_AUGMENT, probability: 1 }, 1, [1, 1, 1], new Rng(9)), a);
  const r1 = new Rng(4);
  const r2 = new Rng(4);
  drawAugmentation(none, 1, [1, 1, 1], r1);
  drawAugmentation({ ...DEFAULT_AUGMENT, probability: 1 }, 1, [1, 1, 1], r2);
  assert.equal(r1.next(), r2.next());
});

test('a flip mirrors voxels exactly, labels included', () => {
  const src = patch([3, 2, 1], (x, y) => x + 10 * y, (x) => x);
  const out = transformPatch(src, [1, 0.5, 0], [3, 2, 1], { matrix: [-1, 0, 0, 0, 1, 0, 0, 0, 1], flipOnly: true }, [0]);
  assert.deepEqual([...out.image], [2, 1, 0, 12, 11, 10]);
  assert.deepEqual([...out.label!], [2, 1, 0, 2, 1, 0]);
});

test('a 90° rotation about z moves (dx, dy) to (-dy, dx); outside reads the fill and label 0', () => {
  // 3×3×1 patch, value = x + 3y; centre (1, 1, 0). Output (0, 0): offset (-1, -1) → source offset (1, -1) → (2, 0) = 2;
  // output (2, 1): offset (1, 0) → (0, 1) → (1, 2) = 7.
  const src = patch([3, 3, 1], (x, y) => x + 3 * y, (x, y) => (x === 1 && y === 2 ? 4 : 1));
  const c = Math.cos(Math.PI / 2);
  const s = Math.sin(Math.PI / 2);
  const out = transformPatch(src, [1, 1, 0], [3, 3, 1], { matrix: [c, -s, 0, s, c, 0, 0, 0, 1], flipOnly: false }, [-9]);
  const expected = [2, 5, 8, 1, 4, 7, 0, 3, 6];
  [...out.image].forEach((v, i) => assert.ok(Math.abs(v - expected[i]!) < 1e-9, `voxel ${i}: ${v} vs ${expected[i]}`));
  assert.equal(out.label![5], 4); // output (2, 1) reads label (1, 2)
  // Shifting the centre one voxel right makes the last output column read outside the source.
  const shifted = transformPatch(src, [2, 1, 0], [3, 3, 1], { matrix: [1, 0, 0, 0, 1, 0, 0, 0, 1], flipOnly: false }, [-9]);
  assert.deepEqual([shifted.image[2], shifted.label![2]], [-9, 0]);
});

test('a ×2 zoom of a ramp interpolates linearly; labels stay nearest (no new ids)', () => {
  // 1D ramp 0..3 (size 4, centre 1.5); matrix 0.5: output offsets -1.5..1.5 read source 1.5 + 0.5·offset = 0.75, 1.25, 1.75, 2.25.
  const src = patch([4, 1, 1], (x) => 10 * x, (x) => (x < 2 ? 1 : 3));
  const out = transformPatch(src, [1.5, 0, 0], [4, 1, 1], { matrix: [0.5, 0, 0, 0, 1, 0, 0, 0, 1], flipOnly: false }, [0]);
  assert.deepEqual([...out.image], [7.5, 12.5, 17.5, 22.5]);
  // Nearest: 0.75 → 1, 1.25 → 1, 1.75 → 2, 2.25 → 2 → labels 1, 1, 3, 3.
  assert.deepEqual([...out.label!], [1, 1, 3, 3]);
});

test('rotations happen in millimetres: anisotropic voxels rescale the off-diagonal terms', () => {
  const cfg = { ...none, rotate: 30, rotateProbability: 1 };
  const iso = drawAugmentation(cfg, 1, [1, 1, 1], new Rng(4)).matrix;
  const aniso = drawAugmentation(cfg, 1, [1, 2, 1], new Rng(4)).matrix;
  assert.ok(Math.abs(iso[1]!) > 0.05, 'a non-trivial angle was drawn');
  // voxel matrix = D⁻¹ M D with D = diag(1, 2, 1): [0][1] doubles, [1][0] halves, diagonal unchanged.
  assert.ok(Math.abs(aniso[1]! - 2 * iso[1]!) < 1e-12);
  assert.ok(Math.abs(aniso[3]! - iso[3]! / 2) < 1e-12);
  assert.equal(aniso[0], iso[0]);
});

test('sourceBox covers the rotated patch corners plus one voxel', () => {
  assert.deepEqual(sourceBox(identity, [1.5, 1.5, 1.5], [4, 4, 4]), { start: [0, 0, 0], end: [4, 4, 4] });
  const h = Math.SQRT1_2;
  // 45° about z: corners at offsets ±1.5 reach 10 ± 1.5·√2 = 7.88..12.12 in x and y (trilinear reads voxels 7..13),
  // 8.5..11.5 in z (voxels 8..12).
  assert.deepEqual(sourceBox([h, -h, 0, h, h, 0, 0, 0, 1], [10, 10, 10], [4, 4, 4]), { start: [7, 7, 8], end: [14, 14, 13] });
});

test('intensity scale, shift and noise act per channel', () => {
  const p: Patch = { image: new Float32Array([1, 10, 2, 20]), size: [2, 1, 1], channels: 2 };
  augmentIntensity(p, { scale: [2, 1], shift: [1, -5], noiseStd: [0, 0] }, new Rng(1));
  assert.deepEqual([...p.image], [3, 5, 5, 15]);
  const big: Patch = { image: new Float32Array(20000), size: [20000, 1, 1], channels: 1 };
  augmentIntensity(big, { scale: [1], shift: [0], noiseStd: [0.5] }, new Rng(2));
  const variance = big.image.reduce((s, v) => s + v * v, 0) / big.image.length;
  assert.ok(Math.abs(variance - 0.25) < 0.01, `noise variance ${variance}`);
});
