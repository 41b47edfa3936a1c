/**
 * sha256File: the SHA-256 of a file's bytes as stored on disk (compressed bytes for .nii.gz), read
 * in 1 MiB pieces into one buffer that is reused: hashing a 600 MB image makes no garbage and
 * touches no fresh memory (the analysis hashes its input while it streams it, see analyze.ts).
 */
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { cancelledError, fileAccessError } from './nifti/byte-source';

const PIECE_BYTES = 1 << 20;

/** Lower-case hex SHA-256 of the file at `path`. Abort rejects with KrpError('analysis.cancelled') and closes the file. */
export async function sha256File(path: string, signal?: AbortSignal): Promise<string> {
  if (signal?.aborted) throw cancelledError();
  const hash = createHash('sha256');
  try {
    const file = await open(path, 'r');
    try {
      const piece = Buffer.allocUnsafe(PIECE_BYTES);
      for (;;) {
        if (signal?.aborted) throw cancelledError();
        const { bytesRead } = await file.read(piece, 0, PIECE_BYTES, null);
        if (bytesRead === 0) break;
        hash.update(piece.subarray(0, bytesRead));
      }
    } finally {
      await file.close();
    }
  } catch (error) {
    if (signal?.aborted) throw cancelledError();
    throw fileAccessError(error, path);
  }
  return hash.digest('hex');
}
