/**
 * The record's maintenance operations, below RecordStore: the audit trail (list, verify against an
 * optional anchor), the access-logged exports (cohort CSV, report PDF saves), and complete backups
 * and checked restores (backup.ts). Every write goes through RecordCore's `mutate`.
 */
import { dirname, resolve } from 'node:path';
import { APP_VERSION } from '../../../shared/version';
import type {
  AuditEntry, AuditHead, AuditQuery, AuditVerifyResult, BackupResult, BackupStatus, ExportOptions, ExportResult, Patient, RestoreResult,
} from '../../../shared/record/types';
import { listAudit } from './audit-log';
import { restoreBackupSet, writeBackupSet } from './backup';
import { backupStatus } from './backup-status';
import { cohortCodebook } from './cohort-codebook';
import { cohortCsv } from './cohort-csv';
import { openDatabase } from './database';
import { RecordAccounts } from './record-accounts';
import { verifyRecord } from './record-verify';
import { summarize, type FullSummary } from './record-views';
import { checkNumber, checkReason, refuse } from './validate';
import { checkInstitution, INSTITUTION_MAX } from '../../../shared/record/institution';
import { DEFAULT_MODEL_METRIC, isModelMetric, MODEL_METRICS, type ModelMetric } from '../../../shared/model/model-input';

/** The `meta` key holding the institution name printed on reports. */
const INSTITUTION_KEY = 'institution_name';

/** The `meta` key holding the site's choice of connectivity metric for the response model. */
const MODEL_METRIC_KEY = 'model_metric';

export abstract class RecordMaintenance extends RecordAccounts {
  /** The institution name printed at the top of reports ('' when none is set). */
  siteInstitution(): string {
    const value = this.db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(INSTITUTION_KEY);
    return typeof value === 'string' ? value : '';
  }

  /** Sets (or with '' clears) the institution name; administrators only, audited with before and after. */
  setSiteInstitution(name: string): string {
    if (typeof name !== 'string') refuse('invalid-text', 'Institution name', 'The institution name must be text.');
    const checked = checkInstitution(name);
    if (!checked.ok) {
      if (checked.error === 'too-long') refuse('text-too-long', 'Institution name', `The institution name may have at most ${INSTITUTION_MAX} characters.`);
      refuse('invalid-text', 'Institution name', 'The institution name contains control, direction or zero-width characters. Type it again.');
    }
    this.requireAdministrator('change the institution name');
    const before = this.siteInstitution();
    if (checked.value === before) return before;
    return this.mutate(() => {
      if (checked.value === '') this.db.prepare('DELETE FROM meta WHERE key = ?').run(INSTITUTION_KEY);
      else this.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(INSTITUTION_KEY, checked.value);
      return { result: checked.value, audit: { entity: 'database', entityId: null, action: 'update', before: { institution: before }, after: { institution: checked.value } } };
    });
  }

  /** The connectivity number the site's response model uses (kept in the record: it travels with backups). */
  siteModelMetric(): ModelMetric {
    const value = this.db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(MODEL_METRIC_KEY);
    return isModelMetric(value) ? value : DEFAULT_MODEL_METRIC;
  }

  /**
   * Changes the site's model metric, with the reason in the audit trail. Estimates already shown
   * keep the metric they were made with (in their model version); new ones use this one.
   */
  setSiteModelMetric(metric: ModelMetric, reason: string): ModelMetric {
    if (!isModelMetric(metric)) {
      refuse('invalid-input', 'Model metric', `The model metric must be one of ${MODEL_METRICS.join(', ')}; got ${JSON.stringify(metric)}.`);
    }
    const why = checkReason(reason);
    this.requireAdministrator('change the model metric');
    const before = this.siteModelMetric();
    return this.mutate(() => {
      this.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(MODEL_METRIC_KEY, metric);
      return { result: metric, audit: { entity: 'database', entityId: null, action: 'update', before: { modelMetric: before }, after: { modelMetric: metric, reason: why } } };
    });
  }

  listAudit(query: AuditQuery = {}): AuditEntry[] {
    return listAudit(this.db, query);
  }

  verifyAudit(anchor?: AuditHead): AuditVerifyResult {
    return verifyRecord(this.db, anchor);
  }

  logReportSaved(patientId: number, details: { deidentified: boolean; bytes: number }): void {
    const patient = this.getPatient(patientId);
    const after = { kind: 'report-pdf', deidentified: details.deidentified === true, bytes: checkNumber(details.bytes, 'PDF size', 0, 1e10) };
    this.mutate(() => ({ result: null, audit: { entity: 'patient', entityId: patient.id, action: 'export', before: null, after } }));
  }

  exportCohort(options: ExportOptions): ExportResult {
    const deidentified = options?.deidentified === true;
    return this.mutate(() => {
      const patients = (this.db.prepare(`SELECT id FROM patients ${options?.includeDeleted ? '' : 'WHERE deleted_at IS NULL'} ORDER BY id`)
        .pluck().all() as number[]).map((id) => this.patients.get(id) as Patient);
      const { patients: csv, infusions, infusionRows } = cohortCsv(patients.map((p): FullSummary => summarize(this.repos, p)), deidentified);
      return {
        result: { csv, rows: patients.length, infusionsCsv: infusions, infusionRows, codebook: cohortCodebook(deidentified) },
        audit: { entity: 'database', entityId: null, action: 'export', before: null, after: { kind: 'cohort-csv', pseudonymized: deidentified, patients: patients.length, infusions: infusionRows } },
      };
    });
  }

  private backupOptions() {
    return { dbPath: this.path, dataDir: dirname(resolve(this.path)), appVersion: APP_VERSION, now: this.now };
  }

  backupStatus(): BackupStatus {
    return backupStatus(this.db);
  }

  /** `scheduled`: written by the automatic schedule (noted in its audit entry). */
  async backup(toPath: string, options: { scheduled?: boolean } = {}): Promise<BackupResult> {
    const result = await writeBackupSet(this.db, toPath, this.backupOptions());
    const after = options.scheduled ? { ...result, scheduled: true } : { ...result };
    this.mutate(() => ({ result: null, audit: { entity: 'database', entityId: null, action: 'backup', before: null, after } }));
    return result;
  }

  /** Access-logs a backup that failed (the scheduled ones are also shown in the app). */
  logBackupFailure(toPath: string, message: string, scheduled: boolean): void {
    this.mutate(() => ({ result: null, audit: { entity: 'database', entityId: null, action: 'backup-failed', before: null, after: { path: toPath, message: message.slice(0, 500), scheduled } } }));
  }

  /** Administrators only (refused here, whatever the caller's screen allows). */
  async restore(fromPath: string): Promise<RestoreResult> {
    this.requireAdministrator('restore a backup');
    try {
      return await restoreBackupSet(this.db, fromPath, { ...this.backupOptions(), actor: this.actor }); // writes its own audit entry
    } finally {
      if (!this.db.open) this.attach(openDatabase(this.path, { actor: this.actor, now: this.now }).db);
      this.revalidateActor();
    }
  }
}
