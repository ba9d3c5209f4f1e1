import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { NiftiVolume } from '../../../src/webview/sliceViewer/niftiVolume';
import { greyLevel, greyTable, percentiles, presetWindow } from '../../../src/webview/sliceViewer/windowLevel';

const vol = (data: number[], slope = 1, inter = 0): NiftiVolume => ({
  dims: [data.length, 1, 1],
  data: Int16Array.from(data),
  slope,
  inter,
  affine: [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]],
  spacing: [1, 1, 1],
  min: Math.min(...data) * slope + inter,
  max: Math.max(...data) * slope + inter,
  storedMin: Math.min(...data),
  storedMax: Math.max(...data),
  integer: true,
  datatype: 'int16',
});

describe('window/level', () => {
  it('CT abdomen W400/L40 maps −160 HU to black, 240 to white, 60 HU (liver) to 140', () => {
    const wl = presetWindow('ctAbdomen', vol([0]));
    assert.deepEqual(wl, { width: 400, level: 40 });
    assert.equal(greyLevel(-160, wl), 0);
    assert.equal(greyLevel(240, wl), 255);
    // (60 + 160) / 400 · 255 = 140.25
    assert.equal(greyLevel(60, wl), 140);
    assert.equal(greyLevel(-1000, wl), 0);
  });

  it('CT bone is W1800/L400', () => {
    assert.deepEqual(presetWindow('ctBone', vol([0])), { width: 1800, level: 400 });
  });

  it('auto takes the nearest-rank 1st and 99th percentiles', () => {
    // 0..100: p1 = value at round(0.01·100) = 1, p99 = 99 → width 98, level 50.
    const v = vol(Array.from({ length: 101 }, (_, i) => i));
    assert.deepEqual(percentiles(v, [1, 99], false), [1, 99]);
    assert.deepEqual(presetWindow('auto', v), { width: 98, level: 50 });
  });

  it('brain MRI ignores the zero background', () => {
    const v = vol([...new Array<number>(900).fill(0), ...Array.from({ length: 201 }, (_, i) => 100 + i)]);
    assert.deepEqual(percentiles(v, [0.5, 99.5], true), [101, 299]);
  });

  it('the look-up table applies scl_slope/scl_inter: stored 1084 with inter −1024 is 60 HU', () => {
    const v = vol([0, 1084, 2048], 1, -1024);
    const t = greyTable(v, { width: 400, level: 40 });
    assert.ok(t);
    assert.equal(t.length, 2049);
    assert.equal((t[1084] ?? 0) & 0xff, 140);
    assert.equal((t[1084] ?? 0) >>> 24, 255);
  });
});
