/**
 * readNiftiImage: a whole (small) NIfTI image as scaled float32 values — for 3D masks, templates and
 * tests. 4D series for analysis go through streamVolumes instead.
 */
import type { NiftiHeaderSummary } from '../../../shared/imaging/nifti-header';
import { volumeToFloat32 } from './convert-voxels';
import { readNiftiHeader } from './read-header';
import { streamVolumes } from './stream-volumes';

export interface NiftiImage {
  header: NiftiHeaderSummary;
  /** nx·ny·nz·nt values (x fastest, then y, z, t), scl_slope/scl_inter applied. */
  data: Float32Array;
}

/** Reads header and all voxels of `path` (.nii or .nii.gz); errors as readNiftiHeader and streamVolumes. */
export async function readNiftiImage(path: string, options: { signal?: AbortSignal } = {}): Promise<NiftiImage> {
  const header = await readNiftiHeader(path);
  const [nx, ny, nz, nt] = header.dims;
  const perVolume = nx * ny * nz;
  const data = new Float32Array(perVolume * nt);
  await streamVolumes(path, header, {
    signal: options.signal,
    onVolume: (t, bytes) => volumeToFloat32(bytes, header, data.subarray(t * perVolume, (t + 1) * perVolume)),
  });
  return { header, data };
}
