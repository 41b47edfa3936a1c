/**
 * The uncompressed bytes of a NIfTI file as a stream of large chunks, whether the file is plain or
 * gzip-compressed (detected by its magic bytes 1f 8b, not its name). Inflation uses zlib's streaming
 * gunzip, which runs on libuv's thread pool and so overlaps with the consumer's work.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { KrpError } from '../../../shared/errors';
import { checkLocalRegularFile } from '../input/local-file';

const READ_CHUNK_BYTES = 4 << 20;
const INFLATE_CHUNK_BYTES = 1 << 20;

/** The error every cancelled read rejects with. */
export function cancelledError(): KrpError {
  return new KrpError('analysis.cancelled', 'The analysis was cancelled.');
}

/** A KrpError for a file that cannot be opened (missing, a folder, no permission), else the error itself. */
export function fileAccessError(error: unknown, path: string): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  const name = basename(path);
  if (code === 'ENOENT') return new KrpError('nifti.not-found', `${name} was not found at ${path}. Check that the file still exists, or choose it again.`, { file: name });
  if (code === 'EISDIR') return new KrpError('nifti.not-nifti', `${name} is a folder, not a NIfTI file. Choose the .nii or .nii.gz file inside it.`, { file: name });
  if (code === 'EACCES' || code === 'EPERM') return new KrpError('nifti.unreadable', `${name} cannot be read (permission denied). Copy it somewhere you can read, or fix its permissions.`, { file: name });
  return error;
}

/**
 * Size on disk, whether the file starts with the gzip magic bytes 1f 8b and, for gzip, the ISIZE
 * field of its trailer (the uncompressed size modulo 2³², last 4 bytes, little-endian). Refuses
 * anything but a regular local file (see input/local-file.ts) before opening it.
 */
export async function probeFile(path: string): Promise<{ fileBytes: number; gzipped: boolean; gzipIsize: number | null }> {
  const fileBytes = await checkLocalRegularFile(path, 'image');
  try {
    const fh = await open(path, 'r');
    try {
      const magic = Buffer.alloc(2);
      const { bytesRead } = await fh.read(magic, 0, 2, 0);
      const gzipped = bytesRead === 2 && magic[0] === 0x1f && magic[1] === 0x8b;
      let gzipIsize: number | null = null;
      if (gzipped && fileBytes >= 18) {
        const trailer = Buffer.alloc(4);
        const tail = await fh.read(trailer, 0, 4, fileBytes - 4);
        if (tail.bytesRead === 4) gzipIsize = trailer.readUInt32LE(0);
      }
      return { fileBytes, gzipped, gzipIsize };
    } finally {
      await fh.close();
    }
  } catch (error) {
    throw fileAccessError(error, path);
  }
}

function isTruncatedGzip(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown } | null;
  return e?.code === 'Z_BUF_ERROR' || (typeof e?.message === 'string' && /unexpected end of file/i.test(e.message));
}

function isCorruptGzip(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('Z_');
}

/**
 * What a failed read of `path` means: 'truncated' when a gzip stream simply ended early (the caller
 * ends its iteration and says how much was there), else the error to throw — KrpError
 * nifti.corrupt-gzip for damaged compressed data, the fileAccessError for the rest.
 */
export function readFailure(error: unknown, path: string, gzipped: boolean): 'truncated' | unknown {
  if (gzipped && isTruncatedGzip(error)) return 'truncated';
  if (gzipped && isCorruptGzip(error)) {
    return new KrpError('nifti.corrupt-gzip',
      `${basename(path)} is damaged: its compressed data cannot be decompressed (${(error as Error).message}). Copy the file again from its source.`,
      { file: basename(path) });
  }
  return fileAccessError(error, path);
}

export interface ByteSourceOptions {
  /** First uncompressed byte wanted (bytes before it are skipped; a seek for plain files). */
  start?: number;
  signal?: AbortSignal;
  /** Size of reads from disk; default 4 MiB. Small for reading just a header. */
  readChunkBytes?: number;
  /** Called when a gzip stream simply ends early (before its last member's trailer is complete). */
  onTruncated?: () => void;
}

/** Read-ahead allowed before the source is paused (backpressure), bytes. */
const READ_AHEAD_BYTES = 8 << 20;

