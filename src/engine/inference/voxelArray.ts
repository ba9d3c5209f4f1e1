// The typed arrays label and probability maps live in, and allocation of a new array of the same kind.

export type VoxelArray = Float32Array | Float64Array | Uint8Array | Uint16Array | Int16Array | Int32Array | Uint32Array | Int8Array;

/** A zeroed array of the same element type as `like` (so a Uint8Array label map stays 1 byte per voxel). */
export function allocLike<T extends VoxelArray>(like: T, length: number): T {
  const Ctor = like.constructor as new (n: number) => T;
  return new Ctor(length);
}
