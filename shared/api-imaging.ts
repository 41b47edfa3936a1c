/**
 * Result types of the imaging, estimate and cohort methods of the contract (issue 6), kept beside
 * shared/api.ts so that file stays readable.
 */
import type { AnalysisStage, ScrubMode, SpaceDecision } from './imaging/analysis-types';
import type { NiftiHeaderSummary } from './imaging/nifti-header';
import type { PreprocessStep, PreprocessingSummary } from './imaging/preprocessing-types';
import type { CalibrationExclusions, EstimateReason, EstimateStatus, ModelMetric, ResponseEstimate, TrackPoint, ValidationSummary } from './model';

/** The imaging inputs a file can be chosen for (open dialog filters differ). */
export const IMAGING_FILE_PURPOSES = ['bold', 'confounds', 'wm-mask', 'csf-mask', 'dicom-folder', 'dicom-zip', 't1'] as const;
export type ImagingFilePurpose = (typeof IMAGING_FILE_PURPOSES)[number];

/** The stored images of an analysis the viewer can load ('tsnr': NIfTI; 'registration' and 'carpet': PNG). */
export const IMAGE_KINDS = ['seed-map', 'mean', 'rois', 'registration', 'tsnr', 'carpet'] as const;
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
  /** Why the chosen confounds file does not fit this scan (e.g. its rows ≠ the volumes), null when it fits or none was chosen. */
  confounds: { code: string; message: string; details: Record<string, string | number> } | null;
}

export interface AnalysisJobStarted {
  jobId: string;
}

/** How a job ended (event `analysis.finished`). */
export type AnalysisJobEnd =
  | { jobId: string; patientId: number; status: 'done'; analysisId: number; z: number }
  | { jobId: string; patientId: number; status: 'cancelled' }
  | {
    jobId: string; patientId: number; status: 'failed'; error: { code: string; message: string };
    /**
     * What preprocessing found before the refusal (shown, never stored): its summary (motion,
     * registration metrics) when it completed, and the registration check PNG (base64) when made.
     */
    findings?: PreprocessingFindings | null;
  };

export interface PreprocessingFindings {
  summary: PreprocessingSummary | null;
  registrationImageBase64: string | null;
}

export interface AnalysisJobProgress {
  jobId: string;
  patientId: number;
  stage: AnalysisStage;
  /** The preprocessing step running (DICOM or native-space input), null during the analysis itself. */
  step: PreprocessStep | null;
  fraction: number;
}

/** One series of a DICOM folder or zip as the series picker shows it (no patient identity). */
export interface DicomSeriesRow {
  /** DICOM Series Number (what `imaging.analyze` takes as `boldSeries`), null when the files lack it. */
  seriesNumber: number | null;
  description: string;
  modality: string;
  kind: 'bold' | 't1' | 'localizer' | 'other';
  volumes: number;
  slices: number;
  trSeconds: number | null;
  voxelSizeMm: [number, number, number] | null;
  matrix: [number, number];
  /** Why the series cannot be used as it is (code + English sentence), or null. */
  problem: { code: string; message: string } | null;
}

/** Patient identity as the DICOM files state it: shown beside the chart's identity, never stored or logged. */
export interface DicomPatientIdentity {
  name: string | null;
  id: string | null;
  birthDate: string | null;
}

/** Event `imaging.listingProgress`: how far reading a DICOM folder's headers has come. */
export interface DicomListingProgress {
  path: string;
  /** Fraction of the files read, 0..1. */
  fraction: number;
}

/** `imaging.listSeries`: the series of a DICOM folder or zip, with the resting BOLD and T1 pre-selected. */
export interface DicomSeriesList {
  path: string;
  series: DicomSeriesRow[];
  /** Series number of the pre-selected resting BOLD, null when none stands out (the physician chooses). */
  boldSeries: number | null;
  /** Series number of the pre-selected T1, null when the folder has none. */
  t1Series: number | null;
  /** Distinct identities in the files (more than one: the folder mixes patients). */
  identities: DicomPatientIdentity[];
  skippedFiles: number;
}

/** Preprocessing facts kept with an analysis of DICOM or native-space input (for the registration check and motion plot). */
export interface AnalysisPreprocessing {
  analysisId: number;
  /** null when the analysis was of an MNI-normalized NIfTI (no preprocessing ran). */
  summary: PreprocessingSummary | null;
  /** A registration check image is stored with the analysis (imaging.image kind 'registration'). */
  hasRegistrationImage: boolean;
}

/** A stored image of an analysis: gzip NIfTI bytes (viewer) or, for 'registration' and 'carpet', PNG bytes, as base64. */
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
