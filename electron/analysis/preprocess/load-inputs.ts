/**
 * The inputs of preprocessing as in-memory images: the BOLD series (a chosen DICOM series converted
 * with dcm2niix, or a native-space 4D NIfTI with its BIDS sidecar when there is one) and the
 * optional T1 (DICOM series or NIfTI). Sizes are checked before anything is allocated.
 */
import { existsSync } from 'node:fs';
import { KrpError } from '../../../shared/errors';
import type { NiftiHeaderSummary } from '../../../shared/imaging/nifti-header';
import { readNiftiHeader } from '../nifti/read-header';
import { readNiftiImage } from '../nifti/read-image';
import { readBoundedText } from '../input/bounded-text';
import { convertDicomSeries, timingFromSidecar } from './convert-dicom';
import type { BoldTiming, Series, Volume } from './volume';

export type ImageInput = { kind: 'nifti'; path: string } | { kind: 'dicom'; files: string[] };

/** Largest BOLD series preprocessing holds in memory (float32 voxels × volumes). */
export const MAX_BOLD_VOXELS = 160 * 1024 * 1024; // 640 MB as float32
/** Largest T1 (voxels). */
export const MAX_T1_VOXELS = 64 * 1024 * 1024;
/** Fewest volumes a resting-state run can be analysed with. */
export const MIN_BOLD_VOLUMES = 20;

export interface LoadedBold {
  series: Series;
  timing: BoldTiming;
  /** Where the timing came from: the DICOM sidecar, a BIDS JSON beside the NIfTI, or the header only. */
  timingSource: 'dicom' | 'bids-sidecar' | 'header';
  sliceEncodingDirection: string | null;
}

function orientationOf(header: NiftiHeaderSummary, what: string): number[] {
  if (header.affine === null) {
    throw new KrpError('preprocess.no-orientation', `The ${what} has no orientation (sform and qform codes are 0), so it cannot be placed in the head or normalized. Convert it again from the scanner's DICOM, or give the DICOM folder.`);
  }
  return [...header.affine];
}

/** Larger than any BIDS sidecar (a few KB; SliceTiming for hundreds of slices stays far below). */
const MAX_SIDECAR_BYTES = 4 * 1024 * 1024;

/** The BIDS sidecar beside a NIfTI, read with a size bound; null when absent, not a regular file, too large or not a JSON object. */
async function sidecarBeside(path: string): Promise<Record<string, unknown> | null> {
  const json = path.replace(/\.nii(\.gz)?$/i, '.json');
  if (json === path || !existsSync(json)) return null;
  try {
    const read = await readBoundedText(json, MAX_SIDECAR_BYTES);
    if (read.kind !== 'text') return null;
    const parsed: unknown = JSON.parse(read.text);
    return typeof parsed === 'object' && parsed !== null ? parsed as Record<string, unknown> : null;
  } catch {
    return null;
  }
}

function checkVolumes(volumes: number): void {
  if (volumes < MIN_BOLD_VOLUMES) {
    throw new KrpError('preprocess.too-few-volumes', `The BOLD series has ${volumes} volume${volumes === 1 ? '' : 's'}; at least ${MIN_BOLD_VOLUMES} are needed for a connectivity estimate. Choose the resting-state run, not a localizer or a single volume.`,
      { volumes, minimum: MIN_BOLD_VOLUMES });
  }
}

export async function loadBold(input: ImageInput, options: { signal?: AbortSignal; onProgress?: (f: number) => void } = {}): Promise<LoadedBold> {
  if (input.kind === 'dicom') {
    const converted = await convertDicomSeries(input.files, options);
    checkVolumes(converted.series.volumes.length);
    const direction = converted.sidecar.SliceEncodingDirection;
    return { series: converted.series, timing: converted.timing, timingSource: 'dicom', sliceEncodingDirection: typeof direction === 'string' ? direction : null };
  }
  const header = await readNiftiHeader(input.path);
  const affine = orientationOf(header, 'BOLD image');
  const [nx, ny, nz, nt] = header.dims;
  checkVolumes(nt);
  if (nx * ny * nz * nt > MAX_BOLD_VOXELS) {
    throw new KrpError('preprocess.too-large', `The BOLD image has ${nx}×${ny}×${nz}×${nt} voxels, more than preprocessing can hold in memory (${MAX_BOLD_VOXELS / 1048576} Mi). Crop or split the run.`, { voxels: nx * ny * nz * nt });
  }
  const image = await readNiftiImage(input.path, { signal: options.signal });
  const per = nx * ny * nz;
  const volumes: Float32Array[] = [];
  for (let t = 0; t < nt; t++) volumes.push(image.data.subarray(t * per, (t + 1) * per));
  const sidecar = await sidecarBeside(input.path);
  const headerTr = header.trSeconds !== null && header.trSeconds > 0 ? header.trSeconds : null;
  const timing: BoldTiming = sidecar !== null ? timingFromSidecar(sidecar, nz, headerTr)
    : { repetitionTime: headerTr ?? NaN, sliceTiming: null, phaseEncodingDirection: null };
  const direction = sidecar?.SliceEncodingDirection;
  options.onProgress?.(1);
  return {
    series: { dims: [nx, ny, nz], affine, volumes, tr: timing.repetitionTime },
    timing, timingSource: sidecar !== null ? 'bids-sidecar' : 'header', sliceEncodingDirection: typeof direction === 'string' ? direction : null,
  };
}

export async function loadT1(input: ImageInput, options: { signal?: AbortSignal } = {}): Promise<Volume> {
  if (input.kind === 'dicom') return (await convertDicomSeries(input.files, options)).volume;
  const header = await readNiftiHeader(input.path);
  const affine = orientationOf(header, 'T1 image');
  const [nx, ny, nz] = header.dims;
  if (nx * ny * nz > MAX_T1_VOXELS) {
    throw new KrpError('preprocess.too-large', `The T1 image has ${nx}×${ny}×${nz} voxels, more than preprocessing accepts (${MAX_T1_VOXELS / 1048576} Mi).`, { voxels: nx * ny * nz });
  }
  if ((header.dims[3] ?? 1) > 1 && header.dims.length > 3) {
    // A 4D file: use its first volume only if it is a single structural; a BOLD run is not a T1.
    if (header.dims[3] > 2) throw new KrpError('preprocess.t1-is-4d', `The file given as T1 has ${header.dims[3]} volumes: it looks like a functional run, not a T1 structural. Choose the T1-weighted image.`);
  }
  const image = await readNiftiImage(input.path, { signal: options.signal });
  return { dims: [nx, ny, nz], affine, data: image.data.subarray(0, nx * ny * nz) };
}
