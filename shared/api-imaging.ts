/**
 * Result types of the imaging, estimate and cohort methods of the contract (issue 6), kept beside
 * shared/api.ts so that file stays readable.
 */
import type { AnalysisStage, ScrubMode, SpaceDecision } from './imaging/analysis-types';
import type { NiftiHeaderSummary } from './imaging/nifti-header';
import type { CalibrationExclusions, EstimateReason, EstimateStatus, ModelMetric, ResponseEstimate, TrackPoint, ValidationSummary } from './model';

/** The imaging inputs a file can be chosen for (open dialog filters differ). */
export const IMAGING_FILE_PURPOSES = ['bold', 'confounds', 'wm-mask', 'csf-mask'] as const;
export type ImagingFilePurpose = (typeof IMAGING_FILE_PURPOSES)[number];

/** The stored images of an analysis the viewer can load. */
export const IMAGE_KINDS = ['seed-map', 'mean', 'rois'] as const;
export type ImageKind = (typeof IMAGE_KINDS)[number];

/** Scrubbing modes the import form offers (same values as ScrubMode). */
export const SCRUB_MODES = ['off', 'intermediate', 'conservative', 'fd'] as const satisfies readonly ScrubMode[];

/** A file the user picked in an open dialog. */
export interface ChosenFile {
  purpose: ImagingFilePurpose;
  path: string;
  fileName: string;
}

/** A report saved as PDF. */
export interface ReportSaved {
  path: string;
  /** Size of the PDF file, bytes. */
  bytes: number;
}

/** What the import dialog shows before any analysis: the header and the space decision. */
export interface ScanPreview {
  path: string;
  fileName: string;
  header: NiftiHeaderSummary | null;
  /** Accepted space, or null when refused (then `refusal` says why). */
  space: SpaceDecision | null;
  /** The TR to be used (header or override), null when the header has none. */
  trSeconds: number | null;
  /** Why this file cannot be analysed (not a NIfTI, 3D, not MNI...), null when it can. */
  refusal: { code: string; message: string } | null;
}

export interface AnalysisJobStarted {
  jobId: string;
}

/** How a job ended (event `analysis.finished`). */
export type AnalysisJobEnd =
  | { jobId: string; patientId: number; status: 'done'; analysisId: number; z: number }
  | { jobId: string; patientId: number; status: 'cancelled' }
  | { jobId: string; patientId: number; status: 'failed'; error: { code: string; message: string } };

export interface AnalysisJobProgress {
  jobId: string;
  patientId: number;
  stage: AnalysisStage;
  fraction: number;
}

/** A stored image of an analysis, for the viewer: gzip NIfTI bytes as base64. */
export interface AnalysisImage {
  analysisId: number;
  kind: ImageKind;
  fileName: string;
  base64: string;
}

export interface CohortPoint {
  patientId: string;
  z: number;
  reductionPct: number;
  responder: boolean;
}

export interface CohortView {
  settingsHash: string;
  n: number;
  responders: number;
  nonResponders: number;
  excluded: CalibrationExclusions;
  status: EstimateStatus;
  reasons: EstimateReason[];
  points: CohortPoint[];
  /** Fitted line with its 95 % prediction band, null when no line can be fitted. */
  line: { z: number; predicted: number; low: number; high: number }[] | null;
  highlight: { patientId: string; z: number } | null;
  site: ResponseEstimate['site'];
  published: ResponseEstimate['published'];
  validation: ValidationSummary | null;
  slope: number | null;
  intercept: number | null;
  /** The connectivity number the site model regresses on. */
  metric: ModelMetric;
  /** Forward in time: each patient predicted only from patients treated before them. */
  trackRecord: CohortTrackRecord;
}

/** The site model's track record by temporal validation (see shared/model/temporal.ts). */
export interface CohortTrackRecord {
  /** Patients predicted (those with at least 10 patients treated before them). */
  predicted: number;
  /** Of those, how many would have been given a number (count and correlation gates then). */
  shownWouldHaveBeen: number;
  /** Cumulative MAE, calibration slope and AUC at points in time. */
  overTime: TrackPoint[];
  /** The latest prospective predictions (up to 20), oldest first. */
  recent: { patientId: string; treatedAt: string; predicted: number; observed: number; wouldShow: boolean }[];
}

export interface PatientEstimate {
  estimate: ResponseEstimate;
  /** Row id of the stored estimate (what the physician saw, for chart review). */
  estimateId: number;
  analysisId: number;
  /** True when this is the estimate frozen before the treatment outcome existed (shown as it was). */
  frozen: boolean;
  /** When this estimate was first made and stored (ISO 8601). */
  shownAt: string;
  cohort: CohortView;
}
