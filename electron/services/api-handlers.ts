/**
 * The one map from contract methods to services, used by the Electron IPC binding and by the e2e
 * stand-in bridge alike (so the two ends cannot drift). Arguments arrive already parsed by the
 * contract's schemas (shared/api/dispatch.ts); anything the record store refuses surfaces as its
 * KrpError unchanged.
 */
import type { ExportSaved, FileActionResult, PatientListResult, PatientRow } from '../../shared/api';
import type { ApiHandlers } from '../../shared/api/dispatch';
import type { AuditEntry, JsonValue, PatientListItem, RecordService } from '../../shared/record/types';
import { nrsOutcome } from '../../shared/scoring';
import type { AppSettings } from './app-settings';
import { createImagingHandlers, type ImagingHandlerDeps } from './api-handlers-imaging';
import { createSessionHandlers, type AccountSession } from './api-handlers-session';

/** Save / open dialogs (Electron's dialog module in the app; a scripted chooser in e2e). */
export interface FileChooser {
  /** Asks where to save; resolves to an absolute path, or null when the user cancelled. */
  chooseSavePath(purpose: 'backup' | 'export', defaultName: string): Promise<string | null>;
  /** Asks which backup to restore; resolves to an absolute path, or null when cancelled. */
  chooseBackupToRestore(): Promise<string | null>;
  /** Asks for the automatic backups' folder; null when cancelled. */
  chooseFolder?(): Promise<string | null>;
}

export interface ApiHandlerDeps extends ImagingHandlerDeps {
  host: 'electron' | 'stand-in';
  appName: string;
  appVersion: string;
  dataDir: string;
  /** The JSON file of app preferences (language, last user name, lock time, backup schedule). */
  settingsPath: string;
  /** The record for the signed-in user; throws session.no-user / session.locked before sign-in or while locked. */
  record(): RecordService;
  /** Sign-in, lock and user management (RecordSession). */
  session: AccountSession;
  /** Called after the settings changed (the backup scheduler re-reads them). */
  onSettingsChanged?(settings: AppSettings): void;
  files: FileChooser;
  writeTextFile(path: string, text: string): Promise<void>;
  /** Wraps every write so quit waits for it (QuitCoordinator.track); identity when absent. */
  track?<T>(work: () => T | Promise<T>): Promise<T>;
  /** Local time now (for default file names); tests pass a fixed clock. */
  now?(): Date;
}

