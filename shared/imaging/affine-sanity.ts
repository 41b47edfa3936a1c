/**
 * Is a voxel→mm affine one a scanner or a normalisation could have written? Finite; every voxel
 * edge 0.1–50 mm long (real downsampled test data has 25 mm); not singular nor so sheared that a voxel is flat (its volume at least 1 %
 * of the product of its edges); origin within 10 m. Anything else is a damaged header, and would
 * make geometry (ROI spheres, resampling) meaningless or endless. Pure.
 */
import type { Affine } from './nifti-header';

export const VOXEL_SIZE_RANGE_MM: readonly [number, number] = [0.1, 50];
const MAX_ORIGIN_MM = 10_000;
const MIN_VOLUME_FRACTION = 0.01;

/** Why `m` is implausible (a short English phrase), or null when it is plausible. */
export function affineProblem(m: Affine): string | null {
  if (m.length !== 16 || m.some((v) => !Number.isFinite(v))) return 'it contains values that are not finite numbers';
  const edges = [0, 1, 2].map((c) => Math.hypot(m[c], m[4 + c], m[8 + c]));
  const [lo, hi] = VOXEL_SIZE_RANGE_MM;
  if (edges.some((e) => !(e >= lo && e <= hi))) {
    return `its voxel sizes are ${edges.map((e) => Number(e.toPrecision(3))).join(' × ')} mm (plausible: ${lo}–${hi} mm)`;
  }
  const det = m[0] * (m[5] * m[10] - m[6] * m[9]) - m[1] * (m[4] * m[10] - m[6] * m[8]) + m[2] * (m[4] * m[9] - m[5] * m[8]);
  if (!(Math.abs(det) >= MIN_VOLUME_FRACTION * edges[0] * edges[1] * edges[2])) return 'it is singular or extremely sheared';
  if ([m[3], m[7], m[11]].some((t) => Math.abs(t) > MAX_ORIGIN_MM)) return `its origin lies more than ${MAX_ORIGIN_MM / 1000} m away`;
  if (m[12] !== 0 || m[13] !== 0 || m[14] !== 0 || m[15] !== 1) return 'its last row is not 0 0 0 1';
  return null;
}
