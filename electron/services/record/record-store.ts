/**
 * The clinical record store: one writer connection to the SQLite file, repositories per entity,
 * and `mutate`, the only path that changes data: it runs the change and appends its audit row in
 * one transaction, so a refusal or a crash stores nothing and every change leaves a trace.
 * No Electron import: the main process, the CLI and the tests all use this class.
 */
import type Database from 'better-sqlite3';
import { ageInYears, compareInstants, localDay, minutesBetween, parseInstant } from '../../../shared/record/dates';
import {
  DEFAULT_DOSE_MG_PER_KG, DEFAULT_INFUSION_MINUTES, TIME_POINTS,
  type Actor, type Analysis, type AnalysisInput, type Assessment, type AssessmentInput, type AssessmentUpdate,
  type AuditEntry, type AuditQuery, type AuditVerifyResult, type BackupResult, type CalibrationRow, type Estimate,
  type EstimateInput, type ExportOptions, type ExportResult, type Infusion, type InfusionInput, type InfusionUpdate,
  type InfusionWithAssessments, type Patient, type PatientChart, type PatientInput, type PatientListQuery,
  type PatientPage, type PatientUpdate, type RecordService, type RestoreResult, type Scan, type ScanInput, type TimePoint,
} from '../../../shared/record/types';
import { checkEligibility } from '../../../shared/scoring/eligibility';
import { scoreHads } from '../../../shared/scoring/hads';
import { checkNrs, nrsOutcome } from '../../../shared/scoring/nrs';
import { scorePcs } from '../../../shared/scoring/pcs';
import { appendAudit, listAudit, verifyAudit, type AuditDraft } from './audit-log';
import { backupDatabase, restoreDatabase } from './backup';
import { cohortCsv, type PatientSummary } from './cohort-csv';
import { isoNow, openDatabase } from './database';
import { calibrationRows } from './calibration-query';
import { EstimatesRepo } from './estimates-repo';
import { InfusionsRepo, type AssessmentFields, type InfusionFields } from './infusions-repo';
import { newDateShiftDays } from './migrations';
import { PatientsRepo, type PatientFields } from './patients-repo';
import { ScansRepo } from './scans-repo';
import {
  checkFlag, checkId, checkInstant, checkInteger, checkNumber, checkReason, checkSex, checkSha256, checkText, refuse,
} from './validate';

export interface RecordStoreOptions {
  /** Who acts: the clinician's name given at app start and the OS user. */
  actor: Actor;
  /** Clock in ms since the epoch (default Date.now); tests inject a fixed one. */
  now?: () => number;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkActor(actor: Actor): Actor {
  const clinician = typeof actor?.clinician === 'string' ? actor.clinician.trim() : '';
  if (!clinician) refuse('missing-clinician', 'clinician', 'The clinician\'s name is required to open the record: every change is signed with it. Enter your name.');
  const osUser = typeof actor.osUser === 'string' ? actor.osUser.trim() : '';
  return { clinician, osUser };
}

export class RecordStore implements RecordService {
  private db!: Database.Database;
  private patients!: PatientsRepo;
  private scans!: ScansRepo;
  private infusions!: InfusionsRepo;
  private estimates!: EstimatesRepo;
  private readonly actor: Actor;
  private readonly now: () => number;
  /** user_version found when the file was opened, and the copy taken before migrating it. */
  readonly openedFromVersion: number;
  readonly preMigrationBackup: string | null;

  private constructor(readonly path: string, options: RecordStoreOptions) {
    this.actor = checkActor(options.actor);
    this.now = options.now ?? Date.now;
    const opened = openDatabase(path, { actor: this.actor, now: this.now });
    this.openedFromVersion = opened.fromVersion;
    this.preMigrationBackup = opened.preMigrationBackup;
    this.attach(opened.db);
  }

  /** Opens (creating and migrating as needed) the record at `path`. */
  static open(path: string, options: RecordStoreOptions): RecordStore {
    return new RecordStore(path, options);
  }

  private attach(db: Database.Database): void {
    this.db = db;
    this.patients = new PatientsRepo(db);
    this.scans = new ScansRepo(db);
    this.infusions = new InfusionsRepo(db);
    this.estimates = new EstimatesRepo(db);
  }

