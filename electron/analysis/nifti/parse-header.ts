/**
 * Turns the first bytes of an (uncompressed) NIfTI-1/-2 file into a NiftiHeaderSummary, refusing
 * what the app cannot read with a KrpError (`nifti.*`) that says what is wrong and what to do.
 * Field values come from nifti-reader-js; the srow rows and strings are read here directly.
 */
import { isNIFTI1, isNIFTI2, NIFTI1, NIFTI2, readHeader } from 'nifti-reader-js';
import { KrpError } from '../../../shared/errors';
import { quaternionToAffine } from '../../../shared/imaging/affine';
import { affineProblem } from '../../../shared/imaging/affine-sanity';
import {
  NIFTI_DATATYPE_BYTES, NIFTI_DATATYPE_CODES, type NiftiDatatype, type NiftiHeaderSummary,
} from '../../../shared/imaging/nifti-header';

/** Bytes needed to parse any supported header (NIfTI-2 is 540 bytes). */
export const HEADER_BYTES_NEEDED = 540;

const DATATYPE_BY_CODE = new Map<number, NiftiDatatype>(
  (Object.entries(NIFTI_DATATYPE_CODES) as [NiftiDatatype, number][]).map(([name, code]) => [code, name]),
);

/** Names of NIfTI datatypes the app does not read (nifti1.h). */
const UNSUPPORTED_DATATYPE_NAMES: Record<number, string> = {
  0: 'unknown', 1: 'binary (1 bit)', 32: 'complex64', 128: 'rgb24', 1024: 'int64', 1280: 'uint64',
  1536: 'float128', 1792: 'complex128', 2048: 'complex256', 2304: 'rgba32',
};

export interface HeaderSource {
  /** File name shown in messages. */
  name: string;
  gzipped: boolean;
  /** Size on disk (compressed size for .gz). */
  fileBytes: number;
}

/** What a file that is not a NIfTI looks like, from its first bytes, for the error message. */
export function describeNonNifti(bytes: Uint8Array): string {
  const starts = (...sig: number[]) => sig.every((b, i) => bytes[i] === b);
  if (bytes.length === 0) return 'an empty file';
  if (starts(0x89, 0x50, 0x4e, 0x47)) return 'a PNG image';
  if (starts(0xff, 0xd8, 0xff)) return 'a JPEG image';
  if (starts(0x25, 0x50, 0x44, 0x46)) return 'a PDF document';
  if (starts(0x50, 0x4b, 0x03, 0x04)) return 'a ZIP archive';
  if (bytes.length >= 132 && String.fromCharCode(...bytes.subarray(128, 132)) === 'DICM') {
    return 'a DICOM file: convert the DICOM series to NIfTI first (e.g. with dcm2niix)';
  }
  const sample = bytes.subarray(0, Math.min(bytes.length, 256));
  const printable = sample.every((b) => b === 9 || b === 10 || b === 13 || (b >= 32 && b < 127) || b >= 0xc2);
  if (printable) return 'a text file';
  if (bytes.length >= 4) {
    const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (dv.getInt32(0, true) === 348 || dv.getInt32(0, false) === 348) return 'an ANALYZE 7.5 header without the NIfTI magic';
  }
  return 'binary data of another format';
}

function notNifti(source: HeaderSource, bytes: Uint8Array): KrpError {
  const what = describeNonNifti(bytes);
  return new KrpError('nifti.not-nifti',
    `${source.name} is not a NIfTI image (it looks like ${what}). Choose the resting-state series as a .nii or .nii.gz file.`,
    { file: source.name });
}

function readCString(view: DataView, offset: number, length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) {
    const c = view.getUint8(offset + i);
    if (c === 0) break;
    s += String.fromCharCode(c);
  }
  return s.trim();
}

/** Seconds per unit of time for xyzt_units & 0x38 (nifti1.h: 8 s, 16 ms, 24 µs). */
function timeUnits(xyztUnits: number): NiftiHeaderSummary['timeUnits'] {
  switch (xyztUnits & 0x38) {
    case 8: return 'sec';
    case 16: return 'msec';
    case 24: return 'usec';
    default: return 'unknown';
  }
}

/**
 * TR in seconds from pixdim[4] and its unit, or null. With no unit in the header, a value between
 * 0.1 and 30 is taken as seconds (the only plausible reading); anything else is left to the user.
 */
