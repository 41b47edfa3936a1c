/**
 * readNiftiHeader: the header of a .nii or .nii.gz file, reading (or inflating) only its first bytes.
 */
import { basename } from 'node:path';
import { KrpError } from '../../../shared/errors';
import type { NiftiHeaderSummary } from '../../../shared/imaging/nifti-header';
import { probeFile, uncompressedBytes, uncompressedLength } from './byte-source';
import { HEADER_BYTES_NEEDED, parseNiftiHeader } from './parse-header';
import { imageLimits, type ImageLimits } from '../input/image-limits';

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

/** Largest ratio deflate can reach (≈ 1032:1), with room for the gzip framing. */
const MAX_DEFLATE_RATIO = 1100;

/**
 * Reads and checks the header of a NIfTI-1/-2 file (.nii, or gzip detected by magic bytes), and
 * that the file can hold exactly what the header promises, before anything is allocated for it.
 * Throws KrpError input.* (not a regular local file), nifti.*: not-found, not-nifti, bad-magic,
 * hdr-img-pair, corrupt-gzip, unsupported-datatype, dims-invalid, implausible-affine,
 * too-large (beyond `limits`), size-mismatch (plain file not exactly vox_offset + data bytes;
 * compressed size impossible for the promised data, or a gzip trailer that disagrees and a
 * decompressed length, counted with a cap, that does too — multi-member .gz files are accepted).
 * A .nii.gz whose stream is shorter or longer than promised is refused when its voxels are streamed.
 */
export async function readNiftiHeader(path: string, options: { limits?: ImageLimits } = {}): Promise<NiftiHeaderSummary> {
  const { fileBytes, gzipped, gzipIsize } = await probeFile(path);
  const name = basename(path);
  const bytes = await firstBytes(path, gzipped, HEADER_BYTES_NEEDED);
  if (gzipped && bytes.length < 348) {
    throw new KrpError('nifti.truncated',
      `${name} decompresses to only ${bytes.length} bytes, less than a NIfTI header: it is incomplete or not a NIfTI image. Copy it again from its source.`,
      { file: name, bytes: bytes.length });
  }
  const header = parseNiftiHeader(bytes, { name, gzipped, fileBytes });
  checkImageSize(header, name, options.limits ?? imageLimits());
  const promised = header.voxOffset + header.dataBytes;
  const mismatch = (why: string, details: Record<string, number>) => new KrpError('nifti.size-mismatch',
    `${name}: the header promises ${promised} bytes (${header.dims.join('×')} voxels of ${header.datatype} after a ${header.voxOffset}-byte header) but ${why}. Dimensions and file size disagree: the file is incomplete, has extra data, or its header is wrong. Copy or export it again.`,
    { file: name, promisedBytes: promised, fileBytes, ...details });
  if (!gzipped) {
    if (fileBytes !== promised) throw mismatch(`the file has ${fileBytes}`, {});
  } else {
    if (promised > fileBytes * MAX_DEFLATE_RATIO + (1 << 20)) {
      throw mismatch(`a ${fileBytes}-byte compressed file cannot hold that much`, {});
    }
    if (gzipIsize !== null && gzipIsize !== promised % 2 ** 32) {
      // The last trailer holds only the last member's size: a multi-member file (bgzip, concatenated
      // gzip) is counted by streaming decompression, capped just above the promised size.
      const { bytes: total, truncated } = await uncompressedLength(path, promised);
      if (truncated) {
        throw new KrpError('nifti.truncated',
          `${name}: its compressed data ends before the gzip end marker (after ${total} of ${promised} bytes), so it is incomplete or its checksum cannot be verified. Copy it again from its source.`,
          { file: name, bytes: total, promisedBytes: promised });
      }
      if (total !== promised) {
        throw mismatch(`it decompresses to ${total > promised ? 'more than that' : `${total} bytes`} (its gzip trailer records ${gzipIsize} bytes (modulo 2^32))`, { gzipIsize });
      }
    }
  }
  return header;
}

/** Refuses, before any allocation, an image larger than the analysis may hold. */
export function checkImageSize(header: NiftiHeaderSummary, name: string, limits: ImageLimits): void {
  const [nx, ny, nz, nt] = header.dims;
  const volumeVoxels = nx * ny * nz;
  const voxelVolumes = volumeVoxels * nt;
  if (volumeVoxels > limits.maxVolumeVoxels || voxelVolumes > limits.maxVoxelVolumes || !Number.isSafeInteger(header.dataBytes)) {
    throw new KrpError('nifti.too-large',
      `${name} claims ${header.dims.join('×')} voxels (${voxelVolumes.toExponential(2)} voxel-volumes), more than this computer can analyse (at most ${limits.maxVoxelVolumes.toExponential(2)} voxel-volumes and ${limits.maxVolumeVoxels.toExponential(2)} voxels a volume). The header is damaged, or the image is far larger than a resting-state run: check the file.`,
      { file: name, voxelVolumes, maxVoxelVolumes: limits.maxVoxelVolumes, maxVolumeVoxels: limits.maxVolumeVoxels });
  }
}
