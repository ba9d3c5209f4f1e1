import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { planeAxes } from '../../../src/webview/sliceViewer/orientation';
import { PHANTOM_AFFINES } from '../../fixtures/nifti/phantom';

const m = (a: readonly (readonly number[])[]): number[][] => a.map((r) => [...r]);

describe('planeAxes (radiological convention)', () => {
  it('RAS-stored volume: axial shows R on the left, A on top; i runs right → left on screen', () => {
    const ax = planeAxes(m(PHANTOM_AFFINES.ras), 'axial');
    assert.deepEqual(ax.letters, { left: 'R', right: 'L', top: 'A', bottom: 'P' });
    assert.deepEqual(ax.col, { axis: 0, flip: true });
    assert.deepEqual(ax.row, { axis: 1, flip: true });
    assert.equal(ax.slice, 2);
    assert.equal(ax.sliceSign, 1);
  });

  it('LPS-stored volume: same letters, no flips (i already runs toward the patient’s left)', () => {
    const ax = planeAxes(m(PHANTOM_AFFINES.lps), 'axial');
    assert.deepEqual(ax.letters, { left: 'R', right: 'L', top: 'A', bottom: 'P' });
    assert.deepEqual(ax.col, { axis: 0, flip: false });
    assert.deepEqual(ax.row, { axis: 1, flip: false });
  });

  it('coronal and sagittal: superior up, anterior on the sagittal left', () => {
    assert.deepEqual(planeAxes(m(PHANTOM_AFFINES.ras), 'coronal').letters, { left: 'R', right: 'L', top: 'S', bottom: 'I' });
    assert.deepEqual(planeAxes(m(PHANTOM_AFFINES.ras), 'sagittal').letters, { left: 'A', right: 'P', top: 'S', bottom: 'I' });
  });

  it('permuted axes (sagittal acquisition): the axial plane steps through j and shows k across', () => {
    // i → +y, j → +z, k → −x.
    const ax = planeAxes(m(PHANTOM_AFFINES.permuted), 'axial');
    assert.equal(ax.slice, 1);
    assert.deepEqual(ax.col, { axis: 2, flip: false });
    assert.deepEqual(ax.row, { axis: 0, flip: true });
    assert.deepEqual(ax.letters, { left: 'R', right: 'L', top: 'A', bottom: 'P' });
    const sag = planeAxes(m(PHANTOM_AFFINES.permuted), 'sagittal');
    assert.equal(sag.slice, 2);
    assert.equal(sag.sliceSign, 1); // k runs toward the left
  });

  it('an oblique grid gets the letters of its nearest axes', () => {
    const c = Math.cos(Math.PI / 9);
    const s = Math.sin(Math.PI / 9);
    const ax = planeAxes([[c, -s, 0, 0], [s, c, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]], 'axial');
    assert.deepEqual(ax.letters, { left: 'R', right: 'L', top: 'A', bottom: 'P' });
  });
});
