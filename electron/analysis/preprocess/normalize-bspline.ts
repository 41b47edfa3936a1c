/**
 * Optional step after the affine normalization (a setting, off by default): a B-spline refinement
 * with elastix. The subject image is first resampled onto a 2 mm MNI grid through the affine found
 * (so the search starts from it), then elastix finds a B-spline transform T with fixed = the MNI
 * reference and moving = that resampled image. MNI point p then maps to the subject at
 * mniToSubject · T(p); the resampling pass uses T on the 2 mm MNI grid (a deformation field) before
 * the rest of the (affine/rigid) chain.
 *
 * - T1 route: fixed = the MNI T1 brain, moving = the T1 through the affine, masked with the dilated
 *   MNI brain mask (the same skull strip the affine step used).
 * - EPI route (refineEpi): fixed = the EPI-contrast MNI reference, moving = the mean EPI through
 *   the affine. Measured only: the pipeline does not use it — on the real session it stretched the
 *   EPI onto the reference (12 mm mean displacement, visibly distorted).
 * The control-point spacing (final 20 mm, from 80 mm) and the iterations are kept modest: the
 * registration takes about a minute of one core (docs/preprocessing.md, "Nonlinear").
 */
import { KrpError } from '../../../shared/errors';
import { parameterMap, toItkImage } from './elastix-runner';
import { runElastix } from './elastix-thread';
import { bsplineFromParameterMap, deformationOnGrid, type BsplineField } from './bspline-field';
import { mniReferences } from './mni-references';
import { resampleOnto, type Grid3 } from './resample';
import { coarsen } from './volume-ops';
import type { Volume } from './volume';

/** Final control-point spacing (mm) and the schedule's multiples of it, coarse to fine. */
export const BSPLINE_FINAL_SPACING_MM = 20;
const SPACING_SCHEDULE = [4, 2, 1];
const ITERATIONS_PER_LEVEL = 300;
const SAMPLES = 4096;

export interface NonlinearRefinement {
  field: BsplineField;
  /** Mean and largest displacement (mm) of the refinement over the 2 mm MNI grid (for the record). */
  meanDisplacementMm: number;
  maxDisplacementMm: number;
}

export interface RefineOptions {
  signal?: AbortSignal;
  onStarted?: () => void;
  /** Final control-point spacing (mm); default BSPLINE_FINAL_SPACING_MM. */
  finalSpacingMm?: number;
  iterations?: number;
}

/** The elastix parameter map of the refinement. */
export function bsplineParameterMap(options: RefineOptions = {}): Record<string, string[]> {
  const base = parameterMap({ kind: 'affine', resolutions: SPACING_SCHEDULE.length, iterations: options.iterations ?? ITERATIONS_PER_LEVEL, samples: SAMPLES });
  const schedule = SPACING_SCHEDULE.flatMap((f) => [String(f), String(f), String(f)]);
  return {
    ...base,
    Transform: ['BSplineTransform'],
    BSplineTransformSplineOrder: ['3'],
    FinalGridSpacingInPhysicalUnits: [String(options.finalSpacingMm ?? BSPLINE_FINAL_SPACING_MM)],
    GridSpacingSchedule: schedule,
    HowToCombineTransforms: ['Compose'],
    AutomaticScalesEstimation: ['false'],
    AutomaticTransformInitialization: ['false'],
  };
}

/** Finds the B-spline refinement of `moving` (already on `fixed`'s grid through the affine) to `fixed`. */
export async function refineOnMniGrid(fixed: Volume, moving: Volume, options: RefineOptions = {}): Promise<NonlinearRefinement> {
  if (options.signal?.aborted) throw new KrpError('analysis.cancelled', 'The analysis was cancelled.');
  const args = ['0', '0', '1', '2', '--memory-io', '--fixed', '1', '--moving', '2'];
  const produced = await runElastix({ maps: [bsplineParameterMap(options)], fixed: toItkImage(fixed), moving: toItkImage(moving), args }, options.signal, options.onStarted);
  if (produced.returnValue !== 0 || !produced.maps || produced.maps.length === 0) {
    throw new KrpError('registration.failed', `The nonlinear refinement failed: ${produced.stderr.trim().split('\n').slice(-2).join(' ') || `exit code ${produced.returnValue}`}. Turn the nonlinear refinement off in the settings and analyse again.`);
  }
  const field = bsplineFromParameterMap(produced.maps[produced.maps.length - 1]);
  const { meanMm, maxMm } = deformationOnGrid(field, { dims: fixed.dims, affine: fixed.affine });
  if (!Number.isFinite(maxMm)) throw new KrpError('registration.failed', 'The nonlinear refinement diverged. Turn it off in the settings and analyse again.');
  return { field, meanDisplacementMm: meanMm, maxDisplacementMm: maxMm };
}

/** T1 route: refines MNI → T1 (mniToT1 from normalizeT1). */
export async function refineT1(t1: Volume, mniToT1: number[], options: RefineOptions = {}): Promise<NonlinearRefinement> {
  const refs = await mniReferences();
  const fixed = coarsen(refs.t1Brain, 2);
  const grid: Grid3 = { dims: fixed.dims, affine: fixed.affine };
  const moving = resampleOnto(t1, grid, mniToT1);
  const mask = resampleOnto(refs.dilatedMask, grid, [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]);
  for (let i = 0; i < moving.data.length; i++) if (!(mask.data[i] > 0.5)) moving.data[i] = 0;
  return refineOnMniGrid(fixed, moving, options);
}

/** EPI route: refines MNI → mean EPI (mniToEpi from normalizeEpi). */
export async function refineEpi(meanEpi: Volume, mniToEpi: number[], options: RefineOptions = {}): Promise<NonlinearRefinement> {
  const refs = await mniReferences();
  const fixed = coarsen(refs.epi, 2);
  const moving = resampleOnto(meanEpi, { dims: fixed.dims, affine: fixed.affine }, mniToEpi);
  return refineOnMniGrid(fixed, moving, options);
}
