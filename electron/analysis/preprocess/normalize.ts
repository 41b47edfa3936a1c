/**
 * Step "normalize": where MNI space lies in the subject's images, as one affine MNI world → subject
 * world (elastix, Mattes mutual information).
 *
 * - With a T1 (normalizeT1): a skull strip first — the MNI head template is registered to the T1
 *   (affine), the dilated MNI brain mask is carried into T1 space and applied, then the MNI brain is
 *   registered to the T1 brain (affine). Measured: without the strip the affine fails (scalp, neck).
 * - Without a T1 (normalizeEpi): the mean EPI onto an EPI-contrast MNI reference made from the
 *   tissue maps — rigid first, then affine from there.
 * Nonlinear (B-spline) refinement is not offered: measured, it did not improve agreement.
 */
import { invertAffine } from '../../../shared/imaging/affine';
import { registerVolumes } from './elastix-runner';
import { mniReferences, type MniReferences } from './mni-references';
import { resampleOnto, samplePositions, resampleVolume } from './resample';
import { brainMaskDice, centreOfMass, coarsen, maskedCorrelation, translation } from './volume-ops';
import type { Volume } from './volume';

export interface NormalizationResult {
  /** MNI world (RAS mm) → subject world (T1 or mean EPI, whichever was registered), 4×4. */
  mniToSubject: number[];
  /** 't1' when the T1 was registered, 'epi' when the mean EPI was. */
  via: 't1' | 'epi';
  /** T1 route: correlation of the normalized T1 with the MNI T1 inside the brain mask; EPI route: Dice of the EPI's brain mask with the MNI brain mask. */
  agreement: number;
}

interface StepOptions { signal?: AbortSignal; onProgress?: (fraction: number) => void }

/** Starting guess (fixed → moving): the translation that lines up the two centres of mass. */
function centresAligned(fixed: Volume, moving: Volume): number[] {
  const a = centreOfMass(fixed);
  const b = centreOfMass(moving);
  return translation([b[0] - a[0], b[1] - a[1], b[2] - a[2]]);
}

/** Correlation of `subject` (through mniToSubject) with `reference` inside the MNI brain mask. */
export function agreementWith(reference: Volume, mask: Volume, subject: Volume, mniToSubject: number[]): number {
  const onMni = resampleOnto(subject, { dims: reference.dims, affine: reference.affine }, mniToSubject, NaN);
  return maskedCorrelation(onMni.data, reference.data, mask.data);
}

/** The T1 with everything outside the (dilated) MNI brain mask set to 0, given T1 world → MNI world. */
export function stripSkull(t1: Volume, t1ToMni: number[], refs: MniReferences): Volume {
  const at = samplePositions({ dims: t1.dims, affine: t1.affine }, { dims: refs.dilatedMask.dims, affine: refs.dilatedMask.affine }, t1ToMni);
  const inMask = resampleVolume(refs.dilatedMask.data, at, null);
  const data = new Float32Array(t1.data.length);
  for (let i = 0; i < data.length; i++) data[i] = inMask[i] > 0.5 ? t1.data[i] : 0;
  return { dims: t1.dims, affine: t1.affine, data };
}

export async function normalizeT1(t1: Volume, options: StepOptions = {}): Promise<NormalizationResult> {
  const refs = await mniReferences();
  const subject = coarsen(t1, 2);
  // 1. MNI head → T1 head (fixed: the T1), rigid, to find the brain in the T1. Rigid cannot stretch
  //    the template along the neck, which an affine fit of whole heads did on the real T1.
  const headFit = await registerVolumes(subject, refs.t1, {
    kind: 'rigid', initial: centresAligned(subject, refs.t1), signal: options.signal,
  });
  options.onProgress?.(0.45);
  const brain = stripSkull(subject, headFit.fixedToMoving, refs);
  // 2. MNI brain → T1 brain (fixed: MNI), affine, starting from the inverse of the head fit.
  const brainFit = await registerVolumes(refs.t1Brain, brain, {
    kind: 'affine', initial: invertAffine(headFit.fixedToMoving), signal: options.signal,
  });
  options.onProgress?.(0.95);
  const mniToSubject = brainFit.fixedToMoving;
  return { mniToSubject, via: 't1', agreement: agreementWith(refs.t1, refs.brainMask, t1, mniToSubject) };
}

export async function normalizeEpi(meanEpi: Volume, options: StepOptions = {}): Promise<NormalizationResult> {
  const refs = await mniReferences();
  const rigid = await registerVolumes(refs.epi, meanEpi, {
    kind: 'rigid', initial: centresAligned(refs.epi, meanEpi), signal: options.signal,
  });
  options.onProgress?.(0.45);
  const affine = await registerVolumes(refs.epi, meanEpi, { kind: 'affine', initial: rigid.fixedToMoving, signal: options.signal });
  options.onProgress?.(0.95);
  const mniToSubject = affine.fixedToMoving;
  const onMni = resampleOnto(meanEpi, { dims: refs.brainMask.dims, affine: refs.brainMask.affine }, mniToSubject, NaN);
  const inside = Uint8Array.from(onMni.data, (v) => (Number.isNaN(v) ? 0 : 1));
  return { mniToSubject, via: 'epi', agreement: brainMaskDice(onMni.data, refs.brainMask.data, inside) };
}
