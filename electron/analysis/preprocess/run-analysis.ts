/**
 * One entry for the worker and the CLI: an input path (DICOM folder/zip, native-space NIfTI, or an
 * MNI NIfTI as before) → preprocessing when needed → the existing denoising and connectivity.
 *
 * - MNI NIfTI (accepted by decideSpace): analysed as today, no preprocessing.
 * - Native NIfTI (space.scanner / space.not-mni) or DICOM: preprocessed to MNI unless
 *   `noPreprocess`, then analysed from the temporary MNI series in the job's folder with the
 *   realignment parameters as motion regressors and aCompCor masks from the MNI tissue maps.
 * The temporary files are removed at the end, whatever happens.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KrpError, isKrpError } from '../../../shared/errors';
import type { AnalysisProgress } from '../../../shared/imaging/analysis-types';
import type { PreprocessProgress, PreprocessingSummary } from '../../../shared/imaging/preprocessing-types';
import { decideSpace } from '../../../shared/imaging/space';
import { analyze, type AnalyzeOutcome, type AnalyzeRequest } from '../analyze';
import { mniTemplatePath } from '../mni-templates';
import { readNiftiHeader } from '../nifti/read-header';
import { checkBoldSeries, checkT1Series, listDicomSeries, pickDefaultSeries, severalBoldError, type DicomSeriesSummary } from './dicom-series';
import type { ImageInput } from './load-inputs';
import { preprocessToMni } from './preprocess-to-mni';

export interface InputSpec {
  /** DICOM folder or zip, or a NIfTI (any space). */
  path: string;
  /** T1: a DICOM folder (its T1 series is picked, or `t1Series`), a NIfTI, or null (the BOLD folder's T1 when it has one). */
  t1Path: string | null;
  /** DICOM series number of the BOLD run, when the folder holds several candidates. */
  series: number | null;
  /**
   * DICOM series number of the T1 (in `t1Path` when that is a DICOM folder, else in the BOLD's
   * folder), instead of the pre-selected one. Null or absent: the pre-selected T1.
   */
  t1Series?: number | null;
  /** Analyse without a T1 even when one is at hand (the EPI-only normalization). */
  noT1?: boolean;
  /** Refuse anything that would need preprocessing. */
  noPreprocess: boolean;
  sliceTiming?: 'auto' | 'off';
}

export interface RunHooks {
  signal?: AbortSignal;
  /** Whole-job progress; `preprocess` is set while preprocessing runs. */
  onProgress?: (progress: AnalysisProgress, preprocess: PreprocessProgress | null) => void;
  onRegistrationImage?: (png: Buffer) => void;
}

/** What preprocessing found before a refusal, kept on the error (not stored; shown to the physician). */
export interface RefusalFindings {
  summary: PreprocessingSummary | null;
  registrationImage: Buffer | null;
}

const FINDINGS = Symbol('krp.preprocessingFindings');

/** The findings attached to an error thrown by runAnalysis after preprocessing began, or null. */
export function findingsOf(error: unknown): RefusalFindings | null {
  return (typeof error === 'object' && error !== null && (error as { [FINDINGS]?: RefusalFindings })[FINDINGS]) || null;
}

export interface RunOutcome {
  outcome: AnalyzeOutcome;
  preprocessing: PreprocessingSummary | null;
  registrationImage: Buffer | null;
}

/** Share of the progress bar given to preprocessing when it runs. */
const PREPROCESS_SHARE = 0.75;

export function isNiftiPath(path: string): boolean {
  return /\.nii(\.gz)?$/i.test(path);
}

async function isDirectoryOrZip(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory() || /\.zip$/i.test(path);
  } catch {
    throw new KrpError('input.not-found', `${path} does not exist. Check the path.`);
  }
}

/** The series numbered `number` of a listing, or the refusal naming the numbers it has. */
function seriesNumbered(series: readonly DicomSeriesSummary[], number: number): DicomSeriesSummary {
  const found = series.find((s) => s.seriesNumber === number);
  if (!found) throw new KrpError('dicom.series-not-found', `The folder has no series number ${number} (it has ${series.map((s) => s.seriesNumber ?? '?').join(', ')}). Choose one of those.`, { series: number });
  return found;
}

