/**
 * Encodes a single-file NIfTI-1 (`n+1`, 348-byte) or NIfTI-2 (`n+2`, 540-byte) header, followed by
 * the 4-byte "no extension" flag and zero padding up to vox_offset. Layouts from nifti1.h / nifti2.h.
 */
import { KrpError } from '../../../shared/errors';
import { affineToQuaternion } from '../../../shared/imaging/affine';
import { NIFTI_DATATYPE_BYTES, NIFTI_DATATYPE_CODES, type NiftiDatatype } from '../../../shared/imaging/nifti-header';

export interface NiftiHeaderFields {
  /** 1 to 7 dimensions: [nx, ny, nz] or [nx, ny, nz, nt]. */
  dims: number[];
  /** Row-major 4×4 voxel→world (mm). Written as the sform, and as the qform when representable. */
  affine: number[];
  datatype: NiftiDatatype;
  sclSlope?: number;
  sclInter?: number;
  /** Repetition time in seconds (pixdim[4]; xyzt_units says seconds). */
  trSeconds?: number;
  /** Default 4 (MNI_152). */
  sformCode?: number;
  /** Default: sformCode when the affine is a rotation + scaling, else 0. */
  qformCode?: number;
  description?: string;
  intentCode?: number;
  intentName?: string;
}

export interface EncodeOptions {
  niftiVersion: 1 | 2;
  littleEndian: boolean;
  /** Byte offset of the first voxel; default 352 (NIfTI-1) or 544 (NIfTI-2). Must be ≥ that. */
  voxOffset?: number;
}

/** NIFTI_UNITS_MM | NIFTI_UNITS_SEC */
const XYZT_MM_SEC = 2 | 8;

function invalid(message: string): KrpError {
  return new KrpError('nifti.write-invalid', message);
}

/** Checks the dims (1–7 positive integers) and returns the voxel count. */
export function voxelCount(dims: readonly number[]): number {
  if (dims.length < 1 || dims.length > 7) throw invalid(`Cannot write a NIfTI image with ${dims.length} dimensions: give 1 to 7.`);
  let n = 1;
  for (const d of dims) {
    if (!Number.isInteger(d) || d < 1) throw invalid(`Cannot write a NIfTI image with dimensions [${dims.join(', ')}]: each must be a positive integer.`);
    n *= d;
  }
  return n;
}

function writeString(view: DataView, offset: number, maxBytes: number, text: string): void {
  const bytes = new TextEncoder().encode(text);
  const n = Math.min(bytes.length, maxBytes - 1); // keep a terminating NUL
  for (let i = 0; i < n; i++) view.setUint8(offset + i, bytes[i]);
}

