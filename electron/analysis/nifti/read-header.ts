/**
 * readNiftiHeader: the header of a .nii or .nii.gz file, reading (or inflating) only its first bytes.
 */
import { basename } from 'node:path';
import { KrpError } from '../../../shared/errors';
import type { NiftiHeaderSummary } from '../../../shared/imaging/nifti-header';
import { probeFile, uncompressedBytes } from './byte-source';
import { HEADER_BYTES_NEEDED, parseNiftiHeader } from './parse-header';

/** The first `count` uncompressed bytes (fewer when the file is shorter). */
async function firstBytes(path: string, gzipped: boolean, count: number): Promise<Uint8Array> {
  const out = new Uint8Array(count);
  let filled = 0;
  for await (const chunk of uncompressedBytes(path, gzipped, { readChunkBytes: 16 << 10 })) {
    const n = Math.min(chunk.length, count - filled);
    out.set(chunk.subarray(0, n), filled);
    filled += n;
    if (filled >= count) break;
  }
  return out.subarray(0, filled);
}

/**
 * Reads and checks the header of a NIfTI-1/-2 file (.nii, or gzip detected by magic bytes).
 * Throws KrpError nifti.*: not-found, not-nifti, hdr-img-pair, corrupt-gzip, unsupported-datatype,
 * dims-invalid, and for uncompressed files size-mismatch (file shorter than vox_offset + data).
 * A truncated .nii.gz is only detected when its voxels are streamed.
 */
export async function readNiftiHeader(path: string): Promise<NiftiHeaderSummary> {
  const { fileBytes, gzipped } = await probeFile(path);
  const name = basename(path);
  const bytes = await firstBytes(path, gzipped, HEADER_BYTES_NEEDED);
  if (gzipped && bytes.length < 348) {
    throw new KrpError('nifti.truncated',
      `${name} decompresses to only ${bytes.length} bytes, less than a NIfTI header: it is incomplete or not a NIfTI image. Copy it again from its source.`,
      { file: name, bytes: bytes.length });
  }
  const header = parseNiftiHeader(bytes, { name, gzipped, fileBytes });
  if (!gzipped) {
    const promised = header.voxOffset + header.dataBytes;
    if (fileBytes < promised) {
      throw new KrpError('nifti.size-mismatch',
        `${name}: dimensions disagree with the file size: header promises ${promised} bytes (${header.dims.join('×')} voxels of ${header.datatype} after a ${header.voxOffset}-byte header), file has ${fileBytes}. The file is incomplete or its header is wrong: copy or export it again.`,
        { file: name, promisedBytes: promised, fileBytes });
    }
  }
  return header;
}
