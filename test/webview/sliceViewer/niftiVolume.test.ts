import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import type * as NiftiVolumeModule from '../../../src/webview/sliceViewer/niftiVolume';
import { requireBundled } from '../harness/requireBundled';
import { niftiBytes } from '../../fixtures/nifti/niftiBytes';
import { PHANTOM_DIMS, phantomImage, phantomIntensity } from '../../fixtures/nifti/phantom';

const { parseNifti, voxelToWorld } = requireBundled<typeof NiftiVolumeModule>('src/webview/sliceViewer/niftiVolume.ts');
// A copy: a Buffer from zlib is a view into a shared pool, its .buffer is the whole pool.
const buf = (u: Uint8Array): ArrayBuffer => new Uint8Array(u).buffer;

describe('parseNifti', () => {
  it('reads the int16 phantom with its scaling and sform affine', () => {
    const v = parseNifti(buf(niftiBytes(phantomImage('lps'))));
    assert.deepEqual(v.dims, PHANTOM_DIMS);
    assert.ok(v.data instanceof Int16Array);
    assert.equal(v.slope, 1);
    assert.equal(v.inter, -1024);
    assert.deepEqual(v.spacing, [1, 1.5, 2]);
    assert.deepEqual(v.affine[0], [-1, 0, 0, 16]);
    const [nx, ny] = PHANTOM_DIMS;
    const idx = 5 + nx * (7 + ny * 4);
    assert.equal((v.data[idx] ?? 0) * v.slope + v.inter, phantomIntensity(5, 7, 4));
    assert.equal(v.min, -1000);
    assert.equal(v.max, 1000);
    assert.deepEqual(voxelToWorld(v.affine, 2, 4, 1), [14, 12, -14]);
  });

  it('reads gzipped files and float data', () => {
    const spec = { dims: [2, 2, 1] as [number, number, number], datatype: 'float32' as const, affine: [[2, 0, 0, 0], [0, 2, 0, 0], [0, 0, 3, 0], [0, 0, 0, 1]], data: [0.5, -1.25, 3, 1e6] };
    const v = parseNifti(buf(gzipSync(niftiBytes(spec))));
    assert.ok(v.data instanceof Float32Array);
    assert.deepEqual([...v.data], [0.5, -1.25, 3, 1e6]);
    assert.equal(v.integer, false);
  });

  it('rejects what is not NIfTI', () => {
    assert.throws(() => parseNifti(new Uint8Array(400).buffer), /not a NIfTI/);
  });
});
