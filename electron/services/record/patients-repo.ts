/** Patients table: prepared statements and row ↔ domain mapping (no validation, no audit). */
import type Database from 'better-sqlite3';
import type { Patient, PatientListItem, PatientListQuery, Sex } from '../../../shared/record/types';
import { queryPatientList } from './patient-list-query';

interface PatientRow {
  id: number; hospital_id: string | null; display_code: string; birth_year: number | null; birth_date: string | null;
  sex: string; diagnosis: string; pain_duration_months: number | null; psychiatric_history: number | null;
  abnormal_mri: number | null; notes: string; created_at: string; updated_at: string;
  deleted_at: string | null; deletion_reason: string | null;
}

/** The stored columns of a patient (what create and update write). */
export interface PatientFields {
  hospitalId: string | null; displayCode: string; birthYear: number | null; birthDate: string | null; sex: Sex;
  diagnosis: string; painDurationMonths: number | null; psychiatricHistory: boolean | null; abnormalMri: boolean | null; notes: string;
}

const flagOut = (v: number | null): boolean | null => (v === null ? null : v === 1);
const flagIn = (v: boolean | null): number | null => (v === null ? null : v ? 1 : 0);

export function patientFromRow(r: PatientRow): Patient {
  return {
    id: r.id, hospitalId: r.hospital_id, displayCode: r.display_code, birthYear: r.birth_year, birthDate: r.birth_date,
    sex: r.sex as Sex, diagnosis: r.diagnosis, painDurationMonths: r.pain_duration_months,
    psychiatricHistory: flagOut(r.psychiatric_history), abnormalMri: flagOut(r.abnormal_mri), notes: r.notes,
    createdAt: r.created_at, updatedAt: r.updated_at, deletedAt: r.deleted_at, deletionReason: r.deletion_reason,
  };
}

function params(f: PatientFields) {
  return {
    hospital_id: f.hospitalId, display_code: f.displayCode, birth_year: f.birthYear, birth_date: f.birthDate, sex: f.sex,
    diagnosis: f.diagnosis, pain_duration_months: f.painDurationMonths, psychiatric_history: flagIn(f.psychiatricHistory),
    abnormal_mri: flagIn(f.abnormalMri), notes: f.notes,
  };
}

export class PatientsRepo {
  private readonly insertStmt; private readonly updateStmt; private readonly getStmt; private readonly deleteStmt;
  private readonly byHospitalStmt; private readonly byCodeStmt;
  private readonly secretInsertStmt; private readonly secretGetStmt;

  constructor(private readonly db: Database.Database) {
    this.insertStmt = db.prepare(`INSERT INTO patients (hospital_id, display_code, birth_year, birth_date, sex, diagnosis,
      pain_duration_months, psychiatric_history, abnormal_mri, notes, created_at, updated_at)
      VALUES (@hospital_id, @display_code, @birth_year, @birth_date, @sex, @diagnosis, @pain_duration_months,
      @psychiatric_history, @abnormal_mri, @notes, @at, @at)`);
    this.updateStmt = db.prepare(`UPDATE patients SET hospital_id = @hospital_id, display_code = @display_code,
      birth_year = @birth_year, birth_date = @birth_date, sex = @sex, diagnosis = @diagnosis,
      pain_duration_months = @pain_duration_months, psychiatric_history = @psychiatric_history,
      abnormal_mri = @abnormal_mri, notes = @notes, updated_at = @at WHERE id = @id`);
    this.getStmt = db.prepare('SELECT * FROM patients WHERE id = ?');
    this.deleteStmt = db.prepare('UPDATE patients SET deleted_at = @at, deletion_reason = @reason, updated_at = @at WHERE id = @id');
    this.byHospitalStmt = db.prepare('SELECT id, deleted_at FROM patients WHERE hospital_id = ?');
    this.byCodeStmt = db.prepare('SELECT id, deleted_at FROM patients WHERE display_code = ?');
    this.secretInsertStmt = db.prepare('INSERT INTO patient_secrets (patient_id, date_shift_days) VALUES (?, ?)');
    this.secretGetStmt = db.prepare('SELECT date_shift_days FROM patient_secrets WHERE patient_id = ?').pluck();
  }

  insert(fields: PatientFields, at: string, dateShiftDays: number): number {
    const id = Number(this.insertStmt.run({ ...params(fields), at }).lastInsertRowid);
    this.secretInsertStmt.run(id, dateShiftDays);
    return id;
  }

  update(id: number, fields: PatientFields, at: string): void {
    this.updateStmt.run({ ...params(fields), at, id });
  }

  softDelete(id: number, at: string, reason: string): void {
    this.deleteStmt.run({ id, at, reason });
  }

  get(id: number): Patient | undefined {
    const row = this.getStmt.get(id) as PatientRow | undefined;
    return row && patientFromRow(row);
  }

  /** The patient holding a hospital ID (case-insensitive), if any. */
  findByHospitalId(hospitalId: string): { id: number; deleted_at: string | null } | undefined {
    return this.byHospitalStmt.get(hospitalId) as { id: number; deleted_at: string | null } | undefined;
  }

  findByDisplayCode(code: string): { id: number; deleted_at: string | null } | undefined {
    return this.byCodeStmt.get(code) as { id: number; deleted_at: string | null } | undefined;
  }

  dateShiftDays(id: number): number | undefined {
    return this.secretGetStmt.get(id) as number | undefined;
  }

  /** One page of patients (filters, sort and paging in SQL: patient-list-query.ts); total counts all matches. */
  list(query: PatientListQuery): { items: PatientListItem[]; total: number } {
    return queryPatientList(this.db, query);
  }
}
