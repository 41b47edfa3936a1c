/**
 * Stored voxel bytes → float32 values, with byte order and scl_slope/scl_inter applied
 * (value = raw · slope + inter). The hot path of the connectivity engine: when the bytes are in the
 * machine's byte order and aligned, they are read through a typed-array view (no per-voxel DataView).
 */
import type { NiftiDatatype, NiftiHeaderSummary } from '../../../shared/imaging/nifti-header';
import { NIFTI_DATATYPE_BYTES } from '../../../shared/imaging/nifti-header';

type Header = Pick<NiftiHeaderSummary, 'datatype' | 'littleEndian' | 'sclSlope' | 'sclInter'>;

const NATIVE_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

type NumericArray = Uint8Array | Int8Array | Int16Array | Uint16Array | Int32Array | Uint32Array | Float32Array | Float64Array;

/** A typed view over `bytes` when its byte order is native and it is aligned, else null. */
function typedView(bytes: Uint8Array, datatype: NiftiDatatype, littleEndian: boolean, count: number): NumericArray | null {
  const size = NIFTI_DATATYPE_BYTES[datatype];
  if (size > 1 && (littleEndian !== NATIVE_LITTLE_ENDIAN || bytes.byteOffset % size !== 0)) return null;
  const { buffer, byteOffset } = bytes;
  switch (datatype) {
    case 'uint8': return new Uint8Array(buffer, byteOffset, count);
    case 'int8': return new Int8Array(buffer, byteOffset, count);
    case 'int16': return new Int16Array(buffer, byteOffset, count);
    case 'uint16': return new Uint16Array(buffer, byteOffset, count);
    case 'int32': return new Int32Array(buffer, byteOffset, count);
    case 'uint32': return new Uint32Array(buffer, byteOffset, count);
    case 'float32': return new Float32Array(buffer, byteOffset, count);
    case 'float64': return new Float64Array(buffer, byteOffset, count);
  }
}

/** A reader of voxel i (index, not byte offset) through a DataView, for foreign byte order or misalignment. */
function dataViewReader(bytes: Uint8Array, datatype: NiftiDatatype, le: boolean): (i: number) => number {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  switch (datatype) {
    case 'uint8': return (i) => dv.getUint8(i);
    case 'int8': return (i) => dv.getInt8(i);
    case 'int16': return (i) => dv.getInt16(i * 2, le);
    case 'uint16': return (i) => dv.getUint16(i * 2, le);
    case 'int32': return (i) => dv.getInt32(i * 4, le);
    case 'uint32': return (i) => dv.getUint32(i * 4, le);
    case 'float32': return (i) => dv.getFloat32(i * 4, le);
    case 'float64': return (i) => dv.getFloat64(i * 8, le);
  }
}

function checkLength(bytes: Uint8Array, header: Header, count: number): void {
  const need = count * NIFTI_DATATYPE_BYTES[header.datatype];
  if (bytes.byteLength < need) throw new RangeError(`convert-voxels: ${bytes.byteLength} bytes given, ${need} needed for ${count} voxels`);
}

/**
 * Fills `out` (length = voxels per volume) with the scaled values of one volume's stored bytes.
 * `bytes` holds at least out.length voxels of header.datatype in the header's byte order.
 */
export function volumeToFloat32(bytes: Uint8Array, header: Header, out: Float32Array): void {
  const n = out.length;
  checkLength(bytes, header, n);
  const slope = header.sclSlope;
  const inter = header.sclInter;
  const identity = slope === 1 && inter === 0;
  const view = typedView(bytes, header.datatype, header.littleEndian, n);
  if (view) {
    if (identity) out.set(view);
    else for (let i = 0; i < n; i++) out[i] = view[i] * slope + inter;
    return;
  }
  const read = dataViewReader(bytes, header.datatype, header.littleEndian);
  for (let i = 0; i < n; i++) out[i] = read(i) * slope + inter;
}

/**
 * The values of `count` voxels without a copy: a Float32Array over `bytes` when they are float32 in
 * the machine's byte order, aligned, with identity scaling (slope 1, inter 0); else null (convert
 * with volumeToFloat32).
 */
export function float32ViewOf(bytes: Uint8Array, header: Header, count: number): Float32Array | null {
  if (header.datatype !== 'float32' || header.sclSlope !== 1 || header.sclInter !== 0) return null;
  checkLength(bytes, header, count);
  const view = typedView(bytes, 'float32', header.littleEndian, count);
  return view as Float32Array | null;
}