/** Builds the handler of every contract method over `deps`. */
export function createApiHandlers(deps: ApiHandlerDeps): ApiHandlers {
  const track = <T>(work: () => T | Promise<T>): Promise<T> => (deps.track ? deps.track(work) : Promise.resolve().then(work));
  const now = () => (deps.now ? deps.now() : new Date());
  /** Every record call goes through the signed-in, unlocked session (refused otherwise, here in main). */
  const writer = (): RecordService => deps.record();

  return {
    'app.info': () => ({ name: deps.appName, version: deps.appVersion, dataDir: deps.dataDir, host: deps.host }),

    ...createSessionHandlers({
      session: deps.session, settingsPath: deps.settingsPath, track,
      chooseBackupFolder: () => (deps.files.chooseFolder ? deps.files.chooseFolder() : Promise.resolve(null)),
      ...(deps.onSettingsChanged ? { onSettingsChanged: deps.onSettingsChanged } : {}),
    }),

    'patients.list': (args) => listPatients(deps.record(), args),
    'patients.create': (args) => track(() => writer().createPatient(args)),
    'patients.update': (args) => track(() => writer().updatePatient(args.patientId, args.patch, args.reason)),
    'patients.delete': (args) => track(() => writer().deletePatient(args.patientId, args.reason)),
    'patients.open': (args) => track(() => writer().openChart(args.patientId)),

    'infusions.add': (args) => track(() => writer().addInfusion(args)),
    'infusions.update': (args) => track(() => writer().updateInfusion(args.infusionId, args.patch, args.reason)),
    'infusions.delete': (args) => track(() => writer().deleteInfusion(args.infusionId, args.reason)),
    'assessments.add': (args) => track(() => writer().addAssessment(args)),
    'assessments.update': (args) => track(() => writer().updateAssessment(args.assessmentId, args.patch, args.reason)),
    'assessments.delete': (args) => track(() => writer().deleteAssessment(args.assessmentId, args.reason)),
    'corrections.list': (args) => deps.record().listCorrections(args.patientId),
    'analyses.choose': (args) => track(() => writer().chooseAnalysis(args.patientId, args.analysisId, args.reason)),

    'audit.list': (args) => {
      const limit = args.limit ?? 500;
      if (args.patientId === undefined) return deps.record().listAudit({ limit });
      return patientAudit(deps.record(), args.patientId, limit);
    },
    'audit.verify': () => deps.record().verifyAudit(),

    'records.backupStatus': () => deps.record().backupStatus(),
    'records.institution': () => deps.record().siteInstitution(),
    'records.setInstitution': (args) => track(() => writer().setSiteInstitution(args.name)),
    'records.modelMetric': () => deps.record().siteModelMetric(),
    'records.setModelMetric': (args) => track(() => writer().setSiteModelMetric(args.metric, args.reason)),
    'records.backup': async () => {
      const path = await deps.files.chooseSavePath('backup', `krp-backup-${stamp(now())}`);
      if (path === null) return { status: 'cancelled' };
      return { status: 'done', result: await track(() => writer().backup(path)) };
    },
    'records.restore': async () => {
      writer();
      deps.session.accounts().requireAdministrator('restore a backup'); // before the dialog; the store checks again
      const path = await deps.files.chooseBackupToRestore();
      if (path === null) return { status: 'cancelled' };
      return { status: 'done', result: await track(() => writer().restore(path)) };
    },
    'records.export': async (args): Promise<FileActionResult<ExportSaved>> => {
      writer();
      const name = `krp-cohort${args.deidentified ? '-pseudonymized' : ''}-${stamp(now())}.csv`;
      const path = await deps.files.chooseSavePath('export', name);
      if (path === null) return { status: 'cancelled' };
      const exported = await track(() => writer().exportCohort({ deidentified: args.deidentified }));
      await deps.writeTextFile(path, exported.csv);
      await deps.writeTextFile(`${path.replace(/\.csv$/i, '')}.infusions.csv`, exported.infusionsCsv);
      await deps.writeTextFile(`${path.replace(/\.csv$/i, '')}.codebook.csv`, exported.codebook);
      return { status: 'done', result: { path, rows: exported.rows } };
    },

    ...createImagingHandlers(deps, { writer, track, stamp: () => stamp(now()) }),
  };
}

/** YYYYMMDD-HHMM in local time, for default file names. */
function stamp(date: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}${p(date.getMonth() + 1)}${p(date.getDate())}-${p(date.getHours())}${p(date.getMinutes())}`;
}

const AUDIT_CHUNK = 5000;

/**
 * The newest `limit` audit entries about one patient, newest first: the store's trail read
 * backwards in chunks (it has no per-patient query) and filtered with `concernsPatient`.
 */
export function patientAudit(record: RecordService, patientId: number, limit: number): AuditEntry[] {
  const found: AuditEntry[] = [];
  let beforeSeq: number | undefined;
  for (;;) {
    const chunk = record.listAudit(beforeSeq === undefined ? { limit: AUDIT_CHUNK } : { limit: AUDIT_CHUNK, beforeSeq });
    for (const entry of chunk) {
      if (concernsPatient(entry, patientId)) found.push(entry);
      if (found.length >= limit) return found;
    }
    if (chunk.length < AUDIT_CHUNK) return found;
    beforeSeq = chunk[chunk.length - 1]!.seq;
  }
}

/** True when an audit entry is about the patient: the patient row itself or a row of theirs. */
export function concernsPatient(entry: AuditEntry, patientId: number): boolean {
  if (entry.entity === 'patient') return entry.entityId === patientId;
  return rowPatientId(entry.after) === patientId || rowPatientId(entry.before) === patientId;
}

function rowPatientId(row: JsonValue | null): number | null {
  if (row === null || typeof row !== 'object' || Array.isArray(row)) return null;
  const value = row.patientId;
  return typeof value === 'number' ? value : null;
}

type ListArgs = Parameters<ApiHandlers['patients.list']>[0];

/** One page of the patient list with the contract's filters and sorts (all in SQL: record/patient-list-query.ts). */
export function listPatients(record: RecordService, args: ListArgs): PatientListResult {
  const search = args.search === undefined || args.search === '' ? undefined : args.search;
  const page = record.listPatients({ ...args, search });
  return { total: page.total, rows: page.items.map(withOutcome) };
}

function withOutcome(item: PatientListItem): PatientRow {
  return { ...item, outcome: nrsOutcome(item.preNrs, item.post60Nrs) };
}