/** The header bytes (length voxOffset) for `fields`. */
export function encodeNiftiHeader(fields: NiftiHeaderFields, options: EncodeOptions): Uint8Array {
  const { niftiVersion, littleEndian: le } = options;
  voxelCount(fields.dims);
  if (fields.dims.length > 0 && fields.dims.some((d) => d > (niftiVersion === 1 ? 32767 : Number.MAX_SAFE_INTEGER))) {
    throw invalid(`Cannot write dimensions [${fields.dims.join(', ')}] in NIfTI-1 (at most 32767 per axis): use NIfTI-2.`);
  }
  if (fields.affine.length !== 16 || fields.affine.some((v) => !Number.isFinite(v))) {
    throw invalid('Cannot write a NIfTI image: the affine must be 16 finite numbers (row-major 4×4).');
  }
  const headerSize = niftiVersion === 1 ? 348 : 540;
  const minOffset = headerSize + 4;
  const voxOffset = options.voxOffset ?? minOffset;
  if (!Number.isInteger(voxOffset) || voxOffset < minOffset) throw invalid(`vox_offset ${voxOffset} is below ${minOffset}.`);
  const sformCode = fields.sformCode ?? 4;
  const quaternion = affineToQuaternion(fields.affine);
  const qformCode = fields.qformCode ?? (quaternion ? sformCode : 0);
  if (qformCode > 0 && !quaternion) {
    throw invalid('Cannot write a qform: the affine has shear (it is not a rotation with voxel scaling). Leave qformCode unset.');
  }
  const a = fields.affine;
  const sizes = quaternion ? quaternion.pixdim : [Math.hypot(a[0], a[4], a[8]), Math.hypot(a[1], a[5], a[9]), Math.hypot(a[2], a[6], a[10])];
  const pixdim = [quaternion?.qfac ?? 1, sizes[0], sizes[1], sizes[2], fields.trSeconds ?? 0, 1, 1, 1];
  const dim = [fields.dims.length, 1, 1, 1, 1, 1, 1, 1];
  fields.dims.forEach((d, i) => { dim[i + 1] = d; });
  const code = NIFTI_DATATYPE_CODES[fields.datatype];
  const bitpix = NIFTI_DATATYPE_BYTES[fields.datatype] * 8;
  const slope = fields.sclSlope ?? 1;
  const inter = fields.sclInter ?? 0;

  const bytes = new Uint8Array(voxOffset);
  const v = new DataView(bytes.buffer);
  if (niftiVersion === 1) {
    v.setInt32(0, 348, le);
    v.setUint8(38, 'r'.charCodeAt(0));
    dim.forEach((d, i) => v.setInt16(40 + 2 * i, d, le));
    v.setInt16(68, fields.intentCode ?? 0, le);
    v.setInt16(70, code, le);
    v.setInt16(72, bitpix, le);
    pixdim.forEach((p, i) => v.setFloat32(76 + 4 * i, p, le));
    v.setFloat32(108, voxOffset, le);
    v.setFloat32(112, slope, le);
    v.setFloat32(116, inter, le);
    v.setUint8(123, XYZT_MM_SEC);
    writeString(v, 148, 80, fields.description ?? '');
    v.setInt16(252, qformCode, le);
    v.setInt16(254, sformCode, le);
    if (quaternion) {
      [quaternion.b, quaternion.c, quaternion.d, ...quaternion.qoffset].forEach((q, i) => v.setFloat32(256 + 4 * i, q, le));
    }
    for (let i = 0; i < 12; i++) v.setFloat32(280 + 4 * i, a[i], le);
    writeString(v, 328, 16, fields.intentName ?? '');
    [0x6e, 0x2b, 0x31, 0x00].forEach((c, i) => v.setUint8(344 + i, c)); // "n+1\0"
  } else {
    v.setInt32(0, 540, le);
    [0x6e, 0x2b, 0x32, 0x00, 0x0d, 0x0a, 0x1a, 0x0a].forEach((c, i) => v.setUint8(4 + i, c)); // "n+2\0\r\n\032\n"
    v.setInt16(12, code, le);
    v.setInt16(14, bitpix, le);
    dim.forEach((d, i) => v.setBigInt64(16 + 8 * i, BigInt(d), le));
    pixdim.forEach((p, i) => v.setFloat64(104 + 8 * i, p, le));
    v.setBigInt64(168, BigInt(voxOffset), le);
    v.setFloat64(176, slope, le);
    v.setFloat64(184, inter, le);
    writeString(v, 240, 80, fields.description ?? '');
    v.setInt32(344, qformCode, le);
    v.setInt32(348, sformCode, le);
    if (quaternion) {
      [quaternion.b, quaternion.c, quaternion.d, ...quaternion.qoffset].forEach((q, i) => v.setFloat64(352 + 8 * i, q, le));
    }
    for (let i = 0; i < 12; i++) v.setFloat64(400 + 8 * i, a[i], le);
    v.setInt32(500, XYZT_MM_SEC, le);
    v.setInt32(504, fields.intentCode ?? 0, le);
    writeString(v, 508, 16, fields.intentName ?? '');
  }
  // Bytes headerSize..headerSize+4 (extension flag) and the padding stay zero.
  return bytes;
}
