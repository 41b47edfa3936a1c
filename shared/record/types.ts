/**
 * The clinical record as data: entities as stored, the inputs that create or change them, the
 * chart view, the audit trail and exports. Shared by the store (electron/services/record), the IPC
 * contract and the UI. Plain JSON-safe values only (numbers, strings, booleans, null, arrays).
 *
 * Dates and times are ISO 8601 strings:
 *   - a date is `YYYY-MM-DD`;
 *   - a date-time is `YYYY-MM-DDTHH:MM` or `YYYY-MM-DDTHH:MM:SS` with an optional `Z` or `±HH:MM`
 *     (without a zone it is the workstation's local time);
 *   - store timestamps (createdAt, audit `at`) are UTC `...Z` strings.
 * Ids are SQLite integer row ids.
 */
import type { AnalysisProvenance, AnalysisQc, AnalysisResult, AnalysisSettings, SeedToVoxelMean } from '../imaging/analysis-types';
import type { NiftiHeaderSummary } from '../imaging/nifti-header';
import type { Eligibility, HadsItems, HadsScore, NrsOutcome, PcsItems, PcsScore } from '../scoring/types';

import type { Correction } from './corrections';

export type { Eligibility, HadsItems, HadsScore, NrsOutcome, PcsItems, PcsScore } from '../scoring/types';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

// ---------------------------------------------------------------------------------------------
// Patients

export type Sex = 'female' | 'male' | 'other' | 'unknown';
export const SEXES: readonly Sex[] = ['female', 'male', 'other', 'unknown'];

/** What the physician enters for a patient. */
export interface PatientInput {
  /** Hospital ID (identifying); optional, unique among patients when given. */
  hospitalId?: string | null;
  /** Pseudonym shown on screen and in exports, e.g. "KET-014"; required, unique. */
  displayCode: string;
  /** Birth year (e.g. 1968), or null when only unknown; ignored if birthDate is given. */
  birthYear?: number | null;
  /** Full birth date `YYYY-MM-DD` when known; its year becomes birthYear. */
  birthDate?: string | null;
  sex?: Sex;
  /** Diagnosis / pain condition, free text. */
  diagnosis?: string;
  /** Pain duration in months (≥ 0), null when unknown. */
  painDurationMonths?: number | null;
  /** Exclusion flag: psychiatric history (true / false / null = not yet checked). */
  psychiatricHistory?: boolean | null;
  /** Exclusion flag: abnormal structural MRI (true / false / null = not yet checked). */
  abnormalMri?: boolean | null;
  /** Free-text notes (never exported de-identified). */
  notes?: string;
}

/** Fields that may be changed after creation (any subset). */
export type PatientUpdate = Partial<PatientInput>;

/** Soft-deletion marker shared by every deletable entity. */
export interface SoftDeletion {
  /** UTC time of deletion, null while the row is live. */
  deletedAt: string | null;
  deletionReason: string | null;
}

export interface Patient extends SoftDeletion {
  id: number;
  hospitalId: string | null;
  displayCode: string;
  birthYear: number | null;
  birthDate: string | null;
  sex: Sex;
  diagnosis: string;
  painDurationMonths: number | null;
  psychiatricHistory: boolean | null;
  abnormalMri: boolean | null;
  notes: string;
  createdAt: string;
  updatedAt: string;
}

// ---------------------------------------------------------------------------------------------
// Scans and analyses

export interface ScanInput {
  patientId: number;
  /** Acquisition date (`YYYY-MM-DD`) or date-time; not in the future. */
  acquiredAt: string;
  /** The original NIfTI path as imported (the file is not copied). */
  originalPath: string;
  /** SHA-256 of the original file, 64 lowercase hex digits. */
  sha256: string;
  header: NiftiHeaderSummary | null;
}

export interface Scan extends SoftDeletion {
  id: number;
  patientId: number;
  acquiredAt: string;
  originalPath: string;
  sha256: string;
  header: NiftiHeaderSummary | null;
  createdAt: string;
}

/** A file the app wrote into its data folder (seed map, mean image) and its SHA-256. */
export interface StoredFile {
  /** Path relative to the app's data folder (or absolute when outside it). */
  path: string;
  sha256: string;
}

