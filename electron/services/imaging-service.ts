/**
 * Imaging in the app: look at a scan before analysing it (header and space decision), run the
 * analysis in a worker thread with progress and cancel, and store the result only when it
 * succeeded — scan, analysis and its images together — so a cancelled or failed run leaves
 * nothing half-stored. The main thread only passes messages and does small I/O.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { AnalysisImage, AnalysisJobEnd, AnalysisJobProgress, AnalysisJobStarted, AnalysisPreprocessing, DicomListingProgress, PreprocessingFindings, DicomSeriesList, ScanPreview } from '../../shared/api-imaging';
import { DEFAULT_ANALYSIS_SETTINGS, type AnalysisSettings, type ScrubMode } from '../../shared/imaging/analysis-types';
import { decideSpace } from '../../shared/imaging/space';
import { validateBoldHeader } from '../../shared/imaging/validate-bold';
import { KrpError, isKrpError, serializeError } from '../../shared/errors';
import type { RecordService } from '../../shared/record/types';
import { startAnalysisJob, type AnalysisJob } from '../analysis/analysis-job';
import { checkInstant } from './record/validate';
import { readNiftiHeader } from '../analysis/nifti/read-header';
import { startListingJob, type ListingJob } from '../analysis/listing-job';
import { seriesListOf } from './dicom-listing';
import { confoundsRefusal } from './confounds-preview';

export interface StartAnalysisInput {
  patientId: number;
  /** MNI NIfTI, native-space NIfTI or DICOM folder / zip (the last two are preprocessed to MNI). */
  boldPath: string;
  /** DICOM Series Number of the BOLD run (DICOM input with several candidates). */
  boldSeries?: number | null;
  /** Optional T1 (NIfTI or DICOM folder); a DICOM input's own T1 is used when null. */
  t1Path?: string | null;
  /** DICOM Series Number of the T1 when not the pre-selected one. */
  t1Series?: number | null;
  /** Analyse without a T1 even when the DICOM folder holds one. */
  noT1?: boolean;
  confoundsPath?: string | null;
  wmMaskPath?: string | null;
  csfMaskPath?: string | null;
  /** Acquisition date of the scan (YYYY-MM-DD). */
  acquiredAt: string;
  trSeconds?: number | null;
  dropInitialVolumes?: number;
  scrub?: ScrubMode;
}

export interface ImagingServiceDeps {
  record(): RecordService;
  dataDir: string;
  onProgress(event: AnalysisJobProgress): void;
  onFinished(event: AnalysisJobEnd): void;
  /** Progress of reading a DICOM folder for the picker (optional). */
  onListingProgress?(event: DicomListingProgress): void;
  /** Replaced in tests. */
  startJob?: typeof startAnalysisJob;
  startListing?: typeof startListingJob;
  /** Whether the app setting asks for the nonlinear (B-spline) normalization (read when an analysis starts; default off). */
  nonlinearNormalization?(): boolean;
}

/** Where an analysis's images live, relative to the data folder. */
const ANALYSES_DIR = 'analyses';
const FILES = {
  'seed-map': 'seed_map_z.nii.gz', mean: 'mean_bold.nii.gz', rois: 'roi_labels.nii.gz', registration: 'registration_check.png',
  tsnr: 'tsnr.nii.gz', carpet: 'qc_carpet.png',
} as const;

export class ImagingService {
  private readonly jobs = new Map<string, { job: AnalysisJob; patientId: number; done: Promise<void> }>();
  private readonly listings = new Set<ListingJob>();

  constructor(private readonly deps: ImagingServiceDeps) {}

  /**
   * The header summary and space decision of a candidate scan, and whether the chosen confounds
   * file fits it (rows = volumes); refusals are returned, not thrown.
   */
  async inspect(path: string, trOverride: number | null = null, confoundsPath: string | null = null): Promise<ScanPreview> {
    const preview: ScanPreview = { path, fileName: basename(path), header: null, space: null, trSeconds: null, refusal: null, confounds: null };
    try {
      preview.header = await readNiftiHeader(path);
      preview.trSeconds = preview.header.trSeconds;
      preview.trSeconds = validateBoldHeader(preview.header, { trOverride });
      preview.space = decideSpace(preview.header, { assumeMni: false });
    } catch (error) {
      if (!isKrpError(error)) throw error;
      preview.refusal = { code: error.code, message: error.message };
    }
    if (confoundsPath !== null && preview.header !== null) preview.confounds = await confoundsRefusal(confoundsPath, preview.header.dims[3]);
    return preview;
  }

