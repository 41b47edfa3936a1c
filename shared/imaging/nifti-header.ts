/** What the app knows about a NIfTI file from its header (NIfTI-1 or NIfTI-2). */

export type NiftiDatatype = 'uint8' | 'int8' | 'int16' | 'uint16' | 'int32' | 'uint32' | 'float32' | 'float64';

/** NIfTI datatype codes (nifti1.h) for the types the app reads. */
export const NIFTI_DATATYPE_CODES: Readonly<Record<NiftiDatatype, number>> = {
  uint8: 2, int16: 4, int32: 8, float32: 16, float64: 64, int8: 256, uint16: 512, uint32: 768,
};

export const NIFTI_DATATYPE_BYTES: Readonly<Record<NiftiDatatype, number>> = {
  uint8: 1, int8: 1, int16: 2, uint16: 2, int32: 4, uint32: 4, float32: 4, float64: 8,
};

/** sform/qform codes (NIFTI_XFORM_*). 5 (TEMPLATE_OTHER) exists since NIfTI-2 / later NIfTI-1. */
export const XFORM = { UNKNOWN: 0, SCANNER_ANAT: 1, ALIGNED_ANAT: 2, TALAIRACH: 3, MNI_152: 4, TEMPLATE_OTHER: 5 } as const;

/** A 4×4 affine, row-major, mapping voxel indices (i, j, k, 1) to world millimetres (x, y, z, 1). */
export type Affine = readonly number[];

export interface NiftiHeaderSummary {
  niftiVersion: 1 | 2;
  /** [nx, ny, nz, nt]; nt is 1 for a 3D image. */
  dims: [number, number, number, number];
  /** Number of spatial+time dimensions declared in dim[0]. */
  ndim: number;
  voxelSizeMm: [number, number, number];
  datatype: NiftiDatatype;
  datatypeCode: number;
  bitpix: number;
  littleEndian: boolean;
  /** Byte offset of the first voxel in the (uncompressed) file. */
  voxOffset: number;
  /** Effective scaling: value = raw * sclSlope + sclInter (slope 0 in the file means no scaling: 1, 0). */
  sclSlope: number;
  sclInter: number;
  sformCode: number;
  qformCode: number;
  /** Row-major 4×4 from srow_x/y/z, or null when sform_code is 0. */
  sform: number[] | null;
  /** Row-major 4×4 from the quaternion, or null when qform_code is 0. */
  qform: number[] | null;
  /** The voxel→world affine used: sform when its code > 0, else qform when its code > 0, else null. */
  affine: number[] | null;
  affineSource: 'sform' | 'qform' | 'none';
  /** The code of the transform used (sformCode or qformCode), 0 when none. */
  spaceCode: number;
  /** Repetition time in seconds from pixdim[4] and xyzt_units, or null when absent/zero. */
  trSeconds: number | null;
  timeUnits: 'sec' | 'msec' | 'usec' | 'unknown';
  description: string;
  gzipped: boolean;
  /** Size of the file on disk (compressed size for .gz). */
  fileBytes: number;
  /** Bytes of voxel data the header promises: nx·ny·nz·nt·bytesPerVoxel. */
  dataBytes: number;
}
