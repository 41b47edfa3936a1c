/**
 * Where MNI lies in a T1, and the T1's brain: the MNI head template is registered to the T1's 2 mm
 * copy — rigid from the centres of mass, then affine from there (fixed: the MNI head, whose box the
 * T1's field of view holds, so the T1's neck never enters the samples) — and the dilated MNI brain
 * mask is carried into the T1 through that affine, everything outside it set to 0.
 *
 * Normalization uses the affine; coregistration registers the mean EPI to the stripped brain (rigid):
 * the scalp, bright in a T1 and dark in a fat-suppressed EPI, pulled a whole-head coregistration
 * 1.3 mm off on the phantom. An affine of the MNI *brain* to this stripped brain (the former second
 * step) was measured worse on the real session: both images then end at mask edges, the fit matched
 * the tight brain mask to the dilated one (scale +15 %, the mPFC 33 mm off; tissue contrast of the
 * normalized T1 WM/GM 1.22 against 1.51 for the whole-head affine).
 *
 * The mask is carried through the affine, not the rigid fit: this subject's head is ~10 % smaller
 * than MNI, and a rigid-placed mask left a rim of scalp in (the precuneus moved 9.6 mm).
 *
 * Made once per T1 (cached on the T1 object for as long as it lives), so the pipeline's two steps
 * share one fit (with a T1 the elastix work runs in the coregister step, normalize reuses it); a
 * failed or cancelled fit is not kept.
 */
import { invertAffine } from '../../../shared/imaging/affine';
import { registerVolumes } from './elastix-runner';
import { mniReferences, type MniReferences } from './mni-references';
import { resampleVolume, samplePositions } from './resample';
import { centreOfMass, coarsen, translation } from './volume-ops';
import type { Volume } from './volume';

export interface StrippedT1 {
  /** The T1 on a grid of voxels ≥ 2 mm (same world, same field of view). */
  subject: Volume;
  /** T1 world → MNI world (RAS mm) from the rigid head fit. */
  t1ToMni: number[];
  /** MNI world → T1 world (RAS mm) from the affine head fit: the normalization. */
  mniToT1: number[];
  /** `subject` with 0 outside the dilated MNI brain mask. */
  brain: Volume;
}

/** Starting guess (fixed → moving): the translation that lines up the two centres of mass. */
export function centresAligned(fixed: Volume, moving: Volume): number[] {
  const a = centreOfMass(fixed);
  const b = centreOfMass(moving);
  return translation([b[0] - a[0], b[1] - a[1], b[2] - a[2]]);
}

/** The T1 with everything outside the (dilated) MNI brain mask set to 0, given T1 world → MNI world. */
export function stripSkull(t1: Volume, t1ToMni: number[], refs: MniReferences): Volume {
  const at = samplePositions({ dims: t1.dims, affine: t1.affine }, { dims: refs.dilatedMask.dims, affine: refs.dilatedMask.affine }, t1ToMni);
  const inMask = resampleVolume(refs.dilatedMask.data, at, null);
  const data = new Float32Array(t1.data.length);
  for (let i = 0; i < data.length; i++) data[i] = inMask[i] > 0.5 ? t1.data[i] : 0;
  return { dims: t1.dims, affine: t1.affine, data };
}

const made = new WeakMap<Volume, Promise<StrippedT1>>();

async function strip(t1: Volume, signal?: AbortSignal): Promise<StrippedT1> {
  const refs = await mniReferences();
  const subject = coarsen(t1, 2);
  // MNI head → T1 head (fixed: the T1), rigid: rigid cannot stretch the template along the neck,
  // which an affine fit of whole heads did on the real T1.
  const headFit = await registerVolumes(subject, refs.t1, { kind: 'rigid', initial: centresAligned(subject, refs.t1), signal });
  const affine = await registerVolumes(refs.t1, subject, { kind: 'affine', initial: invertAffine(headFit.fixedToMoving), signal });
  const mniToT1 = affine.fixedToMoving;
  return { subject, t1ToMni: headFit.fixedToMoving, mniToT1, brain: stripSkull(subject, invertAffine(mniToT1), refs) };
}

/** The skull-stripped T1 (made on first call for this T1 object, then shared). */
export function skullStrippedT1(t1: Volume, options: { signal?: AbortSignal } = {}): Promise<StrippedT1> {
  const known = made.get(t1);
  if (known) return known;
  const making = strip(t1, options.signal);
  made.set(t1, making);
  making.catch(() => { if (made.get(t1) === making) made.delete(t1); });
  return making;
}
