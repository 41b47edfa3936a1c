/**
 * The in-brain voxels of an EPI volume, decided from the image itself: SPM's "global" idea — the
 * mean of the voxels brighter than one eighth of the overall mean is the typical brain intensity —
 * and a voxel is in the brain when it is finite and at least `fraction` of that (default 0.5: more
 * lenient than SPM's 0.8 analysis threshold, so that the darker ventromedial prefrontal cortex,
 * prone to susceptibility dropout, stays in).
 *
 * Robust to extreme values: both means are taken over values clipped (winsorised) to the 0.5th–
 * 99.5th percentiles of the finite voxels, so a few voxels at 3e38 cannot move the global and empty
 * the mask; and voxels above EXTREME_FACTOR × global (no tissue is a thousand times brighter than
 * brain) are left out of the mask, so that they cannot dominate the global signal.
 */
import { selectInPlace } from './order-statistic';

export const DEFAULT_BRAIN_FRACTION = 0.5;
/** Voxels brighter than this multiple of the global intensity are not brain. */
export const EXTREME_FACTOR = 1000;
const CLIP_PERCENT = 0.5;

export interface BrainMask {
  mask: Uint8Array;
  /** Voxels in the mask. */
  count: number;
  /** The global (typical in-brain) intensity the threshold came from. */
  globalIntensity: number;
  threshold: number;
  /** Finite voxels above the threshold left out as extreme (> EXTREME_FACTOR × global). */
  extremeVoxels: number;
}

/** The p-th and (100 − p)-th percentiles of the finite values (nearest rank on the sorted values). */
function clipRange(volume: ArrayLike<number>): [number, number] | null {
  let n = 0;
  for (let i = 0; i < volume.length; i++) if (Number.isFinite(volume[i])) n++;
  if (n === 0) return null;
  const finite = new Float64Array(n);
  for (let i = 0, j = 0; i < volume.length; i++) if (Number.isFinite(volume[i])) finite[j++] = volume[i];
  const kLo = Math.floor((CLIP_PERCENT / 100) * (n - 1));
  const kHi = Math.ceil((1 - CLIP_PERCENT / 100) * (n - 1));
  const lo = selectInPlace(finite, kLo);
  // After the first selection everything beyond kLo is ≥ lo, so the second looks only there.
  const hi = kHi > kLo ? selectInPlace(finite, kHi, kLo + 1) : lo;
  return [lo, hi];
}

export function brainMaskFromVolume(volume: ArrayLike<number>, fraction = DEFAULT_BRAIN_FRACTION): BrainMask {
  const mask = new Uint8Array(volume.length);
  const range = clipRange(volume);
  if (range === null) return { mask, count: 0, globalIntensity: NaN, threshold: NaN, extremeVoxels: 0 };
  const [lo, hi] = range;
  const clip = (v: number) => (v < lo ? lo : v > hi ? hi : v);
  let sum = 0;
  let n = 0;
  for (let i = 0; i < volume.length; i++) {
    const v = volume[i];
    if (Number.isFinite(v)) { sum += clip(v); n++; }
  }
  const eighth = sum / n / 8;
  let gSum = 0;
  let gN = 0;
  for (let i = 0; i < volume.length; i++) {
    const v = volume[i];
    if (Number.isFinite(v) && v > eighth) { gSum += clip(v); gN++; }
  }
  const globalIntensity = gN > 0 ? gSum / gN : NaN;
  const threshold = fraction * globalIntensity;
  const ceiling = EXTREME_FACTOR * globalIntensity;
  let count = 0;
  let extremeVoxels = 0;
  if (Number.isFinite(threshold) && globalIntensity > 0) {
    for (let i = 0; i < volume.length; i++) {
      const v = volume[i];
      if (!Number.isFinite(v) || v < threshold) continue;
      if (v > ceiling) { extremeVoxels++; continue; }
      mask[i] = 1;
      count++;
    }
  }
  return { mask, count, globalIntensity, threshold, extremeVoxels };
}
