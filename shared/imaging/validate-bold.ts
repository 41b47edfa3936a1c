/**
 * validateBoldHeader: is this header a usable resting-state BOLD series, and which TR to use.
 * Pure (no Node, no DOM).
 */
import { KrpError } from '../errors';
import type { NiftiHeaderSummary } from './nifti-header';

/** Fewest volumes for a connectivity estimate (after nothing is dropped). */
export const MIN_BOLD_VOLUMES = 20;
/** Plausible repetition times, seconds: outside this a value is almost surely in the wrong unit. */
export const TR_RANGE_SECONDS: readonly [number, number] = [0.1, 30];

export interface ValidateBoldOptions {
  /** TR in seconds entered by the user; overrides the header's. null/undefined: use the header. */
  trOverride?: number | null;
}

/**
 * Checks a 4D BOLD header and returns the repetition time to use, in seconds (the override when
 * given, else the header's). Throws KrpError: nifti.single-volume, nifti.too-few-volumes,
 * nifti.bad-voxel-size, nifti.no-tr, nifti.implausible-tr.
 */
export function validateBoldHeader(h: NiftiHeaderSummary, options: ValidateBoldOptions = {}): number {
  const [nx, ny, nz, nt] = h.dims;
  if (h.ndim < 4 || nt <= 1) {
    throw new KrpError('nifti.single-volume',
      `This is a single volume (a 3D image of ${nx}×${ny}×${nz} voxels); bring the 4D resting-state series (one file holding all the volumes).`,
      { dims: `${nx}x${ny}x${nz}x${nt}` });
  }
  if (nt < MIN_BOLD_VOLUMES) {
    throw new KrpError('nifti.too-few-volumes',
      `The series has only ${nt} volumes; at least ${MIN_BOLD_VOLUMES} are needed to estimate connectivity. Bring the complete resting-state run.`,
      { volumes: nt, minimum: MIN_BOLD_VOLUMES });
  }
  if (h.voxelSizeMm.some((s) => !Number.isFinite(s) || s <= 0)) {
    throw new KrpError('nifti.bad-voxel-size',
      `The header gives voxel sizes of ${h.voxelSizeMm.join(' × ')} mm; they must be positive. The file's header is damaged: export the image again.`,
      { voxelSizes: h.voxelSizeMm.join('x') });
  }
  const [lo, hi] = TR_RANGE_SECONDS;
  const override = options.trOverride;
  if (override !== null && override !== undefined) {
    if (!Number.isFinite(override) || override < lo || override > hi) {
      const hint = override > hi && override <= hi * 1000 ? ` (did you enter milliseconds? ${override} ms is ${override / 1000} s)` : '';
      throw new KrpError('nifti.implausible-tr',
        `A repetition time of ${override} s is not plausible${hint}: enter the repetition time in seconds, between ${lo} and ${hi}.`,
        { tr: override });
    }
    return override;
  }
  const tr = h.trSeconds;
  if (tr === null) {
    throw new KrpError('nifti.no-tr',
      'The image header gives no repetition time (TR): enter the repetition time in seconds, from the scan protocol.');
  }
  if (!(tr >= lo && tr <= hi)) {
    throw new KrpError('nifti.implausible-tr',
      `The image header gives a repetition time of ${tr} s, which is not plausible (the unit is probably wrong): enter the repetition time in seconds, from the scan protocol.`,
      { tr });
  }
  return tr;
}