  /** The underlying connection (for tests and the benchmark). */
  get connection(): Database.Database {
    return this.db;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  private stamp(): string {
    return isoNow(this.now);
  }

  /** Runs `change` and appends its audit row in one transaction; returns the change's result. */
  private mutate<T>(change: (at: string) => { result: T; audit: AuditDraft }): T {
    return this.db.transaction(() => {
      const at = this.stamp();
      const { result, audit } = change(at);
      appendAudit(this.db, this.actor, at, audit);
      return result;
    }).immediate();
  }

  // ---- patients -------------------------------------------------------------------------------

  private livePatient(id: unknown, field = 'Patient'): Patient {
    const patientId = checkId(id, field);
    const patient = this.patients.get(patientId);
    if (!patient) refuse('unknown-patient', field, `There is no patient with id ${patientId}. Choose an existing patient.`, { id: patientId });
    if (patient.deletedAt !== null) refuse('deleted', field, `Patient ${patient.displayCode} was deleted (${patient.deletionReason}); nothing can be added to or changed in a deleted chart.`, { id: patientId });
    return patient;
  }

  private patientFields(input: PatientInput): PatientFields {
    if (!isPlainObject(input)) refuse('invalid-input', 'patient', 'Patient details are missing.');
    const nowMs = this.now();
    const hospitalRaw = input.hospitalId ?? null;
    const hospitalId = hospitalRaw === null ? null : checkText(hospitalRaw, 'Hospital ID', 64) || null;
    const displayCode = checkText(input.displayCode, 'Display code', 64, true);
    let birthDate: string | null = null;
    let birthYear: number | null = null;
    const thisYear = new Date(nowMs).getFullYear();
    if (input.birthYear !== null && input.birthYear !== undefined) birthYear = checkInteger(input.birthYear, 'Birth year', 1900, thisYear);
    if (input.birthDate !== null && input.birthDate !== undefined && input.birthDate !== '') {
      const parsed = checkInstant(input.birthDate, 'Birth date', 'date', nowMs);
      birthDate = parsed.day;
      const year = Number(parsed.day.slice(0, 4));
      if (year < 1900) refuse('out-of-range', 'Birth date', `Birth date ${parsed.day} is before 1900. Check the year.`);
      if (birthYear !== null && birthYear !== year) {
        refuse('inconsistent-birth', 'Birth year', `Birth year ${birthYear} does not match birth date ${parsed.day}. Correct one of them.`);
      }
      birthYear = year;
    }
    return {
      hospitalId, displayCode, birthYear, birthDate, sex: checkSex(input.sex),
      diagnosis: checkText(input.diagnosis ?? '', 'Diagnosis', 500),
      painDurationMonths: input.painDurationMonths === null || input.painDurationMonths === undefined
        ? null : checkNumber(input.painDurationMonths, 'Pain duration', 0, 1200, 'months'),
      psychiatricHistory: checkFlag(input.psychiatricHistory, 'Psychiatric history'),
      abnormalMri: checkFlag(input.abnormalMri, 'Abnormal MRI'),
      notes: checkText(input.notes ?? '', 'Notes', 20_000),
    };
  }

  private checkUnique(fields: PatientFields, selfId: number | null): void {
    if (fields.hospitalId !== null) {
      const other = this.patients.findByHospitalId(fields.hospitalId);
      if (other && other.id !== selfId) {
        refuse('duplicate-hospital-id', 'Hospital ID',
          `Hospital ID ${fields.hospitalId} already belongs to another patient${other.deleted_at ? ' (deleted)' : ''}. Open that patient's chart instead, or check the ID.`,
          { otherPatientId: other.id });
      }
    }
    const other = this.patients.findByDisplayCode(fields.displayCode);
    if (other && other.id !== selfId) {
      refuse('duplicate-display-code', 'Display code',
        `Display code ${fields.displayCode} is already used by another patient${other.deleted_at ? ' (deleted)' : ''}. Choose a different code.`,
        { otherPatientId: other.id });
    }
  }

  createPatient(input: PatientInput): Patient {
    const fields = this.patientFields(input);
    return this.mutate((at) => {
      this.checkUnique(fields, null);
      const id = this.patients.insert(fields, at, newDateShiftDays());
      const patient = this.patients.get(id) as Patient;
      return { result: patient, audit: { entity: 'patient', entityId: id, action: 'create', before: null, after: patient } };
    });
  }

  updatePatient(id: number, patch: PatientUpdate): Patient {
    const before = this.livePatient(id);
    if (!isPlainObject(patch)) refuse('invalid-input', 'patient', 'Patient changes are missing.');
    const merged: PatientInput = { ...before, ...patch };
    if ('birthDate' in patch && !('birthYear' in patch)) merged.birthYear = null;
    const fields = this.patientFields(merged);
    return this.mutate((at) => {
      this.checkUnique(fields, before.id);
      this.patients.update(before.id, fields, at);
      const after = this.patients.get(before.id) as Patient;
      return { result: after, audit: { entity: 'patient', entityId: before.id, action: 'update', before, after } };
    });
  }

  deletePatient(id: number, reason: string): Patient {
    const before = this.livePatient(id);
    const why = checkReason(reason);
    return this.mutate((at) => {
      this.patients.softDelete(before.id, at, why);
      const after = this.patients.get(before.id) as Patient;
      return { result: after, audit: { entity: 'patient', entityId: before.id, action: 'delete', before, after } };
    });
  }

  getPatient(id: number): Patient {
    const patientId = checkId(id, 'Patient');
    const patient = this.patients.get(patientId);
    if (!patient) refuse('unknown-patient', 'Patient', `There is no patient with id ${patientId}.`, { id: patientId });
    return patient;
  }

  listPatients(query: PatientListQuery = {}): PatientPage {
    return this.patients.list(isPlainObject(query) ? query : {});
  }

  // ---- scans and analyses ---------------------------------------------------------------------

  private liveScan(id: unknown, field = 'Scan'): Scan {
    const scanId = checkId(id, field);
    const scan = this.scans.getScan(scanId);
    if (!scan) refuse('unknown-scan', field, `There is no scan with id ${scanId}. Import the scan first.`, { id: scanId });
    if (scan.deletedAt !== null) refuse('deleted', field, `Scan ${scanId} was deleted (${scan.deletionReason}).`, { id: scanId });
    return scan;
  }

  addScan(input: ScanInput): Scan {
    if (!isPlainObject(input)) refuse('invalid-input', 'scan', 'Scan details are missing.');
    const patient = this.livePatient(input.patientId);
    const acquiredAt = checkInstant(input.acquiredAt, 'Acquisition date', 'either', this.now()) && input.acquiredAt;
    const originalPath = checkText(input.originalPath, 'Original file path', 4096, true);
    const sha256 = checkSha256(input.sha256, 'Scan SHA-256');
    if (input.header !== null && input.header !== undefined && !isPlainObject(input.header)) {
      refuse('invalid-input', 'Header summary', 'The scan\'s header summary must be the object the NIfTI reader produced.');
    }
    return this.mutate((at) => {
      const id = this.scans.insertScan({ patientId: patient.id, acquiredAt, originalPath, sha256, header: input.header ?? null }, at);
      const scan = this.scans.getScan(id) as Scan;
      return { result: scan, audit: { entity: 'scan', entityId: id, action: 'create', before: null, after: { ...scan, header: scan.header ? '(header summary)' : null } } };
    });
  }

  deleteScan(id: number, reason: string): Scan {
    const before = this.liveScan(id);
    this.livePatient(before.patientId);
    const why = checkReason(reason);
    return this.mutate((at) => {
      this.scans.softDeleteScan(before.id, at, why);
      const after = this.scans.getScan(before.id) as Scan;
      return { result: after, audit: { entity: 'scan', entityId: before.id, action: 'delete', before: { ...before, header: null }, after: { ...after, header: null } } };
    });
  }

  /**
   * Stores one analysis run with its scan in a single transaction: the patient's live scan with the
   * same SHA-256 is reused (re-running keeps the earlier results beside the new one), otherwise the
   * scan is added first. A refusal of either stores neither.
   */
  recordAnalysisRun(scan: ScanInput, analysis: Omit<AnalysisInput, 'scanId'>): Analysis {
    return this.db.transaction(() => {
      const existing = this.scans.scansOfPatient(checkId(scan.patientId, 'Patient')).find((s) => s.sha256 === scan.sha256);
      const scanId = existing ? existing.id : this.addScan(scan).id;
      return this.addAnalysis({ ...analysis, scanId });
    }).immediate();
  }

  /** One analysis by id (of a live or deleted scan); KrpError record.unknown-analysis when none. */
  getAnalysis(id: number): Analysis {
    const analysisId = checkId(id, 'Analysis');
    const analysis = this.scans.getAnalysis(analysisId);
    if (!analysis) refuse('unknown-analysis', 'Analysis', `There is no analysis with id ${analysisId}.`, { id: analysisId });
    return analysis;
  }

  addAnalysis(input: AnalysisInput): Analysis {
    if (!isPlainObject(input)) refuse('invalid-input', 'analysis', 'Analysis details are missing.');
    const scan = this.liveScan(input.scanId);
    this.livePatient(scan.patientId);
    checkSha256(input.settingsHash, 'Settings hash');
    const r = checkNumber(input.r, 'Correlation r', -1, 1);
    const z = checkNumber(input.z, 'Fisher z', -20, 20);
    if (Math.abs(r) < 1 && Math.abs(Math.atanh(r) - z) > 1e-6 * Math.max(1, Math.abs(z))) {
      refuse('inconsistent-z', 'Fisher z', `Fisher z ${z} is not atanh(r) for r = ${r}. Store the values the analysis produced.`);
    }
    for (const [key, label] of [['settings', 'Analysis settings'], ['qc', 'Quality control'], ['provenance', 'Provenance']] as const) {
      if (!isPlainObject(input[key])) refuse('invalid-input', label, `${label} must be the object the analysis produced.`);
    }
    for (const [key, label] of [['seedMap', 'Seed map'], ['meanImage', 'Mean image']] as const) {
      const file = input[key];
      if (file === null || file === undefined) continue;
      if (!isPlainObject(file)) refuse('invalid-input', label, `${label} must be a path with its SHA-256.`);
      checkText(file.path, `${label} path`, 4096, true);
      checkSha256(file.sha256, `${label} SHA-256`);
    }
    return this.mutate((at) => {
      const id = this.scans.insertAnalysis(input, at);
      const analysis = this.scans.getAnalysis(id) as Analysis;
      return {
        result: analysis,
        audit: {
          entity: 'analysis', entityId: id, action: 'create', before: null,
          after: { scanId: analysis.scanId, patientId: analysis.patientId, settingsHash: analysis.settingsHash, r: analysis.r, z: analysis.z, seedMap: analysis.seedMap, meanImage: analysis.meanImage, provenance: analysis.provenance },
        },
      };
    });
  }

  listAnalyses(scanId: number): Analysis[] {
    const id = checkId(scanId, 'Scan');
    if (!this.scans.getScan(id)) refuse('unknown-scan', 'Scan', `There is no scan with id ${id}.`, { id });
    return this.scans.analysesOfScan(id);
  }

  latestAnalysisForPatient(patientId: number): Analysis | null {
    return this.scans.latestAnalysis(this.getPatient(patientId).id);
  }

  // ---- infusions ------------------------------------------------------------------------------

  private liveInfusion(id: unknown, field = 'Infusion'): Infusion {
    const infusionId = checkId(id, field);
    const infusion = this.infusions.getInfusion(infusionId);
    if (!infusion) refuse('unknown-infusion', field, `There is no infusion with id ${infusionId}. Record the infusion first.`, { id: infusionId });
    if (infusion.deletedAt !== null) refuse('deleted', field, `Infusion ${infusionId} was deleted (${infusion.deletionReason}).`, { id: infusionId });
    return infusion;
  }

  private infusionFields(patientId: number, input: Omit<InfusionInput, 'patientId'>): InfusionFields {
    const nowMs = this.now();
    const started = checkInstant(input.startedAt, 'Infusion start', 'datetime', nowMs);
    const weightKg = checkNumber(input.weightKg, 'Body weight', 1, 400, 'kg');
    const doseMgPerKg = input.doseMgPerKg === undefined || input.doseMgPerKg === null
      ? DEFAULT_DOSE_MG_PER_KG : checkNumber(input.doseMgPerKg, 'Dose', 0.01, 2, 'mg/kg');
    const durationMin = input.durationMin === undefined || input.durationMin === null
      ? DEFAULT_INFUSION_MINUTES : checkNumber(input.durationMin, 'Infusion duration', 1, 1440, 'min');
    let scanId: number | null = null;
    let minutesFromScan: number | null = null;
    if (input.scanId !== null && input.scanId !== undefined) {
      const scan = this.liveScan(input.scanId, 'Linked scan');
      if (scan.patientId !== patientId) refuse('wrong-patient', 'Linked scan', `Scan ${scan.id} belongs to another patient. Link one of this patient's scans.`);
      scanId = scan.id;
      const acquired = parseInstant(scan.acquiredAt);
      if (acquired) minutesFromScan = minutesBetween(acquired, started);
    }
    if (input.minutesFromScan !== null && input.minutesFromScan !== undefined) {
      minutesFromScan = checkInteger(input.minutesFromScan, 'Minutes from scan to infusion', -5_256_000, 5_256_000);
    }
    return {
      scanId, startedAt: input.startedAt, weightKg, doseMgPerKg, totalMg: Math.round(weightKg * doseMgPerKg * 100) / 100,
      durationMin, minutesFromScan, notes: checkText(input.notes ?? '', 'Infusion notes', 5000),
    };
  }

  addInfusion(input: InfusionInput): Infusion {
    if (!isPlainObject(input)) refuse('invalid-input', 'infusion', 'Infusion details are missing.');
    const patient = this.livePatient(input.patientId);
    const fields = this.infusionFields(patient.id, input);
    return this.mutate((at) => {
      const id = this.infusions.insertInfusion(patient.id, fields, at);
      const infusion = this.infusions.getInfusion(id) as Infusion;
      return { result: infusion, audit: { entity: 'infusion', entityId: id, action: 'create', before: null, after: infusion } };
    });
  }

  updateInfusion(id: number, patch: InfusionUpdate): Infusion {
    const before = this.liveInfusion(id);
    this.livePatient(before.patientId);
    if (!isPlainObject(patch)) refuse('invalid-input', 'infusion', 'Infusion changes are missing.');
    const merged = { ...before, ...patch };
    if (!('minutesFromScan' in patch) && ('scanId' in patch || 'startedAt' in patch)) merged.minutesFromScan = null;
    const fields = this.infusionFields(before.patientId, merged);
    return this.mutate(() => {
      const post = this.infusions.liveAssessment(before.id, 'post60');
      const start = parseInstant(fields.startedAt);
      const postAt = post && parseInstant(post.recordedAt);
      if (start && postAt && compareInstants(postAt, start) === -1) {
        refuse('post-before-infusion', 'Infusion start', `The 60-minute assessment (${post!.recordedAt}) would then be before the infusion start ${fields.startedAt}. Check the start time.`);
      }
      this.infusions.updateInfusion(before.id, fields);
      const after = this.infusions.getInfusion(before.id) as Infusion;
      return { result: after, audit: { entity: 'infusion', entityId: before.id, action: 'update', before, after } };
    });
  }

  deleteInfusion(id: number, reason: string): Infusion {
    const before = this.liveInfusion(id);
    const why = checkReason(reason);
    return this.mutate((at) => {
      this.infusions.softDeleteInfusion(before.id, at, why);
      const after = this.infusions.getInfusion(before.id) as Infusion;
      return { result: after, audit: { entity: 'infusion', entityId: before.id, action: 'delete', before, after } };
    });
  }

  // ---- assessments ----------------------------------------------------------------------------

  private assessmentFields(base: AssessmentFields): AssessmentFields {
    if (!TIME_POINTS.includes(base.timePoint)) {
      refuse('invalid-time-point', 'Time point', `Time point must be one of ${TIME_POINTS.join(', ')}; got ${JSON.stringify(base.timePoint)}.`);
    }
    checkInstant(base.recordedAt, 'Recorded at', 'datetime', this.now());
    if (base.nrs !== null && typeof base.nrs !== 'number') {
      refuse('not-a-number', 'NRS', `NRS must be a whole number from 0 to 10; got ${JSON.stringify(base.nrs)}.`);
    }
    checkNrs(base.nrs, 'NRS');
    if (base.hadsItems !== null) scoreHads(base.hadsItems);
    if (base.pcsItems !== null) scorePcs(base.pcsItems);
    if (base.nrs === null && base.hadsItems === null && base.pcsItems === null) {
      refuse('empty-assessment', 'Assessment', 'The assessment has no NRS, HADS or PCS scores. Enter at least one before saving.');
    }
    return { ...base, hadsItems: base.hadsItems ? [...base.hadsItems] : null, pcsItems: base.pcsItems ? [...base.pcsItems] : null };
  }

  /** Refuses an order the study protocol rules out: post60 without a pre, or before it / before the infusion. */
  private checkOrder(fields: AssessmentFields, infusion: Infusion, selfId: number | null): void {
    const at = parseInstant(fields.recordedAt)!;
    const start = parseInstant(infusion.startedAt);
    if (fields.timePoint === 'post60') {
      const pre = this.infusions.liveAssessment(infusion.id, 'pre');
      if (!pre) {
        refuse('post-before-pre', 'Time point', 'A 60-minute post-infusion assessment cannot be recorded before the pre-infusion (baseline) assessment of the same infusion. Record the pre values first.');
      }
      const preAt = parseInstant(pre.recordedAt);
      if (preAt && compareInstants(at, preAt) === -1) {
        refuse('post-before-pre', 'Recorded at', `The 60-minute assessment time ${fields.recordedAt} is before the pre-infusion assessment (${pre.recordedAt}). Check the times.`);
      }
      if (start && compareInstants(at, start) === -1) {
        refuse('post-before-infusion', 'Recorded at', `The 60-minute assessment time ${fields.recordedAt} is before the infusion start (${infusion.startedAt}). Check the times.`);
      }
    } else {
      const post = this.infusions.liveAssessment(infusion.id, 'post60');
      const postAt = post && post.id !== selfId ? parseInstant(post.recordedAt) : null;
      if (postAt && compareInstants(postAt, at) === -1) {
        refuse('post-before-pre', 'Recorded at', `The pre-infusion time ${fields.recordedAt} is after the 60-minute assessment (${post!.recordedAt}). Check the times.`);
      }
    }
  }

  addAssessment(input: AssessmentInput): Assessment {
    if (!isPlainObject(input)) refuse('invalid-input', 'assessment', 'Assessment details are missing.');
    const patient = this.livePatient(input.patientId);
    const infusion = this.liveInfusion(input.infusionId);
    if (infusion.patientId !== patient.id) refuse('wrong-patient', 'Infusion', `Infusion ${infusion.id} belongs to another patient. Choose one of this patient's infusions.`);
    const fields = this.assessmentFields({
      patientId: patient.id, infusionId: infusion.id, timePoint: input.timePoint as TimePoint, recordedAt: input.recordedAt,
      nrs: input.nrs === undefined ? null : input.nrs, hadsItems: (input.hadsItems ?? null) as (number | null)[] | null,
      pcsItems: (input.pcsItems ?? null) as (number | null)[] | null,
    });
    return this.mutate((at) => {
      if (this.infusions.liveAssessment(infusion.id, fields.timePoint)) {
        refuse('duplicate-assessment', 'Time point', `This infusion already has a ${fields.timePoint} assessment. Edit it instead of adding another.`);
      }
      this.checkOrder(fields, infusion, null);
      const id = this.infusions.insertAssessment(fields, at);
      const assessment = this.infusions.getAssessment(id) as Assessment;
      return { result: assessment, audit: { entity: 'assessment', entityId: id, action: 'create', before: null, after: stripScores(assessment) } };
    });
  }

  updateAssessment(id: number, patch: AssessmentUpdate): Assessment {
    const assessmentId = checkId(id, 'Assessment');
    const before = this.infusions.getAssessment(assessmentId);
    if (!before) refuse('unknown-assessment', 'Assessment', `There is no assessment with id ${assessmentId}.`);
    if (before.deletedAt !== null) refuse('deleted', 'Assessment', `Assessment ${assessmentId} was deleted (${before.deletionReason}).`);
    this.livePatient(before.patientId);
    const infusion = this.liveInfusion(before.infusionId);
    if (!isPlainObject(patch)) refuse('invalid-input', 'assessment', 'Assessment changes are missing.');
    const fields = this.assessmentFields({
      patientId: before.patientId, infusionId: before.infusionId, timePoint: before.timePoint,
      recordedAt: patch.recordedAt ?? before.recordedAt,
      nrs: patch.nrs === undefined ? before.nrs : patch.nrs,
      hadsItems: (patch.hadsItems === undefined ? before.hadsItems : patch.hadsItems) as (number | null)[] | null,
      pcsItems: (patch.pcsItems === undefined ? before.pcsItems : patch.pcsItems) as (number | null)[] | null,
    });
    return this.mutate(() => {
      this.checkOrder(fields, infusion, before.id);
      this.infusions.updateAssessment(before.id, fields);
      const after = this.infusions.getAssessment(before.id) as Assessment;
      return { result: after, audit: { entity: 'assessment', entityId: before.id, action: 'update', before: stripScores(before), after: stripScores(after) } };
    });
  }

  deleteAssessment(id: number, reason: string): Assessment {
    const assessmentId = checkId(id, 'Assessment');
    const before = this.infusions.getAssessment(assessmentId);
    if (!before) refuse('unknown-assessment', 'Assessment', `There is no assessment with id ${assessmentId}.`);
    if (before.deletedAt !== null) refuse('deleted', 'Assessment', `Assessment ${assessmentId} was already deleted.`);
    const why = checkReason(reason);
    if (before.timePoint === 'pre' && this.infusions.liveAssessment(before.infusionId, 'post60')) {
      refuse('pre-has-post', 'Assessment', 'This pre-infusion assessment has a 60-minute assessment after it. Delete or correct that one first.');
    }
    return this.mutate((at) => {
      this.infusions.softDeleteAssessment(before.id, at, why);
      const after = this.infusions.getAssessment(before.id) as Assessment;
      return { result: after, audit: { entity: 'assessment', entityId: before.id, action: 'delete', before: stripScores(before), after: stripScores(after) } };
    });
  }

  // ---- estimates ------------------------------------------------------------------------------

  saveEstimate(input: EstimateInput): Estimate {
    if (!isPlainObject(input)) refuse('invalid-input', 'estimate', 'Estimate details are missing.');
    const patient = this.livePatient(input.patientId);
    if (input.analysisId !== null && input.analysisId !== undefined) {
      const analysis = this.scans.getAnalysis(checkId(input.analysisId, 'Analysis'));
      if (!analysis) refuse('unknown-analysis', 'Analysis', `There is no analysis with id ${input.analysisId}.`);
      if (analysis.patientId !== patient.id) refuse('wrong-patient', 'Analysis', `Analysis ${analysis.id} belongs to another patient.`);
    }
    checkNumber(input.z, 'Fisher z', -20, 20);
    if (input.settingsHash !== null && input.settingsHash !== undefined) checkSha256(input.settingsHash, 'Settings hash');
    if (!isPlainObject(input.estimate)) refuse('invalid-input', 'Estimate', 'The estimate must be stored as shown (an object).');
    if (!isPlainObject(input.model)) refuse('invalid-input', 'Model', 'The estimate must be stored with its model (an object).');
    const modelId = checkText(input.modelId, 'Model id', 200, true);
    return this.mutate((at) => {
      const id = this.estimates.insert({ ...input, modelId }, at);
      const estimate = this.estimates.get(id) as Estimate;
      return { result: estimate, audit: { entity: 'estimate', entityId: id, action: 'create', before: null, after: { patientId: estimate.patientId, analysisId: estimate.analysisId, z: estimate.z, modelId: estimate.modelId, estimate: estimate.estimate } } };
    });
  }

  listEstimates(patientId: number): Estimate[] {
    return this.estimates.ofPatient(this.getPatient(patientId).id);
  }

  // ---- views ----------------------------------------------------------------------------------

  private infusionsWithAssessments(patientId: number): InfusionWithAssessments[] {
    return this.infusions.infusionsOfPatient(patientId).map((infusion) => {
      const assessments = this.infusions.assessmentsOfInfusion(infusion.id);
      const pre = assessments.find((a) => a.timePoint === 'pre') ?? null;
      const post = assessments.find((a) => a.timePoint === 'post60') ?? null;
      return { ...infusion, assessments, outcome: nrsOutcome(pre?.nrs ?? null, post?.nrs ?? null) };
    });
  }

  /** What the chart, the export and the calibration set know about one patient. */
  private summarize(patient: Patient): PatientSummary & { infusionsFull: InfusionWithAssessments[]; scansAll: Scan[] } {
    const scansAll = this.scans.scansOfPatient(patient.id);
    const latestAnalysis = this.scans.latestAnalysis(patient.id);
    const infusionsFull = this.infusionsWithAssessments(patient.id);
    const latest = infusionsFull[0] ?? null;
    const pre = latest?.assessments.find((a) => a.timePoint === 'pre') ?? null;
    const post = latest?.assessments.find((a) => a.timePoint === 'post60') ?? null;
    const linkedScan = latest?.scanId != null ? scansAll.find((s) => s.id === latest.scanId) ?? null : null;
    const analysisScan = latestAnalysis ? scansAll.find((s) => s.id === latestAnalysis.scanId) ?? null : null;
    const scan = linkedScan ?? analysisScan ?? scansAll[0] ?? null;
    const eligibility = checkEligibility({
      painDurationMonths: patient.painDurationMonths, psychiatricHistory: patient.psychiatricHistory,
      abnormalMri: patient.abnormalMri, baselineNrs: pre?.nrs ?? null, scanAcquiredAt: scan?.acquiredAt ?? null,
      infusionStartedAt: latest?.startedAt ?? null, minutesFromScan: linkedScan ? latest?.minutesFromScan ?? null : null,
    });
    const infusion: Infusion | null = latest && (({ assessments: _a, outcome: _o, ...rest }) => rest)(latest);
    return {
      patient, latestAnalysis, scan: analysisScan ?? scan, infusion, pre, post,
      outcome: latest ? latest.outcome : nrsOutcome(null, null), eligibility,
      dateShiftDays: this.patients.dateShiftDays(patient.id) ?? 0, infusionsFull, scansAll,
    };
  }

  openChart(patientId: number): PatientChart {
    const patient = this.getPatient(patientId);
    return this.mutate(() => {
      const s = this.summarize(patient);
      const chart: PatientChart = {
        patient,
        ageYears: ageInYears(patient.birthYear, patient.birthDate, localDay(this.now())),
        scans: s.scansAll.map((scan) => ({ ...scan, analyses: this.scans.analysesOfScan(scan.id) })),
        infusions: s.infusionsFull,
        latestAnalysis: s.latestAnalysis,
        outcome: s.outcome,
        eligibility: s.eligibility,
        estimates: this.estimates.ofPatient(patient.id),
      };
      return { result: chart, audit: { entity: 'patient', entityId: patient.id, action: 'open-chart', before: null, after: null } };
    });
  }

  calibrationSet(settingsHash?: string): CalibrationRow[] {
    if (settingsHash !== undefined) checkSha256(settingsHash, 'Settings hash');
    return calibrationRows(this.db, settingsHash);
  }

  // ---- audit, export, backup ------------------------------------------------------------------

  listAudit(query: AuditQuery = {}): AuditEntry[] {
    return listAudit(this.db, query);
  }

  verifyAudit(): AuditVerifyResult {
    return verifyAudit(this.db);
  }

  exportCohort(options: ExportOptions): ExportResult {
    const deidentified = options?.deidentified === true;
    return this.mutate(() => {
      const patients = (this.db.prepare(`SELECT id FROM patients ${options?.includeDeleted ? '' : 'WHERE deleted_at IS NULL'} ORDER BY id`)
        .pluck().all() as number[]).map((id) => this.patients.get(id) as Patient);
      const key = this.db.prepare("SELECT value FROM meta WHERE key = 'pseudonym_key'").pluck().get() as string;
      const csv = cohortCsv(patients.map((p) => this.summarize(p)), deidentified, key);
      return {
        result: { csv, rows: patients.length },
        audit: { entity: 'database', entityId: null, action: 'export', before: null, after: { deidentified, rows: patients.length } },
      };
    });
  }

  async backup(toPath: string): Promise<BackupResult> {
    const result = await backupDatabase(this.db, this.path, toPath);
    this.mutate(() => ({ result: null, audit: { entity: 'database', entityId: null, action: 'backup', before: null, after: { ...result } } }));
    return result;
  }

  async restore(fromPath: string): Promise<RestoreResult> {
    const result = await restoreDatabase(this.db, this.path, fromPath, this.now);
    const opened = openDatabase(this.path, { actor: this.actor, now: this.now });
    this.attach(opened.db);
    this.mutate(() => ({ result: null, audit: { entity: 'database', entityId: null, action: 'restore', before: null, after: { ...result } } }));
    return result;
  }
}

/** An assessment as audited: the stored items and NRS (scores are derived, not stored). */
function stripScores(a: Assessment): Omit<Assessment, 'hads' | 'pcs'> {
  const { hads: _h, pcs: _p, ...rest } = a;
  return rest;
}
