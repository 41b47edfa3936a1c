/**
 * A .gz file's uncompressed bytes, inflated in a worker thread of its own, for the one long read of
 * an analysis (stream-volumes.ts).
 *
 * Why a thread: Node's streaming gunzip runs each inflate step on libuv's pool but hands every
 * output chunk back through the event loop of the thread that owns the stream, and only then starts
 * the next step. In the analysis thread, which computes between volumes, inflation therefore stalled
 * for as long as each volume's work took (28 % of an analysis was spent waiting for it). In a thread
 * whose event loop does nothing else, inflation runs at zlib's own speed, ahead of the consumer.
 *
 * - Memory is bounded: the thread fills fixed-size buffers (OUT_BUFFER_BYTES) and transfers them;
 *   the consumer transfers each back when it asks for the next chunk, and the thread reuses it. At
 *   most MAX_BUFFERS exist, so read-ahead is bounded and no garbage is made per chunk.
 * - Its code is a small plain-JavaScript script (eval worker) using only Node built-ins, so the same
 *   script works from the TypeScript sources, the bundles and the packaged app.
 * - Errors keep the meaning they have in byte-source.ts (readFailure): every byte inflated before a
 *   failure is delivered first; a stream that simply ends early ends the iteration (onTruncated);
 *   damaged data is nifti.corrupt-gzip.
 * - When the iteration ends (done, stopped early, cancelled) the thread is terminated at once; a
 *   thread that dies (out of memory, crash) is reported as the analysis worker's death is.
 */
import { Worker } from 'node:worker_threads';
import { workerDied } from '../worker-death';
import { cancelledError, readFailure } from './byte-source';

/** Size of each buffer handed to the consumer. */
const OUT_BUFFER_BYTES = 4 << 20;
/** Buffers in existence (in the thread or with the consumer): read-ahead ≤ MAX_BUFFERS × 4 MiB. */
const MAX_BUFFERS = 4;
/** Size of each of the thread's two read buffers. */
const READ_PIECE_BYTES = 1 << 20;
/** zlib's output chunk inside the thread. */
const INFLATE_CHUNK_BYTES = 1 << 20;

interface ThreadData {
  path: string;
  start: number;
  readChunkBytes: number;
  inflateChunkBytes: number;
  outBufferBytes: number;
  maxBuffers: number;
}

type FromThread =
  | { type: 'data'; buffer: ArrayBuffer; length: number }
  | { type: 'end' }
  | { type: 'error'; code: unknown; message: string };

/**
 * The thread's script (CommonJS, eval'd). `pending` holds the part of an inflated chunk that did not
 * fit into a buffer yet; gunzip is paused while no buffer is free and resumed when one comes back.
 */
