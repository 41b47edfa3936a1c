/**
 * `krp analyze FILE [options] [--json]`: the connectivity engine from the command line, on the
 * same code path as the app (analyze(), then writeAnalysisOutputs()).
 * Bad input: exit code 1 (2 for a usage error), one clear line on stderr, nothing written.
 */
import { resolve } from 'node:path';
import type { AnalysisResult, AnalysisSettings, RoiSpec, ScrubMode, Vec3 } from '../../../shared/imaging/analysis-types';
import { DEFAULT_ANALYSIS_SETTINGS } from '../../../shared/imaging/analysis-types';
import { isKrpError } from '../../../shared/errors';
import { writeFile } from 'node:fs/promises';
import type { PreprocessingSummary } from '../../../shared/imaging/preprocessing-types';
import type { AnalyzeRequest } from '../../analysis/analyze';
import { runAnalysis, type InputSpec } from '../../analysis/preprocess/run-analysis';
import { writeAnalysisOutputs } from '../../analysis/write-outputs';
import type { CliCommand, CliIo } from '../cli-io';

export const ANALYZE_USAGE = 'usage: krp analyze PATH (DICOM folder/zip or NIfTI) [--t1 PATH] [--series N] [--t1-series N | --no-t1] [--no-preprocess] [--no-slice-timing] [--nonlinear] [--registration-image OUT.png] [--confounds F] [--tr S] [--mpfc X,Y,Z] [--precuneus X,Y,Z] [--radius MM]'
  + ' [--mpfc-mask F] [--precuneus-mask F] [--band LOW,HIGH | --no-bandpass] [--scrub off|intermediate|conservative|fd]'
  + ' [--drop N] [--wm-mask F --csf-mask F] [--assume-mni] [--seed-map OUT.nii.gz] [--mean-image OUT.nii.gz] [--tsnr OUT.nii.gz] [--carpet OUT.png] [--json]';

class UsageError extends Error {}

export interface ParsedAnalyzeArgs {
  request: AnalyzeRequest;
  input: InputSpec;
  registrationImagePath: string | null;
  seedMapPath: string | null;
  meanImagePath: string | null;
  /** The QC outputs: tSNR image and carpet plot PNG. */
  tsnrPath: string | null;
  carpetPath: string | null;
  json: boolean;
}

