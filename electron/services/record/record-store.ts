/**
 * The clinical record store: the record's operations over RecordCore (one writer connection,
 * repositories per entity, and `mutate`, the only path that changes data: it runs the change and
 * appends its audit row in one transaction, so a refusal or a crash stores nothing and every change
 * leaves a trace). Corrections and removals require a reason, kept with who and when.
 * Field checks live in patient-fields.ts and clinical-fields.ts, read-only views in record-views.ts,
 * audit, export, backup and restore in record-maintenance.ts.
 * No Electron import: the main process, the CLI and the tests all use this class.
 */
import { ageInYears, compareInstants, localDay, parseInstant } from '../../../shared/record/dates';
import type {
  Actor, Analysis, AnalysisInput, Assessment, AssessmentInput, AssessmentUpdate, AuditEntry, AuditHead, AuditQuery, AuditVerifyResult,
  BackupResult, BackupStatus, CalibrationRow, Correction, Estimate, EstimateInput, ExportOptions, ExportResult, Infusion, InfusionInput,
  InfusionUpdate, Patient, PatientChart, PatientInput, PatientListQuery, PatientPage, PatientUpdate, RecordService,
  RestoreResult, Scan, ScanInput, TimePoint,
} from '../../../shared/record/types';
import { assessmentChanges, assessmentFields, checkAssessmentOrder, infusionFields, stripScores } from './clinical-fields';
import { changedFields, reasonedChange } from './corrections-repo';
import { analysisChoicesOf } from './analysis-choices-repo';
import { calibrationRows } from './calibration-query';
import { clinicalRevision } from './patient-summary';
import { newDateShiftDays } from './migrations';
import { checkUniquePatient, isPlainObject, patientFields } from './patient-fields';
import type { RecordStoreOptions } from './record-core';
import { RecordAnalyses } from './record-analyses';
import { summarize, type FullSummary } from './record-views';
import { checkCorrectionReason, checkId, checkInstant, checkInteger, checkNumber, checkReason, checkSha256, checkText, refuse } from './validate';

export type { RecordStoreOptions } from './record-core';

export class RecordStore extends RecordAnalyses implements RecordService {
  /** Opens (creating and migrating as needed) the record at `path`. */
  static open(path: string, options: RecordStoreOptions): RecordStore {
    return new RecordStore(path, options);
  }

  // ---- patients -------------------------------------------------------------------------------

  createPatient(input: PatientInput): Patient {
    const fields = patientFields(input, this.now());
    return this.mutate((at) => {
      checkUniquePatient(this.patients, fields, null);
      const id = this.patients.insert(fields, at, newDateShiftDays());
      const patient = this.patients.get(id) as Patient;
      return { result: patient, audit: { entity: 'patient', entityId: id, action: 'create', before: null, after: patient } };
    });
  }

  updatePatient(id: number, patch: PatientUpdate, reason: string): Patient {
    const before = this.livePatient(id);
    if (!isPlainObject(patch)) refuse('invalid-input', 'patient', 'Patient changes are missing.');
    const why = checkCorrectionReason(reason);
    const merged: PatientInput = { ...before, ...patch };
    if ('birthDate' in patch && !('birthYear' in patch)) merged.birthYear = null;
    const fields = patientFields(merged, this.now());
    return this.mutate((at) => {
      checkUniquePatient(this.patients, fields, before.id);
      this.patients.update(before.id, fields, at);
      const after = this.patients.get(before.id) as Patient;
      return reasonedChange({ patientId: before.id, entity: 'patient', entityId: before.id, action: 'update', fields: changedFields(before, after), reason: why }, before, after);
    });
  }

  deletePatient(id: number, reason: string): Patient {
    const before = this.livePatient(id);
    const why = checkReason(reason);
    return this.mutate((at) => {
      this.patients.softDelete(before.id, at, why);
      const after = this.patients.get(before.id) as Patient;
      return reasonedChange({ patientId: before.id, entity: 'patient', entityId: before.id, action: 'delete', fields: ['deletedAt'], reason: why }, before, after);
    });
  }

  listPatients(query: PatientListQuery = {}): PatientPage {
    return this.patients.list(isPlainObject(query) ? query : {});
  }

  // ---- infusions ------------------------------------------------------------------------------

  addInfusion(input: InfusionInput): Infusion {
    if (!isPlainObject(input)) refuse('invalid-input', 'infusion', 'Infusion details are missing.');
    const patient = this.livePatient(input.patientId);
    const fields = infusionFields(patient.id, input, this.now(), (v, f) => this.liveScan(v, f));
    return this.mutate((at) => {
      const id = this.infusions.insertInfusion(patient.id, fields, at);
      const infusion = this.infusions.getInfusion(id) as Infusion;
      return { result: infusion, audit: { entity: 'infusion', entityId: id, action: 'create', before: null, after: infusion } };
    });
  }

  updateInfusion(id: number, patch: InfusionUpdate, reason: string): Infusion {
    const before = this.liveInfusion(id);
    this.livePatient(before.patientId);
    if (!isPlainObject(patch)) refuse('invalid-input', 'infusion', 'Infusion changes are missing.');
    const why = checkCorrectionReason(reason);
    const merged = { ...before, ...patch };
    if (!('minutesFromScan' in patch) && ('scanId' in patch || 'startedAt' in patch)) merged.minutesFromScan = null;
    const fields = infusionFields(before.patientId, merged, this.now(), (v, f) => this.liveScan(v, f));
    return this.mutate(() => {
      const post = this.infusions.liveAssessment(before.id, 'post60');
      const start = parseInstant(fields.startedAt);
      const postAt = post && parseInstant(post.recordedAt);
      if (start && postAt && compareInstants(postAt, start) === -1) {
        refuse('post-before-infusion', 'Infusion start', `The 60-minute assessment (${post!.recordedAt}) would then be before the infusion start ${fields.startedAt}. Check the start time.`);
      }
      this.infusions.updateInfusion(before.id, fields);
      const after = this.infusions.getInfusion(before.id) as Infusion;
      return reasonedChange({ patientId: before.patientId, entity: 'infusion', entityId: before.id, action: 'update', fields: changedFields(before, after), reason: why }, before, after);
    });
  }