const THREAD_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const fs = require('node:fs');
const { createGunzip } = require('node:zlib');
const { path, start, readChunkBytes, inflateChunkBytes, outBufferBytes, maxBuffers } = workerData;
let skip = start;
const free = [];
let made = 0;
let current = null;
let filled = 0;
let pending = null;
let waitingToEnd = null;
let ended = false;
let failed = false;
const buffer = () => {
  if (free.length > 0) return free.pop();
  if (made < maxBuffers) { made++; return new ArrayBuffer(outBufferBytes); }
  return null;
};
const post = () => {
  parentPort.postMessage({ type: 'data', buffer: current, length: filled }, [current]);
  current = null;
  filled = 0;
};
// Copies what is pending into buffers; returns false when it has to wait for a free buffer.
const pump = () => {
  while (pending !== null) {
    if (current === null) { current = buffer(); if (current === null) return false; }
    const n = Math.min(pending.length, outBufferBytes - filled);
    new Uint8Array(current, filled, n).set(n === pending.length ? pending : pending.subarray(0, n));
    filled += n;
    pending = n === pending.length ? null : pending.subarray(n);
    if (filled === outBufferBytes) post();
  }
  return true;
};
// The thread then idles until the consumer terminates it (closing the port here could let its exit
// overtake the last messages).
const finish = (message) => {
  if (current !== null && filled > 0) post();
  parentPort.postMessage(message);
};
const gunzip = createGunzip({ chunkSize: inflateChunkBytes });
// The file is read into two buffers in turn, each reused once gunzip has consumed it (its write
// callback): no garbage and no fresh memory per read.
let fd = null;
const pieces = [Buffer.allocUnsafeSlow(readChunkBytes), Buffer.allocUnsafeSlow(readChunkBytes)];
const busy = [false, false];
let reading = false;
let eof = false;
const closeFile = () => { if (fd !== null) { const f = fd; fd = null; fs.closeSync(f); } };
const fail = (error) => {
  if (failed || ended) return;
  failed = true;
  closeFile();
  gunzip.destroy();
  finish({ type: 'error', code: error && error.code, message: String((error && error.message) || error) });
};
const readMore = () => {
  if (reading || eof || failed || fd === null) return;
  const i = !busy[0] ? 0 : !busy[1] ? 1 : -1;
  if (i < 0) return;
  reading = true;
  fs.read(fd, pieces[i], 0, readChunkBytes, null, (error, bytesRead) => {
    reading = false;
    if (error) { fail(error); return; }
    if (failed) return;
    if (bytesRead === 0) { eof = true; closeFile(); gunzip.end(); return; }
    busy[i] = true;
    gunzip.write(pieces[i].subarray(0, bytesRead), () => { busy[i] = false; readMore(); });
    readMore();
  });
};
gunzip.on('error', fail);
gunzip.on('data', (chunk) => {
  if (skip > 0) {
    if (chunk.length <= skip) { skip -= chunk.length; return; }
    chunk = chunk.subarray(skip);
    skip = 0;
  }
  pending = chunk;
  if (!pump()) gunzip.pause();
});
gunzip.on('end', () => {
  ended = true;
  const done = () => finish({ type: 'end' });
  if (pending === null) done(); else waitingToEnd = done;
});
parentPort.on('message', (returned) => {
  free.push(returned);
  if (pending !== null && !pump()) return;
  if (waitingToEnd !== null) { const done = waitingToEnd; waitingToEnd = null; done(); return; }
  if (!ended && !failed && gunzip.isPaused()) gunzip.resume();
});
fs.open(path, 'r', (error, opened) => {
  if (error) { fail(error); return; }
  fd = opened;
  readMore();
});
`;

export interface InflateThreadOptions {
  /** The thread's V8 limits (default: a small heap; its data lives in ArrayBuffers outside it). */
  resourceLimits?: { maxOldGenerationSizeMb?: number; maxYoungGenerationSizeMb?: number };
  /** First uncompressed byte wanted (earlier bytes are inflated and dropped in the thread). */
  start?: number;
  signal?: AbortSignal;
  /** Called when the gzip stream simply ends early (a truncated copy). */
  onTruncated?: () => void;
}

/**
 * Yields the uncompressed bytes of the .gz at `path` from `start`, in chunks of up to 4 MiB.
 * A chunk is valid only until the next one is requested (its memory then goes back to the thread):
 * copy what you keep. Throws as uncompressedBytes (byte-source.ts) does; the thread is ended
 * whenever the iteration ends.
 */
export async function* inflatedInThread(path: string, options: InflateThreadOptions = {}): AsyncGenerator<Buffer> {
  const signal = options.signal;
  if (signal?.aborted) throw cancelledError();
  const data: ThreadData = {
    path, start: options.start ?? 0, readChunkBytes: READ_PIECE_BYTES,
    inflateChunkBytes: INFLATE_CHUNK_BYTES, outBufferBytes: OUT_BUFFER_BYTES, maxBuffers: MAX_BUFFERS,
  };
  const resourceLimits = options.resourceLimits ?? { maxOldGenerationSizeMb: 32, maxYoungGenerationSizeMb: 2 };
  const worker = new Worker(THREAD_SOURCE, { eval: true, workerData: data, resourceLimits });
  const queue: FromThread[] = [];
  let stopped: Error | null = null;
  let wake: (() => void) | null = null;
  const notify = () => { const w = wake; wake = null; w?.(); };
  worker.on('message', (message: FromThread) => { queue.push(message); notify(); });
  worker.on('error', (error) => { stopped ??= error; notify(); });
  worker.on('exit', (code) => { stopped ??= new Error(`the inflate thread ended (exit code ${code})`); notify(); });
  const onAbort = () => { void worker.terminate(); notify(); };
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    for (;;) {
      if (signal?.aborted) throw cancelledError();
      const message = queue.shift();
      if (message === undefined) {
        if (stopped !== null) throw workerDied(stopped);
        await new Promise<void>((resolve) => { wake = resolve; });
        continue;
      }
      if (message.type === 'data') {
        yield Buffer.from(message.buffer, 0, message.length);
        worker.postMessage(message.buffer, [message.buffer]);
        continue;
      }
      if (message.type === 'end') return;
      const failure = readFailure(Object.assign(new Error(message.message), { code: message.code }), path, true);
      if (failure === 'truncated') { options.onTruncated?.(); return; }
      throw failure;
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    void worker.terminate(); // ends the thread wherever it is; its file is closed with it (tested)
  }
}
