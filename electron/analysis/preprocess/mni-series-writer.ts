/**
 * Writes the preprocessed MNI-space series for the denoising: an uncompressed float32 NIfTI-1 (sform
 * and qform code 4, MNI_152) appended volume by volume, so the 4D image is never held in memory,
 * and the realignment parameters as SPM's rp_*.txt (the motion regressors).
 */
import { open, writeFile } from 'node:fs/promises';
import { encodeNiftiHeader } from '../nifti/encode-header';
import { formatRealignmentParameters } from '../phantom/write-phantom';
import type { Grid3 } from './resample';
import type { RigidParameters } from './volume';

export interface SeriesWriter {
  /** Appends the next volume (grid-sized float32). */
  append(volume: Float32Array): Promise<void>;
  /** Closes the file; throws when fewer volumes than announced were written. */
  close(): Promise<void>;
}

export async function openMniSeries(path: string, grid: Grid3, volumes: number, trSeconds: number): Promise<SeriesWriter> {
  const header = encodeNiftiHeader({
    dims: [...grid.dims, volumes], affine: [...grid.affine], datatype: 'float32', trSeconds,
    sformCode: 4, qformCode: 4, description: 'KRP preprocessed BOLD (MNI 2 mm)',
  }, { niftiVersion: 1, littleEndian: true });
  const handle = await open(path, 'w');
  let written = 0;
  try {
    await handle.write(header);
  } catch (error) {
    await handle.close();
    throw error;
  }
  return {
    async append(volume) {
      const bytes = new Uint8Array(volume.buffer, volume.byteOffset, volume.byteLength);
      await handle.write(bytes);
      written++;
    },
    async close() {
      await handle.close();
      if (written !== volumes) throw new Error(`openMniSeries: ${written} of ${volumes} volumes written`);
    },
  };
}

/** rp_*.txt text of the realignment parameters (SPM layout, mm and radians). */
export async function writeMotionParameters(path: string, parameters: readonly RigidParameters[]): Promise<void> {
  const data = new Float64Array(parameters.length * 6);
  parameters.forEach((p, t) => data.set(p, t * 6));
  await writeFile(path, formatRealignmentParameters({ rows: parameters.length, cols: 6, data }));
}
