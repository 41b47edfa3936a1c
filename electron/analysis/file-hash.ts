/**
 * sha256File: the SHA-256 of a file's bytes as stored on disk (compressed bytes for .nii.gz),
 * streamed in 4 MiB chunks.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { cancelledError, fileAccessError } from './nifti/byte-source';

/** Lower-case hex SHA-256 of the file at `path`. Abort rejects with KrpError('analysis.cancelled') and closes the file. */
export async function sha256File(path: string, signal?: AbortSignal): Promise<string> {
  if (signal?.aborted) throw cancelledError();
  const hash = createHash('sha256');
  const stream = createReadStream(path, { highWaterMark: 4 << 20 });
  const onAbort = () => stream.destroy(cancelledError());
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    for await (const chunk of stream) hash.update(chunk as Buffer);
  } catch (error) {
    if (signal?.aborted) throw cancelledError();
    throw fileAccessError(error, path);
  } finally {
    signal?.removeEventListener('abort', onAbort);
    stream.destroy();
  }
  return hash.digest('hex');
}
