// NIfTI datatype codes: which ones MedKD reads and writes, their names and sizes.

export type NiftiDatatypeName = 'uint8' | 'int8' | 'int16' | 'uint16' | 'int32' | 'uint32' | 'float32' | 'float64' | 'int64' | 'uint64';

export interface NiftiDatatype {
  code: number;
  name: NiftiDatatypeName;
  bytes: number;
  /** Smallest and largest storable value (integers only; floats are ±Infinity). */
  min: number;
  max: number;
  integer: boolean;
}

const dt = (code: number, name: NiftiDatatypeName, bytes: number, min: number, max: number, integer: boolean): NiftiDatatype => ({ code, name, bytes, min, max, integer });

/** The datatypes MedKD can read (all) and write (all but the 64-bit integers). */
export const NIFTI_DATATYPES: readonly NiftiDatatype[] = [
  dt(2, 'uint8', 1, 0, 255, true),
  dt(256, 'int8', 1, -128, 127, true),
  dt(4, 'int16', 2, -32768, 32767, true),
  dt(512, 'uint16', 2, 0, 65535, true),
  dt(8, 'int32', 4, -2147483648, 2147483647, true),
  dt(768, 'uint32', 4, 0, 4294967295, true),
  dt(16, 'float32', 4, -Infinity, Infinity, false),
  dt(64, 'float64', 8, -Infinity, Infinity, false),
  dt(1024, 'int64', 8, -(2 ** 63), 2 ** 63, true),
  dt(1280, 'uint64', 8, 0, 2 ** 64, true),
];

/** Codes NIfTI defines that MedKD does not read, named so an error can say what the file holds. */
const UNSUPPORTED: Record<number, string> = {
  0: 'unknown (0)',
  1: 'binary (1 bit)',
  32: 'complex64',
  128: 'rgb24',
  1536: 'float128',
  1792: 'complex128',
  2048: 'complex256',
  2304: 'rgba32',
};

export function datatypeByCode(code: number): NiftiDatatype | undefined {
  return NIFTI_DATATYPES.find((d) => d.code === code);
}

export function datatypeByName(name: string): NiftiDatatype | undefined {
  return NIFTI_DATATYPES.find((d) => d.name === name);
}

/** A readable name for any code, supported or not ("complex64", "code 77"). */
export function datatypeCodeName(code: number): string {
  return datatypeByCode(code)?.name ?? UNSUPPORTED[code] ?? `code ${code}`;
}
