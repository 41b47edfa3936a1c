/**
 * The inflate thread (inflate-thread.ts) delivers exactly what gunzip gives, from any start, with the
 * same failure meanings as byte-source.ts: a truncated copy ends the iteration (onTruncated), damaged
 * data is nifti.corrupt-gzip, a cancel is analysis.cancelled — and it never runs ahead unbounded.
 * The data here spans many of the thread's 4 MiB buffers, so buffers are reused several times.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { isKrpError } from '../../../shared/errors';
import { tempDir } from '../../../test-support/nifti-fixtures';
import { inflatedInThread } from './inflate-thread';

/** 23 MiB + 5 bytes of a pattern that gzip compresses but that differs at every position. */
function pattern(): Buffer {
  const bytes = Buffer.alloc(23 * 1024 * 1024 + 5);
  for (let i = 0; i + 4 <= bytes.length; i += 4) bytes.writeUInt32LE(Math.imul(i, 2654435761) >>> 8, i);
  return bytes;
}

async function collect(chunks: AsyncGenerator<Buffer>): Promise<{ bytes: Buffer; largest: number }> {
  const parts: Buffer[] = [];
  let largest = 0;
  for await (const chunk of chunks) {
    parts.push(Buffer.from(chunk)); // a copy: the chunk's memory goes back to the thread
    largest = Math.max(largest, chunk.length);
  }
  return { bytes: Buffer.concat(parts), largest };
}

test('inflatedInThread: every byte, in order, from the start or from an offset, in chunks of at most 4 MiB', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const raw = pattern();
    const path = join(dir, 'data.gz');
    writeFileSync(path, gzipSync(raw, { level: 1 }));
    const whole = await collect(inflatedInThread(path));
    assert.ok(whole.bytes.equals(raw));
    assert.ok(whole.largest <= 4 << 20);
    const offset = 9 * 1024 * 1024 + 3;
    assert.ok((await collect(inflatedInThread(path, { start: offset }))).bytes.equals(raw.subarray(offset)));
  } finally {
    cleanup();
  }
});

test('inflatedInThread: a truncated copy yields what was there, then ends and says so; damaged data is nifti.corrupt-gzip', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const raw = pattern();
    const gz = gzipSync(raw, { level: 1 });
    const cut = join(dir, 'cut.gz');
    writeFileSync(cut, gz.subarray(0, Math.floor(gz.length * 0.6)));
    let truncated = 0;
    const partial = await collect(inflatedInThread(cut, { onTruncated: () => { truncated++; } }));
    assert.equal(truncated, 1);
    assert.ok(partial.bytes.length > raw.length * 0.4 && partial.bytes.length < raw.length);
    assert.ok(partial.bytes.equals(raw.subarray(0, partial.bytes.length)));

    const damaged = Buffer.from(gz);
    for (let i = 0; i < 64; i++) damaged[Math.floor(gz.length / 2) + i] ^= 0xa5;
    writeFileSync(join(dir, 'damaged.gz'), damaged);
    let delivered = 0;
    await assert.rejects(
      (async () => { for await (const chunk of inflatedInThread(join(dir, 'damaged.gz'))) delivered += chunk.length; })(),
      (e: unknown) => isKrpError(e) && e.code === 'nifti.corrupt-gzip' && /damaged\.gz is damaged/.test(e.message),
    );
    assert.ok(delivered > 0 && delivered < raw.length);
    await assert.rejects(collect(inflatedInThread(join(dir, 'missing.gz'))), (e: unknown) => isKrpError(e) && e.code === 'nifti.not-found');
  } finally {
    cleanup();
  }
});

/** Files under `dir` this process holds open (Linux: /proc/self/fd), or null where that cannot be seen. */
function openFilesUnder(dir: string): string[] | null {
  try {
    return readdirSync('/proc/self/fd').flatMap((fd) => {
      try { const target = readlinkSync(`/proc/self/fd/${fd}`); return target.startsWith(dir) ? [target] : []; } catch { return []; }
    });
  } catch {
    return null;
  }
}

/** Waits (up to 5 s) for the threads to close their files under `dir`; returns what is still open. */
async function settledOpenFilesUnder(dir: string): Promise<string[] | null> {
  let open = openFilesUnder(dir);
  for (let i = 0; i < 100 && open !== null && open.length > 0; i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    open = openFilesUnder(dir);
  }
  return open;
}

test('inflatedInThread: a cancel mid-read rejects with analysis.cancelled; stopping early ends cleanly; no file is left open', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = join(dir, 'data.gz');
    writeFileSync(path, gzipSync(pattern(), { level: 1 }));
    const controller = new AbortController();
    let seen = 0;
    await assert.rejects(
      (async () => {
        for await (const chunk of inflatedInThread(path, { signal: controller.signal })) {
          seen += chunk.length;
          controller.abort();
        }
      })(),
      (e: unknown) => isKrpError(e) && e.code === 'analysis.cancelled',
    );
    assert.ok(seen > 0);
    await assert.rejects(collect(inflatedInThread(path, { signal: AbortSignal.abort() })), (e: unknown) => isKrpError(e) && e.code === 'analysis.cancelled');
    let first = -1;
    for await (const chunk of inflatedInThread(path)) { first = chunk[0]; break; }
    assert.equal(first, pattern()[0]);
    const stillOpen = await settledOpenFilesUnder(dir);
    if (stillOpen !== null) assert.deepEqual(stillOpen, [], 'the threads closed their files');
  } finally {
    cleanup();
  }
});

test('inflatedInThread: a thread that dies (here: out of memory) is reported in words, not as a raw error', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = join(dir, 'data.gz');
    writeFileSync(path, gzipSync(pattern(), { level: 1 }));
    await assert.rejects(
      collect(inflatedInThread(path, { resourceLimits: { maxOldGenerationSizeMb: 1, maxYoungGenerationSizeMb: 1 } })),
      (e: unknown) => isKrpError(e) && e.code === 'analysis.out-of-memory' && /ran out of the memory/.test(e.message),
    );
  } finally {
    cleanup();
  }
});
