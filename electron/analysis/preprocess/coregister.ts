/**
 * Step "coregister": the mean EPI onto the same session's skull-stripped T1 — rigid, Mattes mutual
 * information (elastix), starting from the scanner coordinates both images share. The EPI is the
 * fixed image (its samples all lie in its own field of view, inside the T1's); the T1 is stripped
 * first (skull-strip.ts, whose head fit normalization reuses): with the scalp left in, bright in
 * the T1 and dark in a fat-suppressed EPI, the fit was pulled 1.3 mm off on the phantom, and on the
 * real session it put the mPFC centre 9.9 mm (mostly vertically) from where the stripped fit puts it
 * — the "EPI sits ~5 mm high" of the check image.
 *
 * Refused before registering when the T1 does not cover the EPI (registration.t1-no-overlap), and
 * after, when the result moved the EPI further than a head moves within a session
 * (registration.diverged).
 */
import { KrpError } from '../../../shared/errors';
import { invertAffine } from '../../../shared/imaging/affine';
import { registerVolumes } from './elastix-runner';
import { skullStrippedT1 } from './skull-strip';
import { fractionInside } from './volume-ops';
import type { Volume } from './volume';

/** Least fraction of the EPI's voxel centres that must lie inside the T1's field of view. */
export const MIN_T1_OVERLAP = 0.5;
/** Largest plausible displacement (mm, anywhere in a 10 cm ball) between the EPI and the T1 of one session. */
export const MAX_SESSION_SHIFT_MM = 40;

export interface CoregistrationResult {
  /** T1 world (RAS mm) → mean-EPI world, 4×4. */
  t1ToEpi: number[];
  /** Fraction of EPI voxel centres inside the T1's field of view before registration. */
  overlap: number;
  /** Largest displacement the registration applied within 100 mm of the EPI's centre (mm). */
  shiftMm: number;
}

/** Largest displacement of `m` over the corners of a 100 mm cube around `centre`. */
export function largestShift(m: number[], centre: readonly number[]): number {
  let worst = 0;
  for (const dx of [-50, 50]) for (const dy of [-50, 50]) for (const dz of [-50, 50]) {
    const p = [centre[0] + dx, centre[1] + dy, centre[2] + dz];
    const q = [0, 1, 2].map((r) => m[r * 4] * p[0] + m[r * 4 + 1] * p[1] + m[r * 4 + 2] * p[2] + m[r * 4 + 3]);
    worst = Math.max(worst, Math.hypot(q[0] - p[0], q[1] - p[1], q[2] - p[2]));
  }
  return worst;
}

function gridCentre(v: Volume): number[] {
  const c = [(v.dims[0] - 1) / 2, (v.dims[1] - 1) / 2, (v.dims[2] - 1) / 2];
  return [0, 1, 2].map((r) => v.affine[r * 4] * c[0] + v.affine[r * 4 + 1] * c[1] + v.affine[r * 4 + 2] * c[2] + v.affine[r * 4 + 3]);
}

export async function coregisterToT1(meanEpi: Volume, t1: Volume, options: { signal?: AbortSignal } = {}): Promise<CoregistrationResult> {
  const identity = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];
  const overlap = fractionInside(meanEpi, t1, identity);
  if (overlap < MIN_T1_OVERLAP) {
    throw new KrpError('registration.t1-no-overlap',
      `The T1 structural covers only ${Math.round(overlap * 100)} % of the EPI's field of view (at least ${MIN_T1_OVERLAP * 100} % is needed), so it is not the same session's scan of this head. Choose the T1 acquired with this resting-state run, or analyse without a T1.`,
      { overlapPercent: Math.round(overlap * 100) });
  }
  const { brain } = await skullStrippedT1(t1, { signal: options.signal });
  const { fixedToMoving: epiToT1 } = await registerVolumes(meanEpi, brain, { kind: 'rigid', signal: options.signal });
  const shiftMm = largestShift(epiToT1, gridCentre(meanEpi));
  if (shiftMm > MAX_SESSION_SHIFT_MM) {
    throw new KrpError('registration.diverged',
      `Aligning the EPI to the T1 moved it by up to ${shiftMm.toFixed(0)} mm, more than a head moves within one session (${MAX_SESSION_SHIFT_MM} mm): the registration failed. Check that the T1 belongs to this session, or analyse without a T1.`,
      { step: 'coregister', shiftMm: Math.round(shiftMm) });
  }
  return { t1ToEpi: invertAffine(epiToT1), overlap, shiftMm };
}