/** The T1 of a listing: the series chosen by number (checked), else the pre-selected one (or none). */
function t1Of(series: readonly DicomSeriesSummary[], chosen: number | null): ImageInput | null {
  if (chosen === null) {
    const own = pickDefaultSeries(series).t1;
    return own ? { kind: 'dicom', files: own.files } : null;
  }
  const t1 = seriesNumbered(series, chosen);
  checkT1Series(t1);
  return { kind: 'dicom', files: t1.files };
}

/** The BOLD (and T1) inputs of a DICOM folder, chosen as the series picker pre-selects them or by number. */
async function dicomInputs(spec: InputSpec, signal?: AbortSignal): Promise<{ bold: ImageInput; t1: ImageInput | null }> {
  const series = await listDicomSeries(spec.path, { signal });
  let bold;
  if (spec.series !== null) {
    bold = seriesNumbered(series, spec.series);
  } else {
    const picked = pickDefaultSeries(series);
    if (picked.bold === null) {
      if (picked.boldCandidates.length > 1) throw severalBoldError(picked.boldCandidates);
      throw new KrpError('dicom.no-bold', 'The folder holds no resting-state BOLD series (no series with many volumes). Choose the folder exported from the scanner for this patient.');
    }
    bold = picked.bold;
  }
  checkBoldSeries(bold);
  const t1 = spec.t1Path === null && !spec.noT1 ? t1Of(series, spec.t1Series ?? null) : null;
  return { bold: { kind: 'dicom', files: bold.files }, t1 };
}

async function t1Input(path: string, chosen: number | null, signal?: AbortSignal): Promise<ImageInput> {
  if (isNiftiPath(path)) {
    if (chosen !== null) throw new KrpError('input.t1-series-with-nifti', `A T1 series number (${chosen}) was given with a NIfTI T1 (${path}); series numbers choose within a DICOM folder. Give one or the other.`);
    return { kind: 'nifti', path };
  }
  const t1 = t1Of(await listDicomSeries(path, { signal }), chosen);
  if (t1 === null) throw new KrpError('dicom.no-t1', `${path} holds no T1-weighted structural series. Give the folder (or NIfTI) of the T1, or analyse without one.`);
  return t1;
}

/**
 * The images to preprocess for `spec` (a native-space NIfTI or a DICOM folder/zip): the BOLD and the
 * T1 — none when `noT1`; `t1Path` (its pre-selected or `t1Series` T1 when a folder); else the BOLD
 * folder's `t1Series` or pre-selected T1.
 */
export async function chooseInputs(spec: InputSpec, signal?: AbortSignal): Promise<{ bold: ImageInput; t1: ImageInput | null }> {
  const t1Series = spec.t1Series ?? null;
  if (spec.noT1 && (spec.t1Path !== null || t1Series !== null)) {
    throw new KrpError('input.t1-conflict', 'Both "no T1" and a T1 were chosen. Choose one or the other.');
  }
  let bold: ImageInput;
  let t1: ImageInput | null = null;
  if (isNiftiPath(spec.path) && !(await isDirectoryOrZip(spec.path))) {
    if (spec.t1Path === null && t1Series !== null) {
      throw new KrpError('input.t1-series-with-nifti', 'A T1 series number was given, but the BOLD is a NIfTI, not a DICOM folder. Give the T1 folder (--t1) with it, or the T1 NIfTI.');
    }
    bold = { kind: 'nifti', path: spec.path };
  } else {
    ({ bold, t1 } = await dicomInputs(spec, signal));
  }
  if (spec.t1Path !== null) t1 = await t1Input(spec.t1Path, t1Series, signal);
  return { bold, t1 };
}

