// The in-memory image every layer of the engine passes around: voxels, grid, and where the grid sits in the world.
// Layout is NIfTI's own (x fastest, then y, then z, then channel), so a file's data maps 1:1 without reordering.

export type Vec3 = [number, number, number];
/** Row-major 4×4 matrix mapping voxel indices (i, j, k, 1) to world millimetres (RAS+, as NIfTI defines). */
export type Mat4 = [
  [number, number, number, number],
  [number, number, number, number],
  [number, number, number, number],
  [number, number, number, number],
];

export interface Volume {
  /** Voxel values after scl_slope/scl_inter; index = c·nx·ny·nz + x + nx·(y + ny·z). */
  data: Float32Array;
  /** Grid size [nx, ny, nz]. */
  dims: Vec3;
  /** Number of channels (modalities); 1 for plain images and label maps. */
  channels: number;
  /** Voxel size in mm along x, y, z. */
  spacing: Vec3;
  /** Voxel → world (mm, RAS+). */
  affine: Mat4;
  /** The NIfTI datatype the file stored ("uint8", "int16", "float32", ...), kept so outputs can match. */
  sourceDatatype: string;
}

export function voxelCount(v: Pick<Volume, 'dims'>): number {
  return v.dims[0] * v.dims[1] * v.dims[2];
}

export function identityAffine(spacing: Vec3 = [1, 1, 1]): Mat4 {
  return [
    [spacing[0], 0, 0, 0],
    [0, spacing[1], 0, 0],
    [0, 0, spacing[2], 0],
    [0, 0, 0, 1],
  ];
}

/** A volume on the same grid as `like`, with new data (one channel unless told). */
export function volumeLike(like: Volume, data: Float32Array, channels = 1, sourceDatatype = like.sourceDatatype): Volume {
  if (data.length !== voxelCount(like) * channels) {
    throw new Error(`volumeLike: data has ${data.length} values, grid ${like.dims.join('×')}×${channels} needs ${voxelCount(like) * channels}`);
  }
  return { data, dims: [...like.dims], channels, spacing: [...like.spacing], affine: like.affine.map((r) => [...r]) as Mat4, sourceDatatype };
}
