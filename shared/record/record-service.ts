/** The record service interface (split from types.ts, which re-exports it). */
import type {
  Analysis, AnalysisChoice, AnalysisInput, Assessment, AssessmentInput, AssessmentUpdate, CalibrationRow, Estimate, EstimateInput, Infusion,
  InfusionInput, InfusionUpdate, Patient, PatientChart, PatientInput, PatientListQuery, PatientPage, PatientUpdate, Scan, ScanInput,
} from './types';
import type { AuditEntry, AuditHead, AuditQuery, AuditVerifyResult, BackupResult, BackupStatus, ExportOptions, ExportResult, RestoreResult } from './audit-types';
import type { Correction } from './corrections';
import type { ModelMetric } from '../model/model-input';

// ---------------------------------------------------------------------------------------------
// The service, as the main process and the CLI use it (synchronous: better-sqlite3). Every method
// that writes also appends an audit row in the same transaction; every refusal is a KrpError with a
// `record.*` code naming the field. The IPC contract wraps these one-to-one.

export interface RecordService {
  /** Creates a patient; refuses a duplicate hospital ID or display code. */
  createPatient(input: PatientInput): Patient;
  /** Corrects the given fields of a live patient; the reason is required and kept with the old values. */
  updatePatient(id: number, patch: PatientUpdate, reason: string): Patient;
  /** Soft-deletes a patient (and hides it from lists); the reason is required. */
  deletePatient(id: number, reason: string): Patient;
  getPatient(id: number): Patient;
  /** One page of patients, newest change first, with each one's latest z and NRS pair. */
  listPatients(query?: PatientListQuery): PatientPage;
  /** The patient's whole chart; writes an 'open-chart' access-log audit row. */
  openChart(patientId: number): PatientChart;

  addScan(input: ScanInput): Scan;
  deleteScan(id: number, reason: string): Scan;
  /** Stores one analysis run on a scan (earlier runs are kept). */
  addAnalysis(input: AnalysisInput): Analysis;
  /** Stores an analysis with its scan in one transaction, reusing the patient's scan with the same SHA-256. */
  recordAnalysisRun(scan: ScanInput, analysis: Omit<AnalysisInput, 'scanId'>): Analysis;
  /** One analysis by id. */
  getAnalysis(id: number): Analysis;
  /** The analyses of one scan, newest first. */
  listAnalyses(scanId: number): Analysis[];
  /** The newest analysis over all live scans of the patient, null when none. */
  latestAnalysisForPatient(patientId: number): Analysis | null;
  /** The analysis that counts for the estimate: the clinician's newest choice while its scan is live, else the newest. */
  analysisInUse(patientId: number): Analysis | null;
  /** Chooses the analysis that counts (reason required; the earlier choice is kept, audited, shown in the chart). */
  chooseAnalysis(patientId: number, analysisId: number, reason: string): AnalysisChoice;
  /** The choices of the analysis that counts, newest first. */
  listAnalysisChoices(patientId: number): AnalysisChoice[];

  addInfusion(input: InfusionInput): Infusion;
  updateInfusion(id: number, patch: InfusionUpdate, reason: string): Infusion;
  deleteInfusion(id: number, reason: string): Infusion;

  /** Refuses a post60 without a pre for the same infusion, or recorded before it. */
  addAssessment(input: AssessmentInput): Assessment;
  updateAssessment(id: number, patch: AssessmentUpdate, reason: string): Assessment;
  /** The corrections and removals of a patient's data (reason, who, when), newest first. */
  listCorrections(patientId: number): Correction[];
  deleteAssessment(id: number, reason: string): Assessment;

  /** Stores a response estimate as shown, with its model. */
  saveEstimate(input: EstimateInput): Estimate;
  /** Newest first. */
  listEstimates(patientId: number): Estimate[];
  /** Per live patient with an analysis and a pre/post60 NRS pair: the calibration pair (optionally one settings hash). */
  calibrationSet(settingsHash?: string): CalibrationRow[];
  /**
   * An opaque token that changes whenever clinical data (patients, scans, analyses, infusions,
   * assessments) change or the record is re-opened; unchanged by estimates and access-log entries.
   * What is derived from the calibration set may be cached under it.
   */
  clinicalRevision(): string;

  /** Audit entries, newest first. */
  listAudit(query?: AuditQuery): AuditEntry[];
  /**
   * Recomputes the hash chain and compares every clinical row with the image the trail recorded
   * for it (edited, inserted or deleted rows, truncated trail); with an anchor, also checks that
   * the trail still holds that entry unchanged.
   */
  verifyAudit(anchor?: AuditHead): AuditVerifyResult;
  /** Writes the access-log row of a saved report PDF (identified or not); the file path is not logged. */
  logReportSaved(patientId: number, details: { deidentified: boolean; bytes: number }): void;
  /** Cohort CSV, one row per patient (writes an 'export' audit row). */
  exportCohort(options: ExportOptions): ExportResult;
  /** Online backup to a new file, integrity-checked after (writes a 'backup' audit row). */
  backup(toPath: string): Promise<BackupResult>;
  /**
   * Replaces the database with a validated backup (SQLite, integrity ok, known schema version,
   * audit chain intact); the current file is first kept as a safety copy. Writes a 'restore' row.
   */
  restore(fromPath: string): Promise<RestoreResult>;
  /** The audit head and the last backup, for the settings screen. */
  backupStatus(): BackupStatus;
  /** The connectivity number the site's response model uses (default ROI-to-ROI). */
  /** The institution name printed on reports ('' when none). */
  siteInstitution(): string;
  /** Sets it (administrators; '' clears it); audited. */
  setSiteInstitution(name: string): string;
  siteModelMetric(): ModelMetric;
  /** Changes it (reason required, audited); returns the new choice. */
  setSiteModelMetric(metric: ModelMetric, reason: string): ModelMetric;
}
