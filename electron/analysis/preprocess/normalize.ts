/**
 * Step "normalize": where MNI space lies in the subject's images, as one affine MNI world → subject
 * world (elastix, Mattes mutual information).
 *
 * - With a T1 (normalizeT1): the MNI head template registered to the T1, rigid then affine, the
 *   MNI head fixed (skull-strip.ts, which also strips the T1 for coregistration).
 * - Without a T1 (normalizeEpi): the mean EPI (fixed) onto an EPI-contrast MNI reference made from
 *   the tissue maps — rigid first, then affine from there.
 * An optional B-spline refinement after the T1 route (a setting, off by default) is normalize-bspline.ts.
 */
import { invertAffine } from '../../../shared/imaging/affine';
import { registerVolumes } from './elastix-runner';
import { mniReferences } from './mni-references';
import { resampleOnto } from './resample';
import { centresAligned, skullStrippedT1 } from './skull-strip';
import { brainMaskDice, maskedCorrelation } from './volume-ops';
import type { Volume } from './volume';

export { stripSkull } from './skull-strip';

export interface NormalizationResult {
  /** MNI world (RAS mm) → subject world (T1 or mean EPI, whichever was registered), 4×4. */
  mniToSubject: number[];
  /** 't1' when the T1 was registered, 'epi' when the mean EPI was. */
  via: 't1' | 'epi';
  /** T1 route: correlation of the normalized T1 with the MNI T1 inside the brain mask; EPI route: Dice of the EPI's brain mask with the MNI brain mask. */
  agreement: number;
}

interface StepOptions { signal?: AbortSignal; onProgress?: (fraction: number) => void }

/** Correlation of `subject` (through mniToSubject) with `reference` inside the MNI brain mask. */
export function agreementWith(reference: Volume, mask: Volume, subject: Volume, mniToSubject: number[]): number {
  const onMni = resampleOnto(subject, { dims: reference.dims, affine: reference.affine }, mniToSubject, NaN);
  return maskedCorrelation(onMni.data, reference.data, mask.data);
}

export async function normalizeT1(t1: Volume, options: StepOptions = {}): Promise<NormalizationResult> {
  const refs = await mniReferences();
  options.onProgress?.(0.05);
  // Shared with coregistration, which usually made it already (skull-strip.ts).
  const { mniToT1 } = await skullStrippedT1(t1, { signal: options.signal });
  options.onProgress?.(0.95);
  return { mniToSubject: mniToT1, via: 't1', agreement: agreementWith(refs.t1, refs.brainMask, t1, mniToT1) };
}

export async function normalizeEpi(meanEpi: Volume, options: StepOptions = {}): Promise<NormalizationResult> {
  const refs = await mniReferences();
  // Fixed: the mean EPI, so that every sample lies inside its field of view. With the reference
  // fixed, samples beyond the EPI's slab met the zero fill of the resampled EPI, and the affine
  // stretched a partial slab to fill the whole brain (real session: 34 % too tall; phantom 1.5 mm).
  const rigid = await registerVolumes(meanEpi, refs.epi, {
    kind: 'rigid', initial: centresAligned(meanEpi, refs.epi), signal: options.signal,
  });
  options.onProgress?.(0.45);
  const affine = await registerVolumes(meanEpi, refs.epi, { kind: 'affine', initial: rigid.fixedToMoving, signal: options.signal });
  options.onProgress?.(0.95);
  const mniToSubject = invertAffine(affine.fixedToMoving);
  const onMni = resampleOnto(meanEpi, { dims: refs.brainMask.dims, affine: refs.brainMask.affine }, mniToSubject, NaN);
  const inside = Uint8Array.from(onMni.data, (v) => (Number.isNaN(v) ? 0 : 1));
  return { mniToSubject, via: 'epi', agreement: brainMaskDice(onMni.data, refs.brainMask.data, inside) };
}
