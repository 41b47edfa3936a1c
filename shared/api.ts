/**
 * The one typed contract between the renderer and the main process.
 *
 * Each method has a name (`namespace.verb`), a runtime schema for its single argument object (the
 * main process parses every call with it before any service sees the value) and a result type.
 * Events (main → renderer pushes such as analysis progress) are declared in `KrpEvents`.
 * The preload builds `window.krp` from `METHOD_NAMES` (see shared/api/bridge.ts):
 *   await window.krp.patients.list({ search: 'KET' })
 *   const off = window.krp.on('analysis.progress', (p) => ...)
 * Everything crossing is plain JSON (numbers, strings, booleans, null, arrays, objects).
 */
import type {
  AnalysisImage, AnalysisJobEnd, AnalysisJobProgress, AnalysisJobStarted, AnalysisPreprocessing, ChosenFile, CohortView, DicomListingProgress, DicomSeriesList,
  PatientEstimate, ReportSaved, ScanPreview,
} from './api-imaging';
import { IMAGE_KINDS, IMAGING_FILE_PURPOSES, SCRUB_MODES } from './api-imaging';
import { ACCOUNT_ARG_SCHEMAS, type AccountResultTypes, type AutoBackupStatus } from './api-accounts';
import type { UserAccount } from './record/accounts';
import type {
  AnalysisChoice, Assessment, AuditEntry, AuditVerifyResult, BackupResult, BackupStatus, Correction, Infusion, Patient, PatientChart, PatientListItem, RestoreResult,
} from './record/types';
import type { NrsOutcome } from './scoring/types';
import { MODEL_METRICS, type ModelMetric } from './model/model-input';
import {
  boolean, isoDate, list, nullable, number, object, oneOf, optional, text, type Infer, type Schema,
} from './api/schema';

// ---------------------------------------------------------------------------------------------
// Argument schemas

const id = number({ min: 1, max: Number.MAX_SAFE_INTEGER, integer: true });
const language = oneOf(['ja', 'en'] as const);
const sex = oneOf(['female', 'male', 'other', 'unknown'] as const);
const timePoint = oneOf(['pre', 'post60'] as const);
/** Date-time as typed in a form: YYYY-MM-DDTHH:MM (local) or with seconds / zone. */
const dateTime = text({
  min: 16, max: 32,
  pattern: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?$/,
  patternHint: 'YYYY-MM-DDTHH:MM',
});
/**
 * A local file path as the open dialog (or the preload's drop helper) gave it: absolute (POSIX `/…`,
 * Windows `C:\…` or `\\server\…`), at most 4096 characters. The main process only reads it.
 */
const localPath = text({
  min: 2, max: 4096,
  pattern: /^(\/|[A-Za-z]:[\\/]|\\\\)/,
  patternHint: 'an absolute file path',
});
const jobId = text({ min: 1, max: 64, pattern: /^[A-Za-z0-9-]+$/, patternHint: 'a job id' });
/** Why a value is corrected or a row removed: one line, required (kept with who and when). */
const reason = text({ min: 1, max: 500 });
const hadsItem = nullable(number({ min: 0, max: 3, integer: true }));
const pcsItem = nullable(number({ min: 0, max: 4, integer: true }));

const patientFields = {
  hospitalId: optional(nullable(text({ min: 1, max: 64 }))),
  displayCode: text({ min: 1, max: 40 }),
  birthYear: optional(nullable(number({ min: 1900, max: 2200, integer: true }))),
  birthDate: optional(nullable(isoDate())),
  sex: optional(sex),
  diagnosis: optional(text({ max: 500 })),
  painDurationMonths: optional(nullable(number({ min: 0, max: 1200 }))),
  psychiatricHistory: optional(nullable(boolean())),
  abnormalMri: optional(nullable(boolean())),
  notes: optional(text({ max: 5000 })),
};

const patientPatchFields = { ...patientFields, displayCode: optional(patientFields.displayCode) };

export const ANALYSIS_FILTERS = ['any', 'analysed', 'not-analysed'] as const;
export const RESPONDER_FILTERS = ['any', 'responder', 'non-responder', 'not-evaluable', 'pending'] as const;
export const PATIENT_SORTS = ['updated', 'code', 'z', 'reduction'] as const;

export type AnalysisFilter = (typeof ANALYSIS_FILTERS)[number];
export type ResponderFilter = (typeof RESPONDER_FILTERS)[number];
export type PatientSort = (typeof PATIENT_SORTS)[number];

