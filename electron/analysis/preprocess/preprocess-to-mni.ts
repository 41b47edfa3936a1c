/**
 * The preprocessing pipeline in CONN 17's default order: convert (DICOM) or read (NIfTI) →
 * realign → slice timing (on when the sidecar has SliceTiming) → coregister the mean EPI to the T1
 * (when there is one) → normalize to MNI 2009c (affine; with `nonlinear` and a T1, a B-spline
 * refinement after it, inside the same step) → registration QC (refuses before the long pass) →
 * one resampling pass to the 2 mm MNI grid, written volume by volume into the job's folder with the
 * realignment parameters as rp_bold.txt. The existing denoising (analyze) then runs on those files.
 *
 * Progress is reported per step, weighted by the step's usual share of the time; cancel is checked
 * between steps and inside the long ones (an elastix registration runs in its own thread, which
 * cancel terminates at once).
 */
import { join } from 'node:path';
import { KrpError } from '../../../shared/errors';
import { affineVoxelSizes, multiplyAffine } from '../../../shared/imaging/affine';
import { DEFAULT_MPFC_CENTRE, DEFAULT_PRECUNEUS_CENTRE, DEFAULT_ROI_RADIUS_MM, type AnalysisSettings } from '../../../shared/imaging/analysis-types';
import { framewiseDisplacement } from '../../../shared/imaging/motion';
import type { PreprocessProgress, PreprocessStep, PreprocessingSummary } from '../../../shared/imaging/preprocessing-types';
import { coregisterToT1 } from './coregister';
import { loadBold, loadT1, type ImageInput } from './load-inputs';
import { mniReferences } from './mni-references';
import { openMniSeries, writeMotionParameters } from './mni-series-writer';
import { normalizeEpi, normalizeT1, type NormalizationResult } from './normalize';
import { deformationOnGrid } from './bspline-field';
import { refineT1, type NonlinearRefinement } from './normalize-bspline';
import { realignSeries } from './realign';
import {
  checkRegistration, registrationImage, registrationMetrics, MIN_REGISTRATION_AGREEMENT, MIN_ROI_FOV_COVERAGE, type RoiSphere,
} from './registration-qc';
import { commonFieldOfView, MNI_GRID_2MM, resampleSeries, resampleVolume, samplePositions, samplePositionsThroughField } from './resample';
import { MIN_TISSUE_AGREEMENT } from './tissue-agreement';
import { correctSliceTiming } from './slice-timing';

export interface PreprocessRequest {
  bold: ImageInput;
  t1: ImageInput | null;
  /** The job's folder: the MNI series and rp file are written here (the caller removes them). */
  workDir: string;
  /** The analysis's ROIs (spheres are checked for coverage; mask ROIs use the default spheres for QC). */
  rois: AnalysisSettings['rois'];
  /** 'auto' (default): slice-timing correction when the sidecar has SliceTiming; 'off': never. */
  sliceTiming?: 'auto' | 'off';
  /** B-spline refinement after the affine normalization (default off); applied on the T1 route only. */
  nonlinear?: boolean;
}

export interface PreprocessHooks {
  signal?: AbortSignal;
  onProgress?: (progress: PreprocessProgress) => void;
  /** Receives the registration check image before the QC refusals are applied (so a refusal can be shown). */
  onRegistrationImage?: (png: Buffer) => void;
}

export interface PreprocessOutcome {
  /** Float32 NIfTI on the 2 mm MNI grid (sform code 4). */
  boldPath: string;
  /** SPM rp_*.txt of the realignment parameters. */
  motionPath: string;
  /** PNG: the normalized mean EPI with the template outlines and the ROIs. */
  registrationImage: Buffer;
  summary: PreprocessingSummary;
}

/**
 * Usual share of the time per step (measured on a 64×64×36×240 run; docs/preprocessing.md). With a
 * T1 the elastix work (both head fits and the EPI fit) runs in coregister and the affine
 * normalization is read from it; the optional B-spline refinement is the normalize step's work.
 */
function stepWeights(route: { t1: boolean; nonlinear: boolean }): Record<PreprocessStep, number> {
  const base = { 'convert': 0.05, 'realign': 0.35, 'slice-timing': 0.12, 'registration-qc': 0.03, 'resample': 0.22 };
  if (!route.t1) return { ...base, 'coregister': 0, 'normalize': 0.15 };
  return { ...base, 'coregister': 0.2, 'normalize': route.nonlinear ? 0.5 : 0.02 };
}