  /**
   * The series of a DICOM folder or zip for the picker (identity returned for display only). The
   * headers are read in a worker thread with progress; a new listing or cancelListing stops the
   * previous one (its promise rejects with dicom.listing-cancelled).
   */
  async listSeries(path: string): Promise<DicomSeriesList> {
    this.cancelListing();
    const job = (this.deps.startListing ?? startListingJob)(path, {
      onProgress: (fraction) => this.deps.onListingProgress?.({ path, fraction }),
    });
    this.listings.add(job);
    try {
      return seriesListOf(path, await job.result);
    } finally {
      this.listings.delete(job);
    }
  }

  /** Stops reading DICOM headers (no-op when nothing is being read). */
  cancelListing(): void {
    for (const job of this.listings) job.cancel();
  }

  /** Starts an analysis; progress and the end arrive through the deps' callbacks. */
  start(input: StartAnalysisInput): AnalysisJobStarted {
    const patient = this.deps.record().getPatient(input.patientId);
    if (patient.deletedAt !== null) throw new KrpError('record.deleted', `Patient ${patient.displayCode} was deleted; nothing can be added to the chart.`);
    for (const job of this.jobs.values()) {
      if (job.patientId === input.patientId) {
        throw new KrpError('analysis.already-running', 'An analysis is already running for this patient. Wait for it to finish or cancel it first.');
      }
    }
    // Refused now, not after the whole analysis ran (the record store checks it again when storing).
    checkInstant(input.acquiredAt, 'acquiredAt', 'either', Date.now());
    const jobId = randomUUID();
    const folder = join(this.deps.dataDir, ANALYSES_DIR, jobId);
    const settings: AnalysisSettings = {
      ...structuredClone(DEFAULT_ANALYSIS_SETTINGS),
      trSecondsOverride: input.trSeconds ?? null,
      dropInitialVolumes: input.dropInitialVolumes ?? 0,
      scrub: input.scrub ?? DEFAULT_ANALYSIS_SETTINGS.scrub,
      ...(this.deps.nonlinearNormalization?.() === true ? { nonlinearNormalization: true } : {}),
    };
    const outputs = {
      seedMapPath: join(folder, FILES['seed-map']),
      meanImagePath: join(folder, FILES.mean),
      roiLabelsPath: join(folder, FILES.rois),
      tsnrPath: join(folder, FILES.tsnr),
      carpetPath: join(folder, FILES.carpet),
    };
    const startJob = this.deps.startJob ?? startAnalysisJob;
    mkdirSync(folder, { recursive: true });
    const job = startJob(
      { boldPath: input.boldPath, confoundsPath: input.confoundsPath ?? null, wmMaskPath: input.wmMaskPath ?? null, csfMaskPath: input.csfMaskPath ?? null, settings },
      outputs,
      {
        onProgress: (p, pre) => this.deps.onProgress({ jobId, patientId: input.patientId, stage: p.stage, step: pre?.step ?? null, fraction: p.fraction }),
        input: { path: input.boldPath, t1Path: input.t1Path ?? null, series: input.boldSeries ?? null, t1Series: input.t1Series ?? null, noT1: input.noT1 ?? false, noPreprocess: false },
        registrationImagePath: join(folder, FILES.registration),
      },
    );
    const entry = { job, patientId: input.patientId, done: Promise.resolve() };
    this.jobs.set(jobId, entry);
    entry.done = this.finish(jobId, input, job, folder);
    return { jobId };
  }

  /** Stores a successful run (scan + analysis + images in one go) or removes its folder. */
  private async finish(jobId: string, input: StartAnalysisInput, job: AnalysisJob, folder: string): Promise<void> {
    try {
      const { result, files, preprocessing, registrationImage } = await job.result;
      const rel = (p: string) => relative(this.deps.dataDir, p).split(sep).join('/');
      const stored = (file: { path: string; sha256: string } | null | undefined) => (file ? { path: rel(file.path), sha256: file.sha256 } : null);
      const qcImages = { tsnr: stored(files.tsnr), carpet: stored(files.carpet) };
      const provenance = {
        ...result.provenance,
        ...(preprocessing === null ? {} : { preprocessing, registrationImage: stored(registrationImage) }),
        ...(qcImages.tsnr || qcImages.carpet ? { qcImages } : {}),
      };
      const analysis = this.deps.record().recordAnalysisRun(
        { patientId: input.patientId, acquiredAt: input.acquiredAt, originalPath: input.boldPath, sha256: result.provenance.input.sha256, header: result.provenance.input.header },
        {
          settings: result.provenance.settings, settingsHash: result.provenance.settingsHash, r: result.r, z: result.z,
          seedToVoxel: result.seedToVoxel ?? null,
          qc: result.qc, provenance, signals: result.signals,
          seedMap: files.seedMap && { path: rel(files.seedMap.path), sha256: files.seedMap.sha256 },
          meanImage: files.meanImage && { path: rel(files.meanImage.path), sha256: files.meanImage.sha256 },
        },
      );
      this.deps.onFinished({ jobId, patientId: input.patientId, status: 'done', analysisId: analysis.id, z: analysis.z });
    } catch (error) {
      await rm(folder, { recursive: true, force: true });
      if (isKrpError(error) && error.code === 'analysis.cancelled') {
        this.deps.onFinished({ jobId, patientId: input.patientId, status: 'cancelled' });
      } else {
        const { code, message } = serializeError(error);
        // What preprocessing found before the refusal is shown, not stored (the folder is gone).
        const findings = (error as { findings?: PreprocessingFindings } | null)?.findings ?? null;
        this.deps.onFinished({ jobId, patientId: input.patientId, status: 'failed', error: { code, message }, ...(findings ? { findings } : {}) });
      }
    } finally {
      this.jobs.delete(jobId);
    }
  }

