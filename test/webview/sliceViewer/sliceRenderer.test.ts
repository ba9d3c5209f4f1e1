import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { NiftiVolume } from '../../../src/webview/sliceViewer/niftiVolume';
import { planeAxes } from '../../../src/webview/sliceViewer/orientation';
import { blend, renderSlice, sliceGeometry } from '../../../src/webview/sliceViewer/sliceRenderer';
import { greyTable } from '../../../src/webview/sliceViewer/windowLevel';

// A 3 × 2 × 2 grid, values = linear index, RAS identity affine.
const vol: NiftiVolume = {
  dims: [3, 2, 2],
  data: Int16Array.from({ length: 12 }, (_, i) => i),
  slope: 1,
  inter: 0,
  affine: [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]],
  spacing: [1, 1, 1],
  min: 0,
  max: 11,
  storedMin: 0,
  storedMax: 11,
  integer: true,
  datatype: 'int16',
};
const wl = { width: 11, level: 5.5 }; // 0 → black, 11 → white
const grey = (px: number): number => px & 0xff;

describe('renderSlice', () => {
  it('axial slice k = 1 of a RAS grid: i mirrored (patient right on the left), j flipped (anterior up)', () => {
    const ax = planeAxes(vol.affine, 'axial');
    const g = sliceGeometry(vol.dims, ax, 1);
    assert.deepEqual([g.ncol, g.nrow], [3, 2]);
    const out = new Uint32Array(6);
    renderSlice(out, vol, g, wl, greyTable(vol, wl));
    // Screen row 0 is j = 1, column 0 is i = 2: voxel index 2 + 3·(1 + 2·1) = 11.
    const expectIdx = [11, 10, 9, 8, 7, 6];
    assert.deepEqual([...out].map(grey), expectIdx.map((v) => Math.round((v / 11) * 255)));
  });

  it('float volumes use the same mapping without a table', () => {
    const f: NiftiVolume = { ...vol, data: Float32Array.from(vol.data as Int16Array), integer: false, datatype: 'float32' };
    const ax = planeAxes(f.affine, 'axial');
    const a = new Uint32Array(6);
    const b = new Uint32Array(6);
    renderSlice(a, f, sliceGeometry(f.dims, ax, 1), wl, undefined);
    renderSlice(b, vol, sliceGeometry(vol.dims, ax, 1), wl, greyTable(vol, wl));
    assert.deepEqual([...a], [...b]);
  });

  it('blends a label colour by its alpha byte', () => {
    // grey 100 under (230, 25, 75) at alpha 128: (100·127 + c·128)/255 → 165.25, 62.35, 87.45 → 165, 62, 87.
    const c = blend(0xff646464, (128 << 24) | (75 << 16) | (25 << 8) | 230);
    assert.deepEqual([c & 0xff, (c >>> 8) & 0xff, (c >>> 16) & 0xff, c >>> 24], [165, 62, 87, 255]);
  });

  it('outline mode colours only boundary voxels', () => {
    // One 3×2 slice fully labelled: every pixel touches the slice edge, so all are boundary.
    const ax = planeAxes(vol.affine, 'axial');
    const g = sliceGeometry(vol.dims, ax, 0);
    const out = new Uint32Array(6);
    const labels = new Uint8Array(12).fill(1);
    const colors = new Uint32Array(2);
    colors[1] = (255 << 24) | 0x0000ff;
    renderSlice(out, vol, g, wl, greyTable(vol, wl), { kind: 'labels', data: labels, colors, outline: true });
    assert.ok([...out].every((p) => (p & 0xffffff) === 0x0000ff));
  });
});