/** The settings as applied: the nonlinear refinement counts (and enters the hash) only when it ran. */
function withNonlinearApplied(settings: AnalyzeRequest['settings'], summary: PreprocessingSummary): AnalyzeRequest['settings'] {
  const out = { ...settings };
  if (summary.registration.nonlinear) out.nonlinearNormalization = true;
  else delete out.nonlinearNormalization;
  return out;
}

export async function runAnalysis(spec: InputSpec, base: Omit<AnalyzeRequest, 'boldPath'>, hooks: RunHooks = {}): Promise<RunOutcome> {
  const { signal } = hooks;
  if (isNiftiPath(spec.path) && !(await isDirectoryOrZip(spec.path))) {
    const header = await readNiftiHeader(spec.path);
    try {
      decideSpace(header, { assumeMni: base.settings.assumeMni });
      // Already in MNI: nothing is normalized, so the nonlinear setting did not apply (nor enters the hash).
      const settings = { ...base.settings };
      delete settings.nonlinearNormalization;
      const outcome = await analyze({ ...base, boldPath: spec.path, settings }, { signal, onProgress: (p) => hooks.onProgress?.(p, null) });
      return { outcome, preprocessing: null, registrationImage: null };
    } catch (error) {
      const nativeSpace = isKrpError(error) && (error.code === 'space.scanner' || error.code === 'space.not-mni');
      if (!nativeSpace || spec.noPreprocess) throw error;
    }
  } else {
    if (!(await isDirectoryOrZip(spec.path))) {
      throw new KrpError('input.unknown-kind', `${spec.path} is neither a NIfTI image (.nii, .nii.gz) nor a folder or zip of DICOM files. Choose the scan's DICOM folder or its NIfTI.`);
    }
    if (spec.noPreprocess) {
      throw new KrpError('preprocess.forbidden', 'DICOM must be converted and normalized to MNI before the analysis, and preprocessing was turned off (--no-preprocess). Allow preprocessing, or give an MNI-normalized NIfTI.');
    }
  }
  const { bold, t1 } = await chooseInputs(spec, signal);

  const workDir = await mkdtemp(join(tmpdir(), 'krp-preprocess-'));
  let png: Buffer | null = null;
  let summary: PreprocessingSummary | null = null;
  try {
    const pre = await preprocessToMni({ bold, t1, workDir, rois: base.settings.rois, sliceTiming: spec.sliceTiming, nonlinear: base.settings.nonlinearNormalization === true }, {
      signal,
      onProgress: (p) => hooks.onProgress?.({ stage: 'reading', fraction: PREPROCESS_SHARE * p.fraction }, p),
      onRegistrationImage: (image) => { png = image; hooks.onRegistrationImage?.(image); },
    });
    summary = pre.summary;
    const outcome = await analyze({
      ...base,
      boldPath: pre.boldPath,
      confoundsPath: base.confoundsPath ?? pre.motionPath,
      wmMaskPath: base.wmMaskPath ?? mniTemplatePath('white'),
      csfMaskPath: base.csfMaskPath ?? mniTemplatePath('csf'),
      // The MNI brain mask: the EPI's own intensity threshold drops the darker ventral mPFC.
      brainMaskPath: base.brainMaskPath ?? mniTemplatePath('brainMask'),
      settings: withNonlinearApplied({ ...base.settings, assumeMni: false }, pre.summary),
    }, { signal, onProgress: (p) => hooks.onProgress?.({ ...p, fraction: PREPROCESS_SHARE + (1 - PREPROCESS_SHARE) * p.fraction }, null) });
    return { outcome, preprocessing: pre.summary, registrationImage: png ?? pre.registrationImage };
  } catch (error) {
    // A refusal after the registration check was made (QC or the analysis itself): the physician
    // still sees what preprocessing found. Nothing of it is stored.
    if (typeof error === 'object' && error !== null && (png !== null || summary !== null) && !(isKrpError(error) && error.code === 'analysis.cancelled')) {
      Object.defineProperty(error, FINDINGS, { value: { summary, registrationImage: png } satisfies RefusalFindings, enumerable: false });
    }
    throw error;
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}
