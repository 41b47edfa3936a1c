/**
 * The in-brain voxels of an EPI volume, decided from the image itself (no template is shipped):
 * SPM's "global" idea — the mean of the voxels brighter than one eighth of the overall mean is the
 * typical brain intensity — and a voxel is in the brain when it is finite and at least
 * `fraction` of that (default 0.5: more lenient than SPM's 0.8 analysis threshold, so that the
 * darker ventromedial prefrontal cortex, prone to susceptibility dropout, stays in).
 */
export const DEFAULT_BRAIN_FRACTION = 0.5;

export interface BrainMask {
  mask: Uint8Array;
  /** Voxels in the mask. */
  count: number;
  /** The global (typical in-brain) intensity the threshold came from. */
  globalIntensity: number;
  threshold: number;
}

export function brainMaskFromVolume(volume: ArrayLike<number>, fraction = DEFAULT_BRAIN_FRACTION): BrainMask {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < volume.length; i++) {
    const v = volume[i];
    if (Number.isFinite(v)) { sum += v; n++; }
  }
  const mask = new Uint8Array(volume.length);
  if (n === 0) return { mask, count: 0, globalIntensity: NaN, threshold: NaN };
  const eighth = sum / n / 8;
  let gSum = 0;
  let gN = 0;
  for (let i = 0; i < volume.length; i++) {
    const v = volume[i];
    if (Number.isFinite(v) && v > eighth) { gSum += v; gN++; }
  }
  const globalIntensity = gN > 0 ? gSum / gN : NaN;
  const threshold = fraction * globalIntensity;
  let count = 0;
  if (Number.isFinite(threshold) && globalIntensity > 0) {
    for (let i = 0; i < volume.length; i++) {
      const v = volume[i];
      if (Number.isFinite(v) && v >= threshold) { mask[i] = 1; count++; }
    }
  }
  return { mask, count, globalIntensity, threshold };
}