/** Argument schemas, one per method. */
export const ARG_SCHEMAS = {
  'app.info': object({}),
  'session.get': object({}),
  'session.setLanguage': object({ language }),
  ...ACCOUNT_ARG_SCHEMAS,

  'patients.list': object({
    search: optional(text({ max: 100 })),
    analysis: optional(oneOf(ANALYSIS_FILTERS)),
    responder: optional(oneOf(RESPONDER_FILTERS)),
    sort: optional(oneOf(PATIENT_SORTS)),
    direction: optional(oneOf(['asc', 'desc'] as const)),
    offset: optional(number({ min: 0, max: 10_000_000, integer: true })),
    limit: optional(number({ min: 1, max: 500, integer: true })),
  }),
  'patients.create': object(patientFields),
  /** Corrects a patient's details or eligibility flags; the reason is kept with the old values. */
  'patients.update': object({ patientId: id, patch: object(patientPatchFields), reason }),
  /** Removes a patient entered by mistake (soft delete: hidden, kept in the audit trail). */
  'patients.delete': object({ patientId: id, reason }),
  /** Opens the chart (the store writes an access-log audit row). */
  'patients.open': object({ patientId: id }),

  'infusions.add': object({
    patientId: id,
    startedAt: dateTime,
    weightKg: number({ min: 0.1, max: 400 }),
    doseMgPerKg: optional(number({ min: 0.01, max: 5 })),
    durationMin: optional(number({ min: 1, max: 1440, integer: true })),
    notes: optional(text({ max: 2000 })),
  }),
  /** Corrects an infusion (weight, dose, duration, start); the reason is kept with the old values. */
  'infusions.update': object({
    infusionId: id,
    patch: object({
      startedAt: optional(dateTime),
      weightKg: optional(number({ min: 0.1, max: 400 })),
      doseMgPerKg: optional(number({ min: 0.01, max: 5 })),
      durationMin: optional(number({ min: 1, max: 1440, integer: true })),
    }),
    reason,
  }),
  'infusions.delete': object({ infusionId: id, reason }),

  'assessments.add': object({
    patientId: id,
    infusionId: id,
    timePoint,
    recordedAt: dateTime,
    nrs: nullable(number({ min: 0, max: 10, integer: true })),
    hadsItems: optional(nullable(list(hadsItem, { length: 14 }))),
    pcsItems: optional(nullable(list(pcsItem, { length: 13 }))),
  }),
  'assessments.update': object({
    assessmentId: id,
    patch: object({
      recordedAt: optional(dateTime),
      nrs: optional(nullable(number({ min: 0, max: 10, integer: true }))),
      hadsItems: optional(nullable(list(hadsItem, { length: 14 }))),
      pcsItems: optional(nullable(list(pcsItem, { length: 13 }))),
    }),
    reason,
  }),
  'assessments.delete': object({ assessmentId: id, reason }),
  /** The corrections and removals of a patient's data (reason, who, when), newest first. */
  'corrections.list': object({ patientId: id }),
  /** Chooses which of the patient's analyses counts for the estimate, with a reason (the earlier choice is kept). */
  'analyses.choose': object({ patientId: id, analysisId: id, reason }),

  'audit.list': object({
    patientId: optional(id),
    limit: optional(number({ min: 1, max: 5000, integer: true })),
  }),
  'audit.verify': object({}),

  'records.backup': object({}),
  /** The audit head now and the last backup (settings screen). */
  'records.backupStatus': object({}),
  'records.restore': object({}),
  'records.export': object({ deidentified: boolean() }),
  /** The institution name printed on reports (kept in the record). */
  'records.institution': object({}),
  /** Sets it (administrators; '' clears it); audited. */
  'records.setInstitution': object({ name: text({ min: 0, max: 1000 }) }),
  /** The connectivity number the site's response model uses (kept in the record). */
  'records.modelMetric': object({}),
  /** Changes it; the reason goes into the audit trail. */
  'records.setModelMetric': object({ metric: oneOf(MODEL_METRICS), reason }),

  /** Open dialog for one of the imaging inputs; cancelled → { status: 'cancelled' }. */
  'imaging.chooseFile': object({ purpose: oneOf(IMAGING_FILE_PURPOSES) }),
  /** Header summary and space decision of a candidate BOLD (nothing stored); a refusal is a value. */
  'imaging.inspect': object({ path: localPath, trSeconds: optional(nullable(number({ min: 0.1, max: 20 }))), confoundsPath: optional(nullable(localPath)) }),
  /**
   * The series of a DICOM folder or .zip (description, volumes, TR, voxel size, kind) with the
   * resting BOLD and T1 pre-selected, and the files' patient identity (shown, never stored).
   */
  'imaging.listSeries': object({ path: localPath }),
  /**
   * Stops reading a DICOM folder (the headers are read in a worker, with `imaging.listingProgress`
   * events); the pending `imaging.listSeries` rejects with dicom.listing-cancelled. No-op when none runs.
   */
  'imaging.cancelListing': object({}),
  /**
   * Starts the analysis in the worker; progress and the end arrive as events. `boldPath` is an
   * MNI NIfTI (analysed as is), a native-space NIfTI or a DICOM folder / .zip (preprocessed to MNI
   * first); `boldSeries` picks the BOLD series of a DICOM input, `t1Path` an optional T1 (NIfTI or
   * DICOM folder; a DICOM input's own T1 is used when it is null), `t1Series` a T1 series of the
   * DICOM folder other than the pre-selected one, `noT1` analyses without a T1.
   */
  'imaging.analyze': object({
    patientId: id,
    boldPath: localPath,
    boldSeries: optional(nullable(number({ min: 0, max: 1_000_000, integer: true }))),
    t1Path: optional(nullable(localPath)),
    t1Series: optional(nullable(number({ min: 0, max: 1_000_000, integer: true }))),
    noT1: optional(boolean()),
    confoundsPath: optional(nullable(localPath)),
    wmMaskPath: optional(nullable(localPath)),
    csfMaskPath: optional(nullable(localPath)),
    acquiredAt: isoDate(),
    trSeconds: optional(nullable(number({ min: 0.1, max: 20 }))),
    dropInitialVolumes: optional(number({ min: 0, max: 100, integer: true })),
    scrub: optional(oneOf(SCRUB_MODES)),
  }),
  'imaging.cancel': object({ jobId }),
  /** One stored image of an analysis (gzip NIfTI, base64) for the viewer. */
  'imaging.image': object({ analysisId: id, kind: oneOf(IMAGE_KINDS) }),
  /** The preprocessing summary kept with an analysis (registration metrics, motion over time). */
  'imaging.preprocessing': object({ analysisId: id }),
  /**
   * The physician rejects an analysis (e.g. its registration check): its scan is removed from the
   * chart (soft delete, kept in the record with who, when and why) so no estimate uses it.
   */
  'imaging.reject': object({ analysisId: id, reason: text({ min: 1, max: 500 }) }),

  /** The patient's estimate from their latest analysis (stored each time it is shown). */
  'estimate.forPatient': object({ patientId: id }),
  /** The site's calibration cohort with the app's default analysis settings. */
  'cohort.view': object({}),

  /** Prints the report view now on screen to PDF and saves it where the user chooses. */
  'report.savePdf': object({ patientId: id, deidentified: boolean() }),
} satisfies Record<string, Schema<unknown>>;