/**
 * The chunks a readable emits, as an async iteration that delivers every chunk emitted before an
 * error before throwing it (Node's own stream iterator drops buffered chunks on error, which would
 * hide how much of a truncated .gz was readable). Pauses the stream beyond READ_AHEAD_BYTES.
 */
async function* chunksThenError(stream: Readable): AsyncGenerator<Buffer> {
  const queue: Buffer[] = [];
  let queuedBytes = 0;
  let done = false;
  let failure: unknown = null;
  let wake: (() => void) | null = null;
  const notify = () => { const w = wake; wake = null; w?.(); };
  stream.on('data', (chunk: Buffer) => {
    queue.push(chunk);
    queuedBytes += chunk.length;
    if (queuedBytes >= READ_AHEAD_BYTES) stream.pause();
    notify();
  });
  stream.on('end', () => { done = true; notify(); });
  stream.on('error', (error) => { failure ??= error; done = true; notify(); });
  stream.on('close', () => { done = true; notify(); });
  for (;;) {
    const chunk = queue.shift();
    if (chunk) {
      queuedBytes -= chunk.length;
      if (stream.isPaused() && queuedBytes < READ_AHEAD_BYTES / 2 && !done) stream.resume();
      yield chunk;
      continue;
    }
    if (failure) throw failure;
    if (done) return;
    await new Promise<void>((resolve) => { wake = resolve; });
  }
}

/**
 * Yields the file's uncompressed bytes from `start` in chunks of about 1–4 MiB (chunks are not
 * reused: a consumer may keep them). A gzip stream that simply ends early (a truncated copy) ends
 * the iteration without error once every decompressible byte was yielded, so the caller can say how
 * much was there; damaged compressed data throws KrpError('nifti.corrupt-gzip'); an abort throws
 * KrpError('analysis.cancelled'). The file is closed when the iteration ends in any way.
 */
export async function* uncompressedBytes(path: string, gzipped: boolean, options: ByteSourceOptions = {}): AsyncGenerator<Buffer> {
  const start = options.start ?? 0;
  const signal = options.signal;
  if (signal?.aborted) throw cancelledError();
  const file = createReadStream(path, { highWaterMark: options.readChunkBytes ?? READ_CHUNK_BYTES, start: gzipped ? 0 : start });
  let stream: Readable = file;
  if (gzipped) {
    const gunzip = createGunzip({ chunkSize: INFLATE_CHUNK_BYTES });
    file.on('error', (error) => gunzip.destroy(error));
    file.pipe(gunzip);
    stream = gunzip;
  }
  const onAbort = () => { stream.destroy(cancelledError()); file.destroy(); };
  signal?.addEventListener('abort', onAbort, { once: true });
  let skip = gzipped ? start : 0;
  try {
    for await (const chunk of chunksThenError(stream)) {
      if (signal?.aborted) throw cancelledError();
      if (skip > 0) {
        if (chunk.length <= skip) { skip -= chunk.length; continue; }
        const rest = chunk.subarray(skip);
        skip = 0;
        yield rest;
      } else {
        yield chunk;
      }
    }
  } catch (error) {
    if (signal?.aborted) throw cancelledError();
    const failure = readFailure(error, path, gzipped);
    if (failure === 'truncated') { options.onTruncated?.(); return; }
    throw failure;
  } finally {
    signal?.removeEventListener('abort', onAbort);
    stream.destroy();
    file.destroy();
  }
}

/**
 * The uncompressed length of a .gz (all members: bgzip and concatenated gzip files hold several,
 * and each member's trailer records only its own size), by streaming decompression that stops as
 * soon as it passes `cap` (so a gzip bomb costs at most `cap` bytes of inflation, no memory).
 * `bytes` above `cap` means "more than cap"; `truncated`: the stream ended before its end marker
 * (a cut file, or a cut trailer whose checksums could not be verified).
 */
export async function uncompressedLength(path: string, cap: number, signal?: AbortSignal): Promise<{ bytes: number; truncated: boolean }> {
  let total = 0;
  let truncated = false;
  for await (const chunk of uncompressedBytes(path, true, { signal, onTruncated: () => { truncated = true; } })) {
    total += chunk.length;
    if (total > cap) break;
  }
  return { bytes: total, truncated };
}