/** One analysis run on a scan; re-running adds a new row and keeps the earlier ones. */
export interface AnalysisInput {
  scanId: number;
  settings: AnalysisSettings;
  /** SHA-256 (64 hex) of the canonical settings; pools a site's comparable patients. */
  settingsHash: string;
  /** Pearson r between the cleaned mPFC and precuneus signals, −1..1. */
  r: number;
  /** Fisher z = atanh(r). */
  z: number;
  qc: AnalysisQc;
  provenance: AnalysisProvenance;
  /** The seed-to-voxel mean z in the precuneus (the study's metric); null/absent when not computed. */
  seedToVoxel?: SeedToVoxelMean | null;
  /** Cleaned ROI signals for the plot (optional: large). */
  signals?: AnalysisResult['signals'] | null;
  seedMap?: StoredFile | null;
  meanImage?: StoredFile | null;
}

export interface Analysis {
  id: number;
  scanId: number;
  patientId: number;
  settings: AnalysisSettings;
  settingsHash: string;
  r: number;
  z: number;
  qc: AnalysisQc;
  provenance: AnalysisProvenance;
  /** The seed-to-voxel mean z in the precuneus (the study's metric); null for analyses stored before it existed. */
  seedToVoxel: SeedToVoxelMean | null;
  signals: AnalysisResult['signals'] | null;
  seedMap: StoredFile | null;
  meanImage: StoredFile | null;
  createdAt: string;
}

/** A scan with every analysis run on it, newest first. */
export interface ScanWithAnalyses extends Scan {
  analyses: Analysis[];
}

/**
 * The clinician's choice of which analysis counts for the patient (estimate, calibration, export):
 * append-only, the newest choice holds while its scan is live; before any choice the newest
 * analysis counts.
 */
export interface AnalysisChoice {
  id: number;
  patientId: number;
  analysisId: number;
  reason: string;
  /** UTC time. */
  at: string;
  clinician: string;
}

// ---------------------------------------------------------------------------------------------
// Infusions

export const DEFAULT_DOSE_MG_PER_KG = 0.3;
export const DEFAULT_INFUSION_MINUTES = 30;

export interface InfusionInput {
  patientId: number;
  /** Infusion start, date-time; not in the future. */
  startedAt: string;
  /** Body weight in kg (> 0, ≤ 400). */
  weightKg: number;
  /** Dose in mg/kg; default 0.3. */
  doseMgPerKg?: number;
  /** Infusion duration in minutes; default 30. */
  durationMin?: number;
  /** The scan this infusion follows (its fMRI), when known. */
  scanId?: number | null;
  /**
   * Minutes from the scan to the infusion start. When omitted it is derived from the linked scan's
   * acquisition date-time (null when the scan has a date only).
   */
  minutesFromScan?: number | null;
  notes?: string;
}

export type InfusionUpdate = Partial<Omit<InfusionInput, 'patientId'>>;

export interface Infusion extends SoftDeletion {
  id: number;
  patientId: number;
  startedAt: string;
  weightKg: number;
  doseMgPerKg: number;
  /** weightKg × doseMgPerKg, mg (rounded to 0.01 mg). */
  totalMg: number;
  durationMin: number;
  scanId: number | null;
  minutesFromScan: number | null;
  notes: string;
  createdAt: string;
}

// ---------------------------------------------------------------------------------------------
// Assessments

export type TimePoint = 'pre' | 'post60';
export const TIME_POINTS: readonly TimePoint[] = ['pre', 'post60'];

export const HADS_ITEM_COUNT = 14;
export const PCS_ITEM_COUNT = 13;

export interface AssessmentInput {
  patientId: number;
  infusionId: number;
  timePoint: TimePoint;
  /** When the scores were taken, date-time; not in the future; a post60 not before its pre. */
  recordedAt: string;
  /** Pain 0–10 (integer), null when not asked. */
  nrs: number | null;
  /** 14 HADS item scores as printed on the form (0–3), null entries unanswered; null = not given. */
  hadsItems?: HadsItems | null;
  /** 13 PCS item scores (0–4), null entries unanswered; null = not given. */
  pcsItems?: PcsItems | null;
}

export type AssessmentUpdate = Partial<Pick<AssessmentInput, 'recordedAt' | 'nrs' | 'hadsItems' | 'pcsItems'>>;

export interface Assessment extends SoftDeletion {
  id: number;
  patientId: number;
  infusionId: number;
  timePoint: TimePoint;
  recordedAt: string;
  nrs: number | null;
  hadsItems: (number | null)[] | null;
  pcsItems: (number | null)[] | null;
  /** Computed from the items by shared/scoring (never stored separately from them). */
  hads: HadsScore | null;
  pcs: PcsScore | null;
  createdAt: string;
}

