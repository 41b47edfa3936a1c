/**
 * Text files beside the image (a confounds or motion table, a JSON sidecar) read with a size bound:
 * the file is opened, checked to be a regular file no larger than the bound, and at most
 * bound + 1 bytes are ever read (a file that grows after the check is still refused), so a huge or
 * endless file can never fill memory.
 */
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';

/** Larger than any real motion file or fMRIPrep table (a few MB for thousands of scans); as the app's chooser (services/confounds-preview.ts). */
export const MAX_CONFOUNDS_BYTES = 64 * 1024 * 1024;

export type BoundedText =
  | { kind: 'text'; text: string }
  | { kind: 'too-large'; bytes: number }
  | { kind: 'not-regular' };

/** The UTF-8 text of `path` if it is a regular file of at most `maxBytes`; I/O errors are thrown as they come. */
export async function readBoundedText(path: string, maxBytes: number): Promise<BoundedText> {
  // Non-blocking open: a FIFO opens at once (and is then refused) instead of waiting for a writer.
  const fh = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const info = await fh.stat();
    if (!info.isFile()) return { kind: 'not-regular' };
    if (info.size > maxBytes) return { kind: 'too-large', bytes: info.size };
    const buffer = Buffer.alloc(info.size + 1);
    let filled = 0;
    for (;;) {
      const { bytesRead } = await fh.read(buffer, filled, buffer.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
      if (filled === buffer.length) return { kind: 'too-large', bytes: filled };
    }
    if (filled > maxBytes) return { kind: 'too-large', bytes: filled };
    return { kind: 'text', text: buffer.toString('utf8', 0, filled) };
  } finally {
    await fh.close();
  }
}
