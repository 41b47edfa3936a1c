/**
 * streamVolumes: hands a 4D image's voxel data to a consumer one volume at a time, so a 1 GB image
 * never needs to be in memory at once (memory: one volume plus a few MiB of read-ahead). A large .gz
 * is inflated in a thread of its own (inflate-thread.ts), ahead of the consumer.
 */
import { basename } from 'node:path';
import { KrpError, isKrpError } from '../../../shared/errors';
import { NIFTI_DATATYPE_BYTES, type NiftiHeaderSummary } from '../../../shared/imaging/nifti-header';
import { cancelledError, uncompressedBytes } from './byte-source';
import { inflatedInThread } from './inflate-thread';

/**
 * One volume's stored bytes (nx·ny·nz voxels, header datatype and byte order, unscaled), at offset 0
 * of its own ArrayBuffer (aligned for typed views) or at the start of the caller's `volumeBuffer`.
 * The same buffer is reused for every volume:
 * convert it (convert-voxels.ts) before onVolume returns; do not keep it.
 */
export type VolumeBytes = Uint8Array;

/** Below this uncompressed size a .gz is inflated in this thread: starting a thread costs more than it saves. */
const INFLATE_THREAD_MIN_BYTES = 32 << 20;

export interface StreamVolumesOptions {
  /** Called for each volume in order; t is the volume's 0-based index in the file. May be async. */
  onVolume(t: number, volume: VolumeBytes): void | Promise<void>;
  /** Abort to stop: the promise rejects with KrpError('analysis.cancelled') and the file is closed. */
  signal?: AbortSignal;
  /** Fraction (0..1) of the requested volumes delivered so far, after each volume. */
  onProgress?(fraction: number): void;
  /** Deliver volumes start ≤ t < end only (default the whole series); earlier ones are skipped (seeked past in a .nii, inflated and dropped in a .gz). */
  volumes?: { start: number; end?: number };
  /**
   * Where to assemble each volume (at least a volume's bytes long; e.g. WebAssembly memory, so the
   * consumer's kernels read it in place); default a buffer of its own.
   */
  volumeBuffer?: Uint8Array;
}

/**
 * Streams the voxel data of `path` (whose header is `header`, from readNiftiHeader) volume by volume.
 * Resolves with the number of volumes delivered. Rejects with KrpError: nifti.truncated (the file ends
 * early: says after how many volumes), nifti.corrupt-gzip (damaged compressed data), analysis.cancelled.
 */
export async function streamVolumes(path: string, header: NiftiHeaderSummary, options: StreamVolumesOptions): Promise<number> {
  const [nx, ny, nz, nt] = header.dims;
  const start = options.volumes?.start ?? 0;
  const end = options.volumes?.end ?? nt;
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > nt || start > end) {
    throw new RangeError(`streamVolumes: volumes ${start}..${end} outside 0..${nt}`);
  }
  const signal = options.signal;
  if (signal?.aborted) throw cancelledError();
  if (start === end) return 0;
  const volumeBytes = nx * ny * nz * NIFTI_DATATYPE_BYTES[header.datatype];
  if (options.volumeBuffer !== undefined && options.volumeBuffer.length < volumeBytes) {
    throw new RangeError(`streamVolumes: volumeBuffer holds ${options.volumeBuffer.length} bytes, a volume ${volumeBytes}`);
  }
  const volume: VolumeBytes = options.volumeBuffer?.subarray(0, volumeBytes) ?? new Uint8Array(volumeBytes);
  const name = basename(path);
  // When the last volume is wanted, read on to the end of a .gz so that its CRC check (in the trailer) runs.
  const verifyTrailer = header.gzipped && end === nt;
  const from = header.voxOffset + start * volumeBytes;
  const chunks = header.gzipped && header.voxOffset + header.dataBytes >= INFLATE_THREAD_MIN_BYTES
    ? inflatedInThread(path, { start: from, signal })
    : uncompressedBytes(path, header.gzipped, { start: from, signal });
  let filled = 0;
  let t = start;
  try {
    outer: for await (const chunk of chunks) {
      let pos = 0;
      if (t === end && chunk.length > 0) throw longerThanPromised(name, nt);
      while (pos < chunk.length && t < end) {
        const n = Math.min(volumeBytes - filled, chunk.length - pos);
        volume.set(n === chunk.length ? chunk : chunk.subarray(pos, pos + n), filled);
        filled += n;
        pos += n;
        if (filled === volumeBytes) {
          if (signal?.aborted) throw cancelledError();
          await options.onVolume(t, volume);
          t += 1;
          filled = 0;
          options.onProgress?.((t - start) / (end - start));
          if (t === end && !verifyTrailer) break outer;
        }
      }
      if (t === end && pos < chunk.length) throw longerThanPromised(name, nt);
      if (signal?.aborted) throw cancelledError();
    }
  } catch (error) {
    if (isKrpError(error) && error.code === 'nifti.corrupt-gzip') {
      throw new KrpError('nifti.corrupt-gzip',
        `${name} is damaged: its compressed data cannot be decompressed after volume ${t} of ${nt}. Copy the file again from its source.`,
        { ...error.details, file: name, volumesRead: t, volumes: nt });
    }
    throw error;
  }
  if (signal?.aborted) throw cancelledError();
  if (t < end) {
    throw new KrpError('nifti.truncated',
      `${name}: the file ends after ${t} of ${nt} volumes: it is incomplete — copy it again.`,
      { file: name, volumesRead: t, volumes: nt });
  }
  return t - start;
}

function longerThanPromised(name: string, nt: number): KrpError {
  return new KrpError('nifti.size-mismatch',
    `${name} holds more data than its header promises (${nt} volumes): the header is wrong or the file was altered. Export it again.`,
    { file: name, volumes: nt });
}