/** An infusion with its assessments (pre first) and the NRS outcome of the pair. */
export interface InfusionWithAssessments extends Infusion {
  assessments: Assessment[];
  outcome: NrsOutcome;
}

// ---------------------------------------------------------------------------------------------
// Response estimates (issue 4: every estimate shown is stored with its model)

export interface EstimateInput {
  patientId: number;
  /** The analysis whose z was used, when it came from the record. */
  analysisId?: number | null;
  /** The Fisher z the estimate was made from. */
  z: number;
  settingsHash?: string | null;
  /** The estimate as shown (predicted % reduction, interval, probability...), stored verbatim. */
  estimate: JsonObject;
  /** The model that made it (version, coefficients, training set summary), stored verbatim. */
  model: JsonObject;
  /** Short model identifier for lists, e.g. a version or content hash. */
  modelId: string;
  /**
   * Shown before the patient's treatment outcome existed: kept as the pre-treatment estimate and
   * never refitted (at most one per patient and settings hash).
   */
  frozen?: boolean;
}

export interface Estimate {
  id: number;
  patientId: number;
  analysisId: number | null;
  z: number;
  settingsHash: string | null;
  estimate: JsonObject;
  model: JsonObject;
  modelId: string;
  createdAt: string;
  /** The pre-treatment estimate, frozen (see EstimateInput.frozen). */
  frozen: boolean;
}

// ---------------------------------------------------------------------------------------------
// Views: patient list, chart, calibration set

export interface PatientListQuery {
  /** Case-insensitive substring of display code, hospital ID or diagnosis. */
  search?: string;
  /** Page size, 1–500 (default 50). */
  limit?: number;
  offset?: number;
  includeDeleted?: boolean;
  /** Latest analysis present or not (default any). */
  analysis?: 'any' | 'analysed' | 'not-analysed';
  /** Outcome class of the latest infusion's NRS pair (default any). */
  responder?: 'any' | 'responder' | 'non-responder' | 'not-evaluable' | 'pending';
  /** Default 'updated' (last changed); nulls last and ties by code for z and reduction. */
  sort?: 'updated' | 'code' | 'z' | 'reduction';
  /** Default desc for 'updated', asc otherwise. */
  direction?: 'asc' | 'desc';
}

export interface PatientListItem {
  id: number;
  displayCode: string;
  hospitalId: string | null;
  birthYear: number | null;
  sex: Sex;
  diagnosis: string;
  /** z of the analysis in use (the clinician's choice, else the newest), null when none. */
  latestZ: number | null;
  /** NRS before and 60 min after the latest infusion. */
  preNrs: number | null;
  post60Nrs: number | null;
  updatedAt: string;
  deleted: boolean;
}

export interface PatientPage {
  items: PatientListItem[];
  /** Number of patients matching the query (all pages). */
  total: number;
}

/** Everything the physician sees when opening a patient (opening it writes an access-log row). */
export interface PatientChart {
  patient: Patient;
  /** Age in whole years today, null when the birth year is unknown. */
  ageYears: number | null;
  scans: ScanWithAnalyses[];
  /** Newest first. */
  infusions: InfusionWithAssessments[];
  /**
   * The analysis that counts for the estimate (and the calibration set and exports): the newest
   * clinician's choice while its scan is live, else the newest analysis over live scans; null when none.
   */
  analysisInUse: Analysis | null;
  /** The clinician's choices of the analysis that counts, newest first (empty: the newest counts). */
  analysisChoices: AnalysisChoice[];
  /** NRS outcome of the latest infusion (status 'missing' when there is none). */
  outcome: NrsOutcome;
  eligibility: Eligibility;
  /** Newest first. */
  estimates: Estimate[];
  /** Corrections and removals of this patient's data, newest first (the chart marks corrected values). */
  corrections: Correction[];
}

/** One patient's calibration pair: latest analysis z and the pre/post60 NRS of the latest infusion. */
export interface CalibrationRow {
  patientId: number;
  displayCode: string;
  analysisId: number;
  scanId: number;
  /** ROI-to-ROI Fisher z of that analysis. */
  z: number;
  /** Seed-to-voxel mean z of that analysis (the study's metric); null when it has none. */
  seedToVoxelZ: number | null;
  settingsHash: string;
  infusionId: number;
  preNrs: number;
  post60Nrs: number;
  outcome: NrsOutcome;
  /** Start of that infusion (the treatment whose outcome this is). */
  treatedAt: string;
}

export * from './audit-types';
export type { RecordService } from './record-service';
export * from './corrections';