export function trFromPixdim(pixdim4: number, units: NiftiHeaderSummary['timeUnits']): number | null {
  if (!Number.isFinite(pixdim4) || pixdim4 <= 0) return null;
  switch (units) {
    case 'sec': return pixdim4;
    case 'msec': return pixdim4 / 1000;
    case 'usec': return pixdim4 / 1e6;
    default: return pixdim4 >= 0.1 && pixdim4 <= 30 ? pixdim4 : null;
  }
}

/**
 * The shortest decimal that a float32 header field rounds to (0.800000011920929 → 0.8), for values
 * people read (TR, voxel sizes). Float64 (NIfTI-2) values pass through unchanged.
 */
export function tidyFloat32(value: number): number {
  if (!Number.isFinite(value) || Math.fround(value) !== value) return value;
  for (let digits = 1; digits <= 9; digits++) {
    const candidate = Number(value.toPrecision(digits));
    if (Math.fround(candidate) === value) return candidate;
  }
  return value;
}

/** nifti1.h: "n+1\0" at byte 344 (NIfTI-1); "n+2\0\r\n\032\n" at byte 4 (NIfTI-2). */
function fullMagicPresent(bytes: Uint8Array, v1: boolean): boolean {
  if (v1) return bytes[347] === 0;
  return bytes[7] === 0 && bytes[8] === 0x0d && bytes[9] === 0x0a && bytes[10] === 0x1a && bytes[11] === 0x0a;
}

/**
 * Parses a header from the first bytes of the uncompressed file (at least 348 for NIfTI-1, 540 for
 * NIfTI-2). Throws KrpError: nifti.not-nifti, nifti.hdr-img-pair, nifti.unsupported-datatype,
 * nifti.dims-invalid. Does not check the file size (readNiftiHeader does).
 */
