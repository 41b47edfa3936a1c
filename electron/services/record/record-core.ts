/**
 * The record store's core (split from record-store.ts): one writer connection, the repositories,
 * the actor and clock, `mutate` — the only path that changes data, appending its audit row (and a
 * correction's reason row) in the same transaction — and the lookups of live entities.
 */
import type Database from 'better-sqlite3';
import type { Actor, Infusion, Patient, Scan } from '../../../shared/record/types';
import { appendAudit, nextAuditSeq, type AuditDraft } from './audit-log';
import { resetRowTracking } from './row-binding';
import { CorrectionsRepo, type CorrectionDraft } from './corrections-repo';
import { isoNow, openDatabase } from './database';
import { EstimatesRepo } from './estimates-repo';
import { InfusionsRepo } from './infusions-repo';
import { PatientsRepo } from './patients-repo';
import type { RecordRepos } from './record-views';
import { ScansRepo } from './scans-repo';
import { checkId, refuse } from './validate';

export interface RecordStoreOptions {
  /** Who acts: the clinician's name given at app start and the OS user. */
  actor: Actor;
  /** Clock in ms since the epoch (default Date.now); tests inject a fixed one. */
  now?: () => number;
}

function checkActor(actor: Actor): Actor {
  const clinician = typeof actor?.clinician === 'string' ? actor.clinician.trim() : '';
  if (!clinician) refuse('missing-clinician', 'clinician', 'The clinician\'s name is required to open the record: every change is signed with it. Enter your name.');
  const osUser = typeof actor.osUser === 'string' ? actor.osUser.trim() : '';
  return { clinician, osUser, userId: actor.userId ?? null, role: actor.role ?? null };
}

export abstract class RecordCore {
  protected db!: Database.Database;
  protected patients!: PatientsRepo;
  protected scans!: ScansRepo;
  protected infusions!: InfusionsRepo;
  protected estimates!: EstimatesRepo;
  protected corrections!: CorrectionsRepo;
  /** Who signs changes now: the signed-in user (record-accounts.ts sets it), or the opening actor. */
  protected actor: Actor;
  protected readonly now: () => number;
  /** user_version found when the file was opened, and the copy taken before migrating it. */
  readonly openedFromVersion: number;
  readonly preMigrationBackup: string | null;

  protected constructor(readonly path: string, options: RecordStoreOptions) {
    this.actor = checkActor(options.actor);
    this.now = options.now ?? Date.now;
    const opened = openDatabase(path, { actor: this.actor, now: this.now });
    this.openedFromVersion = opened.fromVersion;
    this.preMigrationBackup = opened.preMigrationBackup;
    this.attach(opened.db);
  }

  protected attach(db: Database.Database): void {
    this.db = db;
    this.patients = new PatientsRepo(db);
    this.scans = new ScansRepo(db);
    this.infusions = new InfusionsRepo(db);
    this.estimates = new EstimatesRepo(db);
    this.corrections = new CorrectionsRepo(db);
  }

  /** The underlying connection (for tests and the benchmark). */
  get connection(): Database.Database {
    return this.db;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  protected stamp(): string {
    return isoNow(this.now);
  }

  /**
   * Runs `change` and appends its audit row in one transaction; returns the change's result. A
   * correction or removal also writes its corrections row (reason, who, when) naming that audit entry.
   */
  protected mutate<T>(change: (at: string) => { result: T; audit: AuditDraft; correction?: CorrectionDraft }, actor: Actor = this.actor): T {
    return this.db.transaction(() => {
      const at = this.stamp();
      resetRowTracking(this.db);
      const { result, audit, correction } = change(at);
      // The corrections row is written before its audit entry so that the entry binds it too.
      if (correction) this.corrections.insert(correction, nextAuditSeq(this.db), at, actor.clinician);
      appendAudit(this.db, actor, at, audit);
      return result;
    }).immediate();
  }

  protected get repos(): RecordRepos {
    return { patients: this.patients, scans: this.scans, infusions: this.infusions };
  }

  protected livePatient(id: unknown, field = 'Patient'): Patient {
    const patientId = checkId(id, field);
    const patient = this.patients.get(patientId);
    if (!patient) refuse('unknown-patient', field, `There is no patient with id ${patientId}. Choose an existing patient.`, { id: patientId });
    if (patient.deletedAt !== null) refuse('deleted', field, `Patient ${patient.displayCode} was deleted (${patient.deletionReason}); nothing can be added to or changed in a deleted chart.`, { id: patientId });
    return patient;
  }

  protected liveScan(id: unknown, field = 'Scan'): Scan {
    const scanId = checkId(id, field);
    const scan = this.scans.getScan(scanId);
    if (!scan) refuse('unknown-scan', field, `There is no scan with id ${scanId}. Import the scan first.`, { id: scanId });
    if (scan.deletedAt !== null) refuse('deleted', field, `Scan ${scanId} was deleted (${scan.deletionReason}).`, { id: scanId });
    return scan;
  }

  protected liveInfusion(id: unknown, field = 'Infusion'): Infusion {
    const infusionId = checkId(id, field);
    const infusion = this.infusions.getInfusion(infusionId);
    if (!infusion) refuse('unknown-infusion', field, `There is no infusion with id ${infusionId}. Record the infusion first.`, { id: infusionId });
    if (infusion.deletedAt !== null) refuse('deleted', field, `Infusion ${infusionId} was deleted (${infusion.deletionReason}).`, { id: infusionId });
    return infusion;
  }

  getPatient(id: number): Patient {
    const patientId = checkId(id, 'Patient');
    const patient = this.patients.get(patientId);
    if (!patient) refuse('unknown-patient', 'Patient', `There is no patient with id ${patientId}.`, { id: patientId });
    return patient;
  }
}
