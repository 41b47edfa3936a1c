/**
 * Writes a single-file NIfTI (.nii, or .nii.gz compressed as it is written) atomically: the bytes go
 * to a temporary file beside the target, which is renamed onto it only when complete. Voxel data is
 * encoded and (optionally) compressed in chunks of about 4 MiB, so a 700 MB image never needs a
 * second full copy in memory.
 */
import { createWriteStream } from 'node:fs';
import { rename, unlink } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { KrpError } from '../../../shared/errors';
import { NIFTI_DATATYPE_BYTES, type NiftiDatatype } from '../../../shared/imaging/nifti-header';
import { encodeNiftiHeader, voxelCount, type NiftiHeaderFields } from './encode-header';

export interface NiftiImageToWrite extends NiftiHeaderFields {
  dims: number[];
  /** Row-major 4×4 voxel→world, millimetres. */
  affine: number[];
  datatype: NiftiDatatype;
  /** Raw stored values, x fastest, then y, z, t (NIfTI order). Integer types must hold integers in range. */
  data: ArrayLike<number>;
}

export interface WriteNiftiOptions {
  /** Default: true when the path ends with .gz. */
  gzip?: boolean;
  /** Default 1. */
  niftiVersion?: 1 | 2;
  /** Default true. */
  littleEndian?: boolean;
}

const CHUNK_BYTES = 4 << 20;
/** nibabel's default: fast, and fMRI data compresses little better at higher levels. */
const GZIP_LEVEL = 1;
const NATIVE_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

type TypedCtor = Int8ArrayConstructor | Uint8ArrayConstructor | Int16ArrayConstructor | Uint16ArrayConstructor |
  Int32ArrayConstructor | Uint32ArrayConstructor | Float32ArrayConstructor | Float64ArrayConstructor;

export const TYPED_ARRAY_FOR: Readonly<Record<NiftiDatatype, TypedCtor>> = {
  uint8: Uint8Array, int8: Int8Array, int16: Int16Array, uint16: Uint16Array,
  int32: Int32Array, uint32: Uint32Array, float32: Float32Array, float64: Float64Array,
};

const INTEGER_RANGE: Partial<Record<NiftiDatatype, [number, number]>> = {
  uint8: [0, 255], int8: [-128, 127], int16: [-32768, 32767], uint16: [0, 65535],
  int32: [-2147483648, 2147483647], uint32: [0, 4294967295],
};

/**
 * Stored bytes of data[start, end) as `datatype` in the requested byte order. Integer types: values
 * are rounded to the nearest integer and must be finite and in range (else a KrpError).
 */
export function encodeVoxels(data: ArrayLike<number>, start: number, end: number, datatype: NiftiDatatype, littleEndian: boolean): Uint8Array {
  const n = end - start;
  const Ctor = TYPED_ARRAY_FOR[datatype];
  const out = new Ctor(n);
  const range = INTEGER_RANGE[datatype];
  if (!range) {
    if (ArrayBuffer.isView(data)) out.set((data as unknown as Float64Array).subarray(start, end));
    else for (let i = 0; i < n; i++) out[i] = data[start + i];
  } else {
    const [lo, hi] = range;
    for (let i = 0; i < n; i++) {
      const value = Math.round(data[start + i]);
      if (!(value >= lo && value <= hi)) {
        throw new KrpError('nifti.write-invalid',
          `Cannot store ${data[start + i]} (voxel ${start + i}) as ${datatype} (range ${lo} to ${hi}): use a wider datatype or scaling.`,
          { voxel: start + i });
      }
      out[i] = value;
    }
  }
  const bytes = new Uint8Array(out.buffer, 0, out.byteLength);
  if (littleEndian !== NATIVE_LITTLE_ENDIAN && out.BYTES_PER_ELEMENT > 1) {
    const buf = Buffer.from(bytes.buffer, 0, bytes.byteLength);
    if (out.BYTES_PER_ELEMENT === 2) buf.swap16();
    else if (out.BYTES_PER_ELEMENT === 4) buf.swap32();
    else buf.swap64();
  }
  return bytes;
}

/** A KrpError for the usual file-system failures (no folder, no permission, disk full), else the error itself. */
function writeError(error: unknown, path: string): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  const reasons: Record<string, string> = {
    ENOENT: `its folder ${dirname(path)} does not exist`,
    EACCES: 'permission is denied', EPERM: 'permission is denied', EROFS: 'the disk is read-only',
    ENOSPC: 'the disk is full', EDQUOT: 'the disk quota is exceeded',
  };
  if (typeof code === 'string' && reasons[code]) {
    return new KrpError('nifti.write-failed', `Cannot write ${basename(path)}: ${reasons[code]}. Choose another location.`, { file: basename(path), reason: code });
  }
  return error;
}

async function* fileBytes(header: Uint8Array, image: NiftiImageToWrite, littleEndian: boolean): AsyncGenerator<Uint8Array> {
  yield header;
  const total = image.data.length;
  const perChunk = Math.max(1, Math.floor(CHUNK_BYTES / NIFTI_DATATYPE_BYTES[image.datatype]));
  for (let start = 0; start < total; start += perChunk) {
    yield encodeVoxels(image.data, start, Math.min(total, start + perChunk), image.datatype, littleEndian);
  }
}

/**
 * Writes `image` to `path` as a single-file NIfTI-1 or -2 (.nii, or gzip-compressed .nii.gz):
 * sform from the affine (code default 4), a matching qform when the affine is rotation + scaling,
 * xyzt_units mm + s, TR in pixdim[4] (seconds). Atomic: on any error nothing is left at `path`.
 */
export async function writeNifti(
  path: string,
  image: {
    dims: number[]; affine: number[] /* row-major 4x4 */; datatype: NiftiDatatype; data: ArrayLike<number> /* raw stored values */;
    sclSlope?: number; sclInter?: number; trSeconds?: number; sformCode?: number /* default 4 */; qformCode?: number;
    description?: string; intentCode?: number; intentName?: string;
  },
  options?: { gzip?: boolean; niftiVersion?: 1 | 2; littleEndian?: boolean },
): Promise<void> {
  const niftiVersion = options?.niftiVersion ?? 1;
  const littleEndian = options?.littleEndian ?? true;
  const gzip = options?.gzip ?? /\.gz$/i.test(path);
  const count = voxelCount(image.dims);
  if (image.data.length !== count) {
    throw new KrpError('nifti.write-invalid',
      `Cannot write a NIfTI image: dimensions [${image.dims.join(', ')}] need ${count} values but ${image.data.length} were given.`);
  }
  const header = encodeNiftiHeader(image, { niftiVersion, littleEndian });
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const source = Readable.from(fileBytes(header, image, littleEndian), { objectMode: false, highWaterMark: 1 });
  const sink = createWriteStream(tmp, { highWaterMark: CHUNK_BYTES });
  try {
    if (gzip) await pipeline(source, createGzip({ level: GZIP_LEVEL, chunkSize: 1 << 20 }), sink);
    else await pipeline(source, sink);
    await rename(tmp, path);
  } catch (error) {
    await unlink(tmp).catch(() => undefined);
    throw writeError(error, path);
  }
}