export function parseNiftiHeader(bytes: Uint8Array, source: HeaderSource): NiftiHeaderSummary {
  if (bytes.length < 348) throw notNifti(source, bytes);
  const ab = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const v1 = isNIFTI1(ab);
  const v2 = !v1 && bytes.length >= 540 && isNIFTI2(ab);
  if (!v1 && !v2) {
    if (isNIFTI1(ab, true) || (bytes.length >= 540 && isNIFTI2(ab, true))) {
      throw new KrpError('nifti.hdr-img-pair',
        `${source.name} is the header of a two-file NIfTI (.hdr + .img). Convert it to a single .nii or .nii.gz file (e.g. with fslchfiletype NIFTI_GZ or nibabel) and import that.`,
        { file: source.name });
    }
    throw notNifti(source, bytes);
  }
  if (!fullMagicPresent(bytes, v1)) {
    throw new KrpError('nifti.bad-magic',
      `${source.name} has a damaged NIfTI signature (the magic bytes are not exactly "${v1 ? 'n+1\\0' : 'n+2\\0'}"): the file is damaged or not a NIfTI image. Copy or export it again.`,
      { file: source.name });
  }
  const headerSize = v1 ? 348 : 540;
  let h: NIFTI1 | NIFTI2;
  try {
    // Only the fixed header: extensions (if any) are not needed and may extend past these bytes.
    h = readHeader(ab.slice(0, headerSize));
  } catch {
    throw notNifti(source, bytes);
  }
  const le = h.littleEndian;
  const view = new DataView(ab);

  const code = h.datatypeCode;
  const datatype = DATATYPE_BY_CODE.get(code);
  if (!datatype) {
    const name = UNSUPPORTED_DATATYPE_NAMES[code] ?? `code ${code}`;
    throw new KrpError('nifti.unsupported-datatype',
      `${source.name} stores voxels as ${name} (NIfTI datatype ${code}), which the app does not read. Convert it to float32 or int16 (e.g. fslmaths in.nii.gz out.nii.gz -odt float) and import that.`,
      { file: source.name, datatypeCode: code, datatype: name });
  }

  const dim = h.dims;
  const ndim = dim[0];
  const dimsText = `[${dim.slice(1, Math.max(2, Math.min(8, ndim + 1))).join(', ')}]`;
  const badDims = (why: string) => new KrpError('nifti.dims-invalid',
    `${source.name} has invalid dimensions ${dimsText} (dim[0] = ${ndim}): ${why}. The file is damaged or was written incorrectly; export it again.`,
    { file: source.name, ndim });
  if (!Number.isInteger(ndim) || ndim < 1 || ndim > 7) throw badDims('the number of dimensions must be 1 to 7');
  for (let i = 1; i <= ndim; i++) {
    if (!Number.isSafeInteger(dim[i]) || dim[i] < 1) throw badDims(`dimension ${i} is ${dim[i]}`);
  }
  for (let i = 5; i <= ndim; i++) {
    if (dim[i] > 1) throw badDims(`it has ${ndim} dimensions; the app reads 3D images and 4D time series only`);
  }
  const dims: [number, number, number, number] = [dim[1], ndim >= 2 ? dim[2] : 1, ndim >= 3 ? dim[3] : 1, ndim >= 4 ? dim[4] : 1];

  const pixdim = v1 ? h.pixDims.map(tidyFloat32) : h.pixDims;
  const voxelSizeMm: [number, number, number] = [pixdim[1], ndim >= 2 ? pixdim[2] : 1, ndim >= 3 ? pixdim[3] : 1];
  let voxOffset = Math.floor(Number(h.vox_offset));
  // nifti1_io: a single-file header whose vox_offset points inside the header means "right after it".
  if (!Number.isFinite(voxOffset) || voxOffset < headerSize) voxOffset = headerSize + 4;

  const rawSlope = h.scl_slope;
  const scaled = Number.isFinite(rawSlope) && rawSlope !== 0;
  const sclSlope = scaled ? rawSlope : 1;
  const sclInter = scaled && Number.isFinite(h.scl_inter) ? h.scl_inter : 0;

  const sformCode = h.sform_code;
  const qformCode = h.qform_code;
  let sform: number[] | null = null;
  if (sformCode > 0) {
    const base = v1 ? 280 : 400;
    const step = v1 ? 4 : 8;
    sform = [];
    for (let i = 0; i < 12; i++) {
      sform.push(v1 ? view.getFloat32(base + i * step, le) : view.getFloat64(base + i * step, le));
    }
    sform.push(0, 0, 0, 1);
  }
  let qform: number[] | null = null;
  if (qformCode > 0) {
    qform = quaternionToAffine(h.quatern_b, h.quatern_c, h.quatern_d, [h.qoffset_x, h.qoffset_y, h.qoffset_z],
      [pixdim[1], pixdim[2], pixdim[3]], pixdim[0]);
  }
  let affine: number[] | null = null;
  let affineSource: NiftiHeaderSummary['affineSource'] = 'none';
  let spaceCode = 0;
  const sformProblem = sform === null ? null : affineProblem(sform);
  const qformProblem = qform === null ? null : affineProblem(qform);
  if (sform && sformProblem === null) { affine = sform; affineSource = 'sform'; spaceCode = sformCode; }
  else if (qform && qformProblem === null) { affine = qform; affineSource = 'qform'; spaceCode = qformCode; }
  else if (sform || qform) {
    const which = sform ? 'sform' : 'qform';
    throw new KrpError('nifti.implausible-affine',
      `${source.name}: the header's orientation (${which}) is implausible: ${sformProblem ?? qformProblem}. The header is damaged: export the image again.`,
      { file: source.name, transform: which });
  }

  const units = timeUnits(h.xyzt_units);
  const bytesPerVoxel = NIFTI_DATATYPE_BYTES[datatype];
  const description = readCString(view, v1 ? 148 : 240, 80);

  return {
    niftiVersion: v1 ? 1 : 2,
    dims,
    ndim,
    voxelSizeMm,
    datatype,
    datatypeCode: code,
    bitpix: h.numBitsPerVoxel,
    littleEndian: le,
    voxOffset,
    sclSlope,
    sclInter,
    sformCode,
    qformCode,
    sform,
    qform,
    affine,
    affineSource,
    spaceCode,
    trSeconds: ndim >= 4 ? trFromPixdim(pixdim[4], units) : null,
    timeUnits: units,
    description,
    gzipped: source.gzipped,
    fileBytes: source.fileBytes,
    dataBytes: dims[0] * dims[1] * dims[2] * dims[3] * bytesPerVoxel,
  };
}
