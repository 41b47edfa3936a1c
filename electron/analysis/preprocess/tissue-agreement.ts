/**
 * A finer agreement measure of the normalized mean EPI with the MNI template, for the physician's
 * registration check: the correlation ratio η² of the EPI's intensity with the template's tissue
 * classes — grey matter, white matter, CSF (the most probable class inside the MNI brain mask) and a
 * fourth class, the band just outside the brain (dilated brain mask minus the brain mask) — counted
 * inside the EPI's field of view.
 *
 * η² = 1 − Σ_c Σ_{i∈c} (x_i − mean_c)² / Σ_i (x_i − mean)²: the share of the EPI's intensity
 * variance that the template's classes explain (0…1). It needs no assumption about EPI contrast
 * (which class is brighter varies with TR). A misregistration mixes the classes, so η² falls: on
 * the real session 0.17 → 0.09 at 6 mm off left-right, → 0.05 at 10 mm; Dice of brain masks moved
 * only 0.88 → 0.86 (docs/preprocessing.md, "Agreement").
 */
import type { MniReferences } from './mni-references';
import { resampleOnto, type Grid3 } from './resample';

/** Below this the registration check flags the registration for a look (not a refusal): measured, see the docs. */
export const MIN_TISSUE_AGREEMENT = 0.1;

/** Class of each voxel of `grid`: 0 grey, 1 white, 2 CSF (inside the brain mask), 3 just outside the brain, −1 none. */
export function tissueClasses(refs: MniReferences, grid: Grid3): Int8Array {
  const identity = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];
  const on = (v: MniReferences['brainMask']) => resampleOnto(v, grid, identity).data;
  const brain = on(refs.brainMask);
  const dilated = on(refs.dilatedMask);
  const grey = on(refs.grey);
  const white = on(refs.white);
  const csf = on(refs.csf);
  const classes = new Int8Array(brain.length).fill(-1);
  for (let i = 0; i < brain.length; i++) {
    if (brain[i] >= 0.5) {
      const best = Math.max(grey[i], white[i], csf[i]);
      if (best > 0) classes[i] = grey[i] === best ? 0 : white[i] === best ? 1 : 2;
    } else if (dilated[i] > 0.5) {
      classes[i] = 3;
    }
  }
  return classes;
}

/** Correlation ratio η² of `image` with `classes` (0…count−1; −1 ignored) where `within` is set; NaN when undefined. */
export function correlationRatio(image: ArrayLike<number>, classes: Int8Array, count: number, within: ArrayLike<number> | null): number {
  const sum = new Float64Array(count);
  const squares = new Float64Array(count);
  const n = new Float64Array(count);
  let total = 0, totalSquares = 0, all = 0;
  for (let i = 0; i < classes.length; i++) {
    const c = classes[i];
    if (c < 0 || c >= count || (within !== null && !within[i])) continue;
    const x = image[i];
    if (!Number.isFinite(x)) continue;
    sum[c] += x; squares[c] += x * x; n[c]++;
    total += x; totalSquares += x * x; all++;
  }
  const variance = totalSquares - (total * total) / all;
  if (!(all > 1 && variance > 0)) return NaN;
  let inside = 0;
  for (let c = 0; c < count; c++) if (n[c] > 0) inside += squares[c] - (sum[c] * sum[c]) / n[c];
  return Math.max(0, Math.min(1, 1 - inside / variance));
}

/** η² of the normalized mean EPI (on `grid`, zero outside `fov`) with the MNI tissue classes. */
export function tissueAgreement(meanOnMni: Float32Array, fov: Uint8Array, grid: Grid3, refs: MniReferences): number {
  return correlationRatio(meanOnMni, tissueClasses(refs, grid), 4, fov);
}