// ---------------------------------------------------------------------------------------------
// Result types

export interface AppInfo {
  name: string;
  version: string;
  /** Absolute path of the folder holding the record database. */
  dataDir: string;
  /** 'electron' in the app, 'stand-in' in the e2e harness. */
  host: 'electron' | 'stand-in';
}

export interface SessionState {
  /** The signed-in user's display name (null until someone signs in on the start screen). */
  clinician: string | null;
  /** The signed-in user (null before sign-in). */
  user: UserAccount | null;
  /** The screen is locked (inactivity or "Lock"): record calls are refused until unlocked. */
  locked: boolean;
  /** No user exists yet: the start screen creates the first administrator. */
  needsFirstAdministrator: boolean;
  /** The user name that signed in last on this computer, to prefill the start screen. */
  lastUsername: string | null;
  /** The language chosen last; null on the very first start. */
  language: 'ja' | 'en' | null;
  /** Minutes without activity before the screen locks. */
  lockMinutes: number;
}

/** A list row with its NRS outcome (from shared/scoring) for the responder column and filter. */
export interface PatientRow extends PatientListItem {
  outcome: NrsOutcome;
}

export interface PatientListResult {
  rows: PatientRow[];
  /** Rows matching search and filters (all pages). */
  total: number;
}

export type FileActionResult<T> = { status: 'done'; result: T } | { status: 'cancelled' };

