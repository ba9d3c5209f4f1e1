// Writes a small gzipped NIfTI-1 volume (int16, 1 mm voxels, identity affine): a bright sphere in a dim box, so the
// custom editor and the Datasets view have a real file to open without shipping a binary fixture.
import { writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const HEADER_BYTES = 348;
const VOX_OFFSET = 352; // header + the 4-byte "no extension" flag
const DT_INT16 = 4;

export function tinyNifti(size = 24): Buffer {
  const header = Buffer.alloc(VOX_OFFSET);
  header.writeInt32LE(HEADER_BYTES, 0);
  [3, size, size, size, 1, 1, 1, 1].forEach((d, i) => header.writeInt16LE(d, 40 + 2 * i));
  header.writeInt16LE(DT_INT16, 70);
  header.writeInt16LE(16, 72); // bitpix
  [1, 1, 1, 1, 1, 1, 1, 1].forEach((p, i) => header.writeFloatLE(p, 76 + 4 * i));
  header.writeFloatLE(VOX_OFFSET, 108);
  header.writeFloatLE(1, 112); // scl_slope
  header.writeUInt8(2, 123); // xyzt_units: mm
  header.writeInt16LE(1, 252); // qform_code: scanner
  header.writeInt16LE(1, 254); // sform_code: scanner
  [1, 0, 0, 0].forEach((v, i) => header.writeFloatLE(v, 280 + 4 * i));
  [0, 1, 0, 0].forEach((v, i) => header.writeFloatLE(v, 296 + 4 * i));
  [0, 0, 1, 0].forEach((v, i) => header.writeFloatLE(v, 312 + 4 * i));
  header.write('n+1\0', 344, 'latin1');

  const data = Buffer.alloc(size * size * size * 2);
  const c = (size - 1) / 2;
  for (let z = 0; z < size; z++) {
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const r = Math.hypot(x - c, y - c, z - c);
        const value = r < size / 4 ? 400 - Math.round(r * 10) : 40 + ((x + y + z) % 7);
        data.writeInt16LE(value, 2 * (x + size * (y + size * z)));
      }
    }
  }
  return gzipSync(Buffer.concat([header, data]));
}

export function writeTinyNifti(path: string, size?: number): void {
  writeFileSync(path, tinyNifti(size));
}