function sphereOf(spec: AnalysisSettings['rois']['mpfc'], label: RoiSphere['label'], fallback: [number, number, number]): RoiSphere {
  return spec.kind === 'sphere' ? { label, centreMm: spec.centreMm, radiusMm: spec.radiusMm } : { label, centreMm: fallback, radiusMm: DEFAULT_ROI_RADIUS_MM };
}

export async function preprocessToMni(request: PreprocessRequest, hooks: PreprocessHooks = {}): Promise<PreprocessOutcome> {
  const planned: PreprocessStep[] = ['convert', 'realign', 'slice-timing', ...(request.t1 ? ['coregister' as const] : []), 'normalize', 'registration-qc', 'resample'];
  const WEIGHTS = stepWeights({ t1: request.t1 !== null, nonlinear: request.nonlinear === true });
  const total = planned.reduce((s, step) => s + WEIGHTS[step], 0);
  const startOf = (step: PreprocessStep) => planned.slice(0, planned.indexOf(step)).reduce((s, x) => s + WEIGHTS[x], 0) / total;
  const durations: Partial<Record<PreprocessStep, number>> = {};
  const stepsRun: PreprocessStep[] = [];
  const checkCancel = () => {
    if (hooks.signal?.aborted) throw new KrpError('analysis.cancelled', 'The analysis was cancelled.');
  };
  const run = async <T>(step: PreprocessStep, work: (progress: (f: number) => void) => Promise<T> | T): Promise<T> => {
    checkCancel();
    const started = performance.now();
    const report = (f: number) => hooks.onProgress?.({ step, fraction: Math.min(1, startOf(step) + (WEIGHTS[step] / total) * Math.max(0, Math.min(1, f))) });
    report(0);
    const value = await work(report);
    report(1);
    durations[step] = (performance.now() - started) / 1000;
    stepsRun.push(step);
    return value;
  };
  const signal = hooks.signal;

  const bold = await run('convert', (progress) => loadBold(request.bold, { signal, onProgress: progress }));
  let series = bold.series;
  if (!(series.tr > 0)) {
    throw new KrpError('preprocess.no-tr', 'The BOLD series states no repetition time (TR), so its timing is unknown. Give the DICOM folder, or a NIfTI with its BIDS sidecar (.json) or a TR in its header.');
  }
  const realigned = await run('realign', (progress) => realignSeries(series, { signal, onProgress: progress }));
  let sliceTiming: PreprocessingSummary['sliceTiming'];
  if (request.sliceTiming === 'off') sliceTiming = { applied: false, reason: 'turned off' };
  else if (bold.timing.sliceTiming === null) sliceTiming = { applied: false, reason: 'no SliceTiming in the sidecar' };
  else {
    const timing = bold.timing;
    series = await run('slice-timing', () => correctSliceTiming(series, timing, { signal, sliceEncodingDirection: bold.sliceEncodingDirection ?? undefined }));
    sliceTiming = { applied: true, reason: `SliceTiming from the ${bold.timingSource === 'dicom' ? 'DICOM' : 'BIDS'} sidecar` };
  }

  // Where MNI lies in the reference EPI's world.
  let mniToEpi: number[];
  let normalization: NormalizationResult;
  // The B-spline refinement, when on, takes most of the normalize step (about a minute).
  let refinement: { result: NonlinearRefinement; seconds: number } | null;
  const nonlinearShare = (f: number) => (request.nonlinear && request.t1 !== null ? 0.25 * f : f);
  const refine = async (work: () => Promise<NonlinearRefinement>) => {
    const started = performance.now();
    const result = await work();
    return { result, seconds: (performance.now() - started) / 1000 };
  };
  let t1Overlap: number | null = null;
  let shiftMm: number | null = null;
  if (request.t1 !== null) {
    const t1Input = request.t1;
    const { t1ToEpi, overlap, shiftMm: shift, t1 } = await run('coregister', async () => {
      const t1 = await loadT1(t1Input, { signal });
      return { ...(await coregisterToT1(realigned.mean, t1, { signal })), t1 };
    });
    t1Overlap = overlap;
    ({ normalization, refinement } = await run('normalize', async (progress) => {
      const found = await normalizeT1(t1, { signal, onProgress: (f) => progress(nonlinearShare(f)) });
      return { normalization: found, refinement: request.nonlinear ? await refine(() => refineT1(t1, found.mniToSubject, { signal })) : null };
    }));
    mniToEpi = multiplyAffine(t1ToEpi, normalization.mniToSubject);
    shiftMm = shift;
  } else {
    // No refinement without a T1: on the real session the B-spline fitted the EPI's own outline to
    // the template's (mean displacement 12 mm, visibly distorted; docs/preprocessing.md, "Nonlinear").
    normalization = await run('normalize', (progress) => normalizeEpi(realigned.mean, { signal, onProgress: progress }));
    refinement = null;
    mniToEpi = normalization.mniToSubject;
  }

  // QC before the long pass: the mean EPI on the MNI grid, the field of view, the refusals.
  const grid = MNI_GRID_2MM;
  const rois = {
    mpfc: sphereOf(request.rois.mpfc, 'mPFC', DEFAULT_MPFC_CENTRE),
    precuneus: sphereOf(request.rois.precuneus, 'precuneus', DEFAULT_PRECUNEUS_CENTRE),
  };
  const source = { dims: series.dims, affine: series.affine };
  const at = refinement === null ? samplePositions(grid, source, mniToEpi)
    : samplePositionsThroughField(grid, source, deformationOnGrid(refinement.result.field, grid).positions, mniToEpi);
  const { fov, metrics, png } = await run('registration-qc', async () => {
    const refs = await mniReferences();
    const fov = commonFieldOfView(at, realigned.toVolume);
    const meanOnMni = resampleVolume(realigned.mean.data, at, null);
    for (let i = 0; i < fov.length; i++) if (!fov[i]) meanOnMni[i] = 0;
    const metrics = registrationMetrics(meanOnMni, fov, grid, refs, rois);
    const png = registrationImage(meanOnMni, grid, refs, rois);
    hooks.onRegistrationImage?.(png);
    checkRegistration(metrics);
    return { fov, metrics, png };
  });

  const boldPath = join(request.workDir, 'bold_mni.nii');
  const motionPath = join(request.workDir, 'rp_bold.txt');
  await run('resample', async (progress) => {
    const writer = await openMniSeries(boldPath, grid, series.volumes.length, series.tr);
    try {
      await resampleSeries(series.volumes, at, {
        referenceToVolumeWorld: realigned.toVolume, fov, signal, onProgress: progress,
        onVolume: (_t, data) => writer.append(data),
      });
    } finally {
      await writer.close().catch(() => undefined);
    }
    await writeMotionParameters(motionPath, realigned.parameters);
  });

  const params = realigned.parameters;
  const fd = framewiseDisplacement({ rows: params.length, cols: 6, data: Float64Array.from(params.flat()) });
  const fdList = Array.from(fd);
  const summary: PreprocessingSummary = {
    input: request.bold.kind,
    stepsRun,
    durationsSeconds: durations,
    volumes: series.volumes.length,
    trSeconds: series.tr,
    nativeGrid: { dims: [...series.dims], voxelMm: affineVoxelSizes(series.affine) },
    sliceTiming,
    realignment: {
      maxTranslationMm: Math.max(...params.map((p) => Math.max(Math.abs(p[0]), Math.abs(p[1]), Math.abs(p[2])))),
      maxRotationDeg: Math.max(...params.map((p) => Math.max(Math.abs(p[3]), Math.abs(p[4]), Math.abs(p[5])))) * 180 / Math.PI,
      meanFdMm: fdList.reduce((s, v) => s + v, 0) / Math.max(1, fdList.length),
      maxFdMm: Math.max(0, ...fdList),
    },
    registration: {
      via: normalization.via,
      agreement: metrics.agreement,
      agreementThreshold: MIN_REGISTRATION_AGREEMENT,
      tissueAgreement: Number.isFinite(metrics.tissueAgreement) ? metrics.tissueAgreement : null,
      tissueAgreementThreshold: MIN_TISSUE_AGREEMENT,
      nonlinearRequested: request.nonlinear === true,
      nonlinear: refinement === null ? null : {
        meanDisplacementMm: refinement.result.meanDisplacementMm, maxDisplacementMm: refinement.result.maxDisplacementMm, seconds: refinement.seconds,
      },
      brainCoverage: metrics.brainCoverage,
      roiCoverage: metrics.roiCoverage,
      roiCoverageThreshold: MIN_ROI_FOV_COVERAGE,
      normalizationAgreement: normalization.agreement,
      t1Overlap,
      coregistrationShiftMm: shiftMm,
    },
    motion: { parameters: params.map((p) => [...p]), fdMm: fdList },
    mniGrid: { dims: [...grid.dims], voxelMm: 2 },
  };
  return { boldPath, motionPath, registrationImage: png, summary };
}