  /** Asks a running job to stop; its end arrives as status 'cancelled'. Unknown or finished jobs: no-op. */
  cancel(jobId: string): void {
    this.jobs.get(jobId)?.job.cancel();
  }

  /** Cancels every running job and waits until each has ended (on quit). */
  async cancelAll(): Promise<void> {
    this.cancelListing();
    const running = [...this.jobs.values()];
    for (const entry of running) entry.job.cancel();
    await Promise.all(running.map((entry) => entry.done));
  }

  get running(): number {
    return this.jobs.size;
  }

  /** What preprocessing did for an analysis (null summary: an MNI NIfTI was analysed as is). */
  preprocessing(analysisId: number): AnalysisPreprocessing {
    const { provenance } = this.deps.record().getAnalysis(analysisId);
    return { analysisId, summary: provenance.preprocessing ?? null, hasRegistrationImage: (provenance.registrationImage ?? null) !== null };
  }

  /** The physician rejects an analysis: its scan leaves the chart (soft delete with the reason, audited). */
  reject(analysisId: number, reason: string): void {
    const record = this.deps.record();
    record.deleteScan(record.getAnalysis(analysisId).scanId, reason);
  }

  /** One of an analysis's stored images, verified against its recorded SHA-256 where recorded. */
  async image(analysisId: number, kind: AnalysisImage['kind']): Promise<AnalysisImage> {
    const analysis = this.deps.record().getAnalysis(analysisId);
    if (kind === 'registration') {
      const stored = analysis.provenance.registrationImage ?? null;
      if (stored === null) throw new KrpError('analysis.no-registration-image', 'This analysis has no registration check image (it was not preprocessed in the app).');
      return this.readStored(analysisId, kind, stored);
    }
    if (kind === 'tsnr' || kind === 'carpet') {
      const stored = analysis.provenance.qcImages?.[kind] ?? null;
      if (stored === null) throw new KrpError('analysis.no-qc-image', `This analysis has no stored ${kind === 'tsnr' ? 'tSNR image' : 'carpet plot'} (it was analysed by an earlier version). Re-run the analysis to make one.`);
      return this.readStored(analysisId, kind, stored);
    }
    const seed = analysis.seedMap;
    if (seed === null) throw new KrpError('analysis.no-images', 'This analysis has no stored images.');
    const stored = kind === 'seed-map' ? seed : kind === 'mean' ? analysis.meanImage : { path: `${dirname(seed.path)}/${FILES.rois}`, sha256: null };
    if (stored === null) throw new KrpError('analysis.no-images', 'This analysis has no stored mean image.');
    return this.readStored(analysisId, kind, stored);
  }

  private async readStored(analysisId: number, kind: AnalysisImage['kind'], stored: { path: string; sha256: string | null }): Promise<AnalysisImage> {
    const path = this.insideDataDir(stored.path);
    const bytes = await readFile(path).catch(() => {
      throw new KrpError('analysis.image-missing', `The image file ${stored.path} is missing from the data folder. Re-run the analysis to recreate it.`);
    });
    if (stored.sha256 !== null) {
      if (createHash('sha256').update(bytes).digest('hex') !== stored.sha256) {
        throw new KrpError('analysis.image-changed', `The image file ${stored.path} has changed since the analysis (its SHA-256 differs). Re-run the analysis.`);
      }
    }
    return { analysisId, kind, fileName: basename(path), base64: bytes.toString('base64') };
  }

  private insideDataDir(stored: string): string {
    const path = isAbsolute(stored) ? stored : resolve(this.deps.dataDir, stored);
    const rel = relative(this.deps.dataDir, path);
    if (rel.startsWith('..') || isAbsolute(rel)) throw new KrpError('analysis.image-outside', 'The stored image path lies outside the data folder.');
    return path;
  }
}