export function parseAnalyzeArgs(args: string[], cwd: string): ParsedAnalyzeArgs {
  const settings: AnalysisSettings = structuredClone(DEFAULT_ANALYSIS_SETTINGS);
  let file: string | null = null;
  let confounds: string | null = null;
  let wm: string | null = null;
  let csf: string | null = null;
  let seedMap: string | null = null;
  let meanImage: string | null = null;
  let tsnr: string | null = null;
  let carpet: string | null = null;
  let json = false;
  let t1: string | null = null;
  let series: number | null = null;
  let t1Series: number | null = null;
  let noT1 = false;
  let noPreprocess = false;
  let sliceTiming: 'auto' | 'off' = 'auto';
  let registrationImage: string | null = null;
  let radius: number | null = null;
  let band: AnalysisSettings['band'] | undefined;
  const centres: { mpfc?: Vec3; precuneus?: Vec3 } = {};
  const masks: { mpfc?: string; precuneus?: string } = {};

  const path = (p: string) => resolve(cwd, p);
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const value = () => {
      const v = args[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${arg} needs a value`);
      return v;
    };
    switch (arg) {
      case '--json': json = true; break;
      case '--t1': t1 = path(value()); break;
      case '--series': {
        const n = Number(value());
        if (!Number.isInteger(n) || n < 0) throw new UsageError('--series needs a DICOM series number (a whole number)');
        series = n;
        break;
      }
      case '--t1-series': {
        const n = Number(value().normalize('NFKC'));
        if (!Number.isInteger(n) || n < 0) throw new UsageError('--t1-series needs a DICOM series number (a whole number)');
        t1Series = n;
        break;
      }
      case '--no-t1': noT1 = true; break;
      case '--no-preprocess': noPreprocess = true; break;
      case '--no-slice-timing': sliceTiming = 'off'; break;
      case '--nonlinear': settings.nonlinearNormalization = true; break;
      case '--registration-image': registrationImage = path(value()); break;
      case '--confounds': confounds = path(value()); break;
      case '--wm-mask': wm = path(value()); break;
      case '--csf-mask': csf = path(value()); break;
      case '--seed-map': seedMap = path(value()); break;
      case '--mean-image': meanImage = path(value()); break;
      case '--tsnr': tsnr = path(value()); break;
      case '--carpet': carpet = path(value()); break;
      case '--tr': settings.trSecondsOverride = positive(arg, value()); break;
      case '--radius': radius = positive(arg, value()); break;
      case '--mpfc': centres.mpfc = triple(arg, value()); break;
      case '--precuneus': centres.precuneus = triple(arg, value()); break;
      case '--mpfc-mask': masks.mpfc = path(value()); break;
      case '--precuneus-mask': masks.precuneus = path(value()); break;
      case '--no-bandpass': band = null; break;
      case '--band': {
        const [low, high] = numbers(arg, value(), 2);
        if (!(low >= 0 && high > low)) throw new UsageError('--band needs LOW,HIGH in Hz with 0 ≤ LOW < HIGH');
        band = { lowHz: low, highHz: high };
        break;
      }
      case '--scrub': {
        const mode = value();
        if (!['off', 'intermediate', 'conservative', 'fd'].includes(mode)) throw new UsageError('--scrub must be off, intermediate, conservative or fd');
        settings.scrub = mode as ScrubMode;
        break;
      }
      case '--drop': {
        const n = Number(value());
        if (!Number.isInteger(n) || n < 0) throw new UsageError('--drop needs a whole number of volumes ≥ 0');
        settings.dropInitialVolumes = n;
        break;
      }
      case '--assume-mni': settings.assumeMni = true; break;
      default:
        if (arg.startsWith('--')) throw new UsageError(`unknown option ${arg}`);
        if (file !== null) throw new UsageError(`one image at a time (got ${file} and ${arg})`);
        file = path(arg);
    }
  }
  if (file === null) throw new UsageError('no image given');
  if (noT1 && (t1 !== null || t1Series !== null)) throw new UsageError('--no-t1 cannot be combined with --t1 or --t1-series');
  if ((wm === null) !== (csf === null)) throw new UsageError('give both --wm-mask and --csf-mask, or neither');
  if (band !== undefined) settings.band = band;
  for (const key of ['mpfc', 'precuneus'] as const) {
    const current = settings.rois[key];
    const maskPath = masks[key];
    let spec: RoiSpec;
    if (maskPath !== undefined) spec = { kind: 'mask', path: maskPath };
    else {
      if (current.kind !== 'sphere') throw new Error('default ROIs are spheres');
      spec = { kind: 'sphere', centreMm: centres[key] ?? current.centreMm, radiusMm: radius ?? current.radiusMm };
    }
    settings.rois[key] = spec;
  }
  return {
    request: { boldPath: file, confoundsPath: confounds, wmMaskPath: wm, csfMaskPath: csf, settings },
    input: { path: file, t1Path: t1, series, t1Series, noT1, noPreprocess, sliceTiming },
    registrationImagePath: registrationImage,
    seedMapPath: seedMap,
    meanImagePath: meanImage,
    tsnrPath: tsnr,
    carpetPath: carpet,
    json,
  };
}

export const analyzeCommand: CliCommand = {
  async run(args: string[], io: CliIo): Promise<number> {
    let parsed: ParsedAnalyzeArgs;
    try {
      parsed = parseAnalyzeArgs(args, io.cwd);
    } catch (error) {
      if (error instanceof UsageError) {
        io.stderr(`krp analyze: ${error.message}\n${ANALYZE_USAGE}\n`);
        return 2;
      }
      throw error;
    }
    const controller = new AbortController();
    const onSigint = () => controller.abort();
    process.once('SIGINT', onSigint);
    try {
      const { request } = parsed;
      const { outcome, preprocessing, registrationImage } = await runAnalysis(parsed.input, request, { signal: controller.signal });
      await writeAnalysisOutputs(outcome, { seedMapPath: parsed.seedMapPath, meanImagePath: parsed.meanImagePath, tsnrPath: parsed.tsnrPath, carpetPath: parsed.carpetPath });
      if (parsed.registrationImagePath && registrationImage) await writeFile(parsed.registrationImagePath, registrationImage);
      io.stdout(parsed.json ? `${JSON.stringify({ ...toJson(outcome.result), ...(preprocessing ? { preprocessing } : {}) })}\n`
        : humanSummary(outcome.result) + (preprocessing ? preprocessingSummary(preprocessing) : ''));
      return 0;
    } catch (error) {
      if (isKrpError(error)) {
        io.stderr(`krp analyze: ${error.message.replace(/\s*\n\s*/g, ' ')}\n`);
        return 1;
      }
      throw error;
    } finally {
      process.off('SIGINT', onSigint);
    }
  },
};

/** The JSON printed by --json: the result plus the headline fields at the top level. */
export function toJson(result: AnalysisResult): Record<string, unknown> {
  return {
    r: result.r,
    z: result.z,
    /** The study's metric: mean seed-to-voxel z in the precuneus (voxels smoothed), or null. */
    seedToVoxel: result.seedToVoxel ?? null,
    rois: result.qc.rois,
    volumes: result.qc.volumes,
    trSeconds: result.qc.trSeconds,
    qc: result.qc,
    signals: result.signals,
    provenance: result.provenance,
  };
}

function humanSummary(result: AnalysisResult): string {
  const q = result.qc;
  const lines = [
    `mPFC–precuneus connectivity (ROI-to-ROI): r = ${result.r.toFixed(4)}, Fisher z = ${result.z.toFixed(4)}`,
    result.seedToVoxel
      ? `seed-to-voxel mean z in the precuneus (the study's metric, voxels smoothed ${result.seedToVoxel.fwhmMm} mm FWHM): ${result.seedToVoxel.meanZ.toFixed(4)} over ${result.seedToVoxel.voxels} voxels`
      : 'seed-to-voxel mean z: not computed (too few precuneus voxels in the brain mask)',
    `volumes: ${q.volumes.total} total, ${q.volumes.dropped} dropped, ${q.volumes.flagged} flagged, ${q.volumes.used} used (TR ${q.trSeconds} s)`,
    `ROI voxels: mPFC ${q.rois.mpfc.voxels}, precuneus ${q.rois.precuneus.voxels}`,
    `motion: ${q.motion.modelled ? `mean FD ${q.motion.meanFdMm?.toFixed(3)} mm, max ${q.motion.maxFdMm?.toFixed(3)} mm` : 'not modelled'}`,
    `space: ${q.space.message}`,
    ...q.warnings.map((w) => `warning: ${w.message}`),
  ];
  return `${lines.join('\n')}\n`;
}

function preprocessingSummary(p: PreprocessingSummary): string {
  const r = p.registration;
  const seconds = Object.values(p.durationsSeconds).reduce((a, b) => a + (b ?? 0), 0);
  return [
    `preprocessing: ${p.stepsRun.join(' → ')} (${seconds.toFixed(0)} s)`,
    `realignment: max translation ${p.realignment.maxTranslationMm.toFixed(2)} mm, max rotation ${p.realignment.maxRotationDeg.toFixed(2)}°, mean FD ${p.realignment.meanFdMm.toFixed(3)} mm`,
    `registration (via ${r.via}${r.nonlinear ? ' + B-spline' : ''}): agreement ${r.agreement.toFixed(3)} (≥ ${r.agreementThreshold}), ROI coverage mPFC ${(r.roiCoverage.mpfc * 100).toFixed(0)} %, precuneus ${(r.roiCoverage.precuneus * 100).toFixed(0)} %`,
    ...(r.tissueAgreement !== undefined ? [`tissue agreement ${r.tissueAgreement === null ? 'undefined' : r.tissueAgreement.toFixed(3)}${r.tissueAgreement !== null && r.tissueAgreementThreshold !== undefined && r.tissueAgreement < r.tissueAgreementThreshold ? ` (below ${r.tissueAgreementThreshold}: look at the registration image)` : ''}`] : []),
    ...(r.nonlinear ? [`nonlinear refinement: mean displacement ${r.nonlinear.meanDisplacementMm.toFixed(1)} mm, largest ${r.nonlinear.maxDisplacementMm.toFixed(1)} mm, ${r.nonlinear.seconds.toFixed(0)} s`] : []),
  ].join('\n') + '\n';
}

function positive(flag: string, text: string): number {
  const v = Number(text);
  if (!Number.isFinite(v) || v <= 0) throw new UsageError(`${flag} needs a positive number (got "${text}")`);
  return v;
}

function numbers(flag: string, text: string, count: number): number[] {
  const parts = text.split(',').map((s) => Number(s.trim()));
  if (parts.length !== count || parts.some((v) => !Number.isFinite(v))) {
    throw new UsageError(`${flag} needs ${count} comma-separated numbers (got "${text}")`);
  }
  return parts;
}

function triple(flag: string, text: string): Vec3 {
  const [x, y, z] = numbers(flag, text, 3);
  return [x, y, z];
}