  deleteInfusion(id: number, reason: string): Infusion {
    const before = this.liveInfusion(id);
    const why = checkReason(reason);
    return this.mutate((at) => {
      this.infusions.softDeleteInfusion(before.id, at, why);
      const after = this.infusions.getInfusion(before.id) as Infusion;
      return reasonedChange({ patientId: before.patientId, entity: 'infusion', entityId: before.id, action: 'delete', fields: ['deletedAt'], reason: why }, before, after);
    });
  }

  // ---- assessments ----------------------------------------------------------------------------

  addAssessment(input: AssessmentInput): Assessment {
    if (!isPlainObject(input)) refuse('invalid-input', 'assessment', 'Assessment details are missing.');
    const patient = this.livePatient(input.patientId);
    const infusion = this.liveInfusion(input.infusionId);
    if (infusion.patientId !== patient.id) refuse('wrong-patient', 'Infusion', `Infusion ${infusion.id} belongs to another patient. Choose one of this patient's infusions.`);
    const fields = assessmentFields({
      patientId: patient.id, infusionId: infusion.id, timePoint: input.timePoint as TimePoint, recordedAt: input.recordedAt,
      nrs: input.nrs === undefined ? null : input.nrs, hadsItems: (input.hadsItems ?? null) as (number | null)[] | null,
      pcsItems: (input.pcsItems ?? null) as (number | null)[] | null,
    }, this.now());
    return this.mutate((at) => {
      if (this.infusions.liveAssessment(infusion.id, fields.timePoint)) {
        refuse('duplicate-assessment', 'Time point', `This infusion already has a ${fields.timePoint} assessment. Edit it instead of adding another.`);
      }
      checkAssessmentOrder(this.infusions, fields, infusion, null);
      const id = this.infusions.insertAssessment(fields, at);
      const assessment = this.infusions.getAssessment(id) as Assessment;
      return { result: assessment, audit: { entity: 'assessment', entityId: id, action: 'create', before: null, after: stripScores(assessment) } };
    });
  }

  updateAssessment(id: number, patch: AssessmentUpdate, reason: string): Assessment {
    const assessmentId = checkId(id, 'Assessment');
    const before = this.infusions.getAssessment(assessmentId);
    if (!before) refuse('unknown-assessment', 'Assessment', `There is no assessment with id ${assessmentId}.`);
    if (before.deletedAt !== null) refuse('deleted', 'Assessment', `Assessment ${assessmentId} was deleted (${before.deletionReason}).`);
    this.livePatient(before.patientId);
    const infusion = this.liveInfusion(before.infusionId);
    if (!isPlainObject(patch)) refuse('invalid-input', 'assessment', 'Assessment changes are missing.');
    const why = checkCorrectionReason(reason);
    const fields = assessmentFields({
      patientId: before.patientId, infusionId: before.infusionId, timePoint: before.timePoint,
      recordedAt: patch.recordedAt ?? before.recordedAt,
      nrs: patch.nrs === undefined ? before.nrs : patch.nrs,
      hadsItems: (patch.hadsItems === undefined ? before.hadsItems : patch.hadsItems) as (number | null)[] | null,
      pcsItems: (patch.pcsItems === undefined ? before.pcsItems : patch.pcsItems) as (number | null)[] | null,
    }, this.now());
    return this.mutate(() => {
      checkAssessmentOrder(this.infusions, fields, infusion, before.id);
      this.infusions.updateAssessment(before.id, fields);
      const after = this.infusions.getAssessment(before.id) as Assessment;
      return reasonedChange({ patientId: before.patientId, entity: 'assessment', entityId: before.id, action: 'update', fields: assessmentChanges(before, after), reason: why }, before, after, stripScores);
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
      return reasonedChange({ patientId: before.patientId, entity: 'assessment', entityId: before.id, action: 'delete', fields: ['deletedAt'], reason: why }, before, after, stripScores);
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

  openChart(patientId: number): PatientChart {
    const patient = this.getPatient(patientId);
    return this.mutate(() => {
      const s = summarize(this.repos, patient);
      const chart: PatientChart = {
        patient,
        ageYears: ageInYears(patient.birthYear, patient.birthDate, localDay(this.now())),
        scans: s.scansAll.map((scan) => ({ ...scan, analyses: this.scans.analysesOfScan(scan.id) })),
        infusions: s.infusionsFull,
        analysisInUse: s.analysisInUse,
        analysisChoices: analysisChoicesOf(this.db).ofPatient(patient.id),
        outcome: s.outcome,
        eligibility: s.eligibility,
        estimates: this.estimates.ofPatient(patient.id),
        corrections: this.corrections.ofPatient(patient.id),
      };
      return { result: chart, audit: { entity: 'patient', entityId: patient.id, action: 'open-chart', before: null, after: null } };
    });
  }

  calibrationSet(settingsHash?: string): CalibrationRow[] {
    if (settingsHash !== undefined) checkSha256(settingsHash, 'Settings hash');
    return calibrationRows(this.db, settingsHash);
  }

  clinicalRevision(): string {
    return clinicalRevision(this.db);
  }

  listCorrections(patientId: number): Correction[] {
    return this.corrections.ofPatient(this.getPatient(patientId).id);
  }
}