export interface ExportSaved {
  path: string;
  rows: number;
}

/** Result type of each method. */
export interface ResultTypes extends AccountResultTypes {
  'app.info': AppInfo;
  'session.get': SessionState;
  'session.createAdministrator': SessionState;
  'session.signIn': SessionState;
  'session.unlock': SessionState;
  'session.setLanguage': SessionState;
  'patients.list': PatientListResult;
  'patients.create': Patient;
  'patients.update': Patient;
  'patients.delete': Patient;
  'patients.open': PatientChart;
  'infusions.add': Infusion;
  'infusions.update': Infusion;
  'infusions.delete': Infusion;
  'assessments.add': Assessment;
  'assessments.update': Assessment;
  'assessments.delete': Assessment;
  'corrections.list': Correction[];
  'analyses.choose': AnalysisChoice;
  'audit.list': AuditEntry[];
  'audit.verify': AuditVerifyResult;
  'records.backup': FileActionResult<BackupResult>;
  'records.backupStatus': BackupStatus;
  'records.restore': FileActionResult<RestoreResult>;
  'records.export': FileActionResult<ExportSaved>;
  'records.institution': string;
  'records.setInstitution': string;
  'records.modelMetric': ModelMetric;
  'records.setModelMetric': ModelMetric;
  'imaging.chooseFile': FileActionResult<ChosenFile>;
  'imaging.inspect': ScanPreview;
  'imaging.analyze': AnalysisJobStarted;
  'imaging.cancel': null;
  'imaging.image': AnalysisImage;
  'imaging.listSeries': DicomSeriesList;
  'imaging.cancelListing': null;
  'imaging.preprocessing': AnalysisPreprocessing;
  'imaging.reject': null;
  'estimate.forPatient': PatientEstimate;
  'cohort.view': CohortView;
  'report.savePdf': FileActionResult<ReportSaved>;
}

export type MethodName = keyof typeof ARG_SCHEMAS;
export type MethodArgs<M extends MethodName> = Infer<(typeof ARG_SCHEMAS)[M]>;
export type MethodResult<M extends MethodName> = ResultTypes[M];

/** Every method name, in a fixed order (the preload builds window.krp from it). */
export const METHOD_NAMES = Object.keys(ARG_SCHEMAS) as MethodName[];

/** True when `name` is a method of the contract (own key, not a prototype name). */
export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(ARG_SCHEMAS, name);
}

/** Parses one call's argument with its method's schema; throws KrpError `ipc.invalid-argument`. */
export function parseArgs<M extends MethodName>(method: M, raw: unknown): MethodArgs<M> {
  return (ARG_SCHEMAS[method] as Schema<MethodArgs<M>>).parse(raw, `${method}(args)`);
}

// ---------------------------------------------------------------------------------------------
// Events (main → renderer)

export interface KrpEvents {
  /** Progress of a running analysis job; fraction 0..1 over the whole job. */
  'analysis.progress': AnalysisJobProgress;
  /** How a job ended: done (stored), cancelled or failed (nothing stored). */
  'analysis.finished': AnalysisJobEnd;
  /** An automatic (scheduled) backup ran: where, when, OK or failed. */
  'backup.auto': AutoBackupStatus;
  /** Progress of reading a DICOM folder's headers for the series picker. */
  'imaging.listingProgress': DicomListingProgress;
}
export type EventName = keyof KrpEvents;
export const EVENT_NAMES: EventName[] = ['analysis.progress', 'analysis.finished', 'backup.auto', 'imaging.listingProgress'];

// ---------------------------------------------------------------------------------------------
// The object the preload exposes as window.krp

type Namespace<M extends string> = M extends `${infer N}.${string}` ? N : never;
type Verb<M extends string, N extends string> = M extends `${N}.${infer V}` ? V : never;

type BridgeFunction<M> = M extends MethodName ? (args: MethodArgs<M>) => Promise<MethodResult<M>> : never;

export type KrpBridge = {
  [N in Namespace<MethodName>]: {
    [V in Verb<MethodName, N>]: BridgeFunction<`${N}.${V}`>;
  };
} & {
  /** Subscribes to an event; returns the function that unsubscribes. */
  on<E extends EventName>(event: E, listener: (payload: KrpEvents[E]) => void): () => void;
};

/** IPC channel names (Electron) / binding names (e2e stand-in). */
export const INVOKE_CHANNEL = 'krp:invoke';
export const EVENT_CHANNEL = 'krp:event';
