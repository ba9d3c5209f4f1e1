// Case ids from NIfTI file names ("liver_003.nii.gz" → "liver_003"), so predictions pair with references by name.

const NIFTI_EXT = /\.nii(\.gz)?$/i;

export function isNiftiName(name: string): boolean {
  return NIFTI_EXT.test(name);
}

export function niftiCaseId(name: string): string {
  const base = name.replace(/^.*[\\/]/, '');
  return base.replace(NIFTI_EXT, '');
}
