/** Infusions and assessments: prepared statements and row ↔ domain mapping (no validation, no audit). */
import type Database from 'better-sqlite3';
import { scoreHads } from '../../../shared/scoring/hads';
import { scorePcs } from '../../../shared/scoring/pcs';
import type { Assessment, Infusion, TimePoint } from '../../../shared/record/types';

interface InfusionRow {
  id: number; patient_id: number; scan_id: number | null; started_at: string; weight_kg: number; dose_mg_per_kg: number;
  total_mg: number; duration_min: number; minutes_from_scan: number | null; notes: string; created_at: string;
  deleted_at: string | null; deletion_reason: string | null;
}

type AssessmentRow = {
  id: number; patient_id: number; infusion_id: number; time_point: string; recorded_at: string; nrs: number | null;
  has_hads: number; has_pcs: number; created_at: string; deleted_at: string | null; deletion_reason: string | null;
} & Record<string, number | null | string>;

/** The stored columns of an infusion. */
export interface InfusionFields {
  scanId: number | null; startedAt: string; weightKg: number; doseMgPerKg: number; totalMg: number; durationMin: number;
  minutesFromScan: number | null; notes: string;
}

/** The stored columns of an assessment. */
export interface AssessmentFields {
  patientId: number; infusionId: number; timePoint: TimePoint; recordedAt: string; nrs: number | null;
  hadsItems: (number | null)[] | null; pcsItems: (number | null)[] | null;
}

const HADS_COLS = Array.from({ length: 14 }, (_, i) => `hads${i + 1}`);
const PCS_COLS = Array.from({ length: 13 }, (_, i) => `pcs${i + 1}`);

function infusionFromRow(r: InfusionRow): Infusion {
  return {
    id: r.id, patientId: r.patient_id, scanId: r.scan_id, startedAt: r.started_at, weightKg: r.weight_kg,
    doseMgPerKg: r.dose_mg_per_kg, totalMg: r.total_mg, durationMin: r.duration_min, minutesFromScan: r.minutes_from_scan,
    notes: r.notes, createdAt: r.created_at, deletedAt: r.deleted_at, deletionReason: r.deletion_reason,
  };
}

function assessmentFromRow(r: AssessmentRow): Assessment {
  const hadsItems = r.has_hads ? HADS_COLS.map((c) => r[c] as number | null) : null;
  const pcsItems = r.has_pcs ? PCS_COLS.map((c) => r[c] as number | null) : null;
  return {
    id: r.id, patientId: r.patient_id, infusionId: r.infusion_id, timePoint: r.time_point as TimePoint,
    recordedAt: r.recorded_at, nrs: r.nrs, hadsItems, pcsItems,
    hads: hadsItems ? scoreHads(hadsItems) : null, pcs: pcsItems ? scorePcs(pcsItems) : null,
    createdAt: r.created_at, deletedAt: r.deleted_at, deletionReason: r.deletion_reason,
  };
}

function assessmentParams(f: AssessmentFields): Record<string, unknown> {
  const p: Record<string, unknown> = {
    patientId: f.patientId, infusionId: f.infusionId, timePoint: f.timePoint, recordedAt: f.recordedAt, nrs: f.nrs,
    hasHads: f.hadsItems ? 1 : 0, hasPcs: f.pcsItems ? 1 : 0,
  };
  HADS_COLS.forEach((c, i) => { p[c] = f.hadsItems?.[i] ?? null; });
  PCS_COLS.forEach((c, i) => { p[c] = f.pcsItems?.[i] ?? null; });
  return p;
}

export class InfusionsRepo {
  private readonly insertInfusionStmt; private readonly updateInfusionStmt; private readonly getInfusionStmt;
  private readonly infusionsOfPatientStmt; private readonly deleteInfusionStmt;
  private readonly insertAssessmentStmt; private readonly updateAssessmentStmt; private readonly getAssessmentStmt;
  private readonly assessmentsOfInfusionStmt; private readonly liveAssessmentStmt; private readonly deleteAssessmentStmt;
  private readonly assessmentsOfPatientStmt;

  constructor(db: Database.Database) {
    this.insertInfusionStmt = db.prepare(`INSERT INTO infusions (patient_id, scan_id, started_at, weight_kg, dose_mg_per_kg,
      total_mg, duration_min, minutes_from_scan, notes, created_at) VALUES (@patientId, @scanId, @startedAt, @weightKg,
      @doseMgPerKg, @totalMg, @durationMin, @minutesFromScan, @notes, @at)`);
    this.updateInfusionStmt = db.prepare(`UPDATE infusions SET scan_id = @scanId, started_at = @startedAt, weight_kg = @weightKg,
      dose_mg_per_kg = @doseMgPerKg, total_mg = @totalMg, duration_min = @durationMin, minutes_from_scan = @minutesFromScan,
      notes = @notes WHERE id = @id`);
    this.getInfusionStmt = db.prepare('SELECT * FROM infusions WHERE id = ?');
    this.infusionsOfPatientStmt = db.prepare('SELECT * FROM infusions WHERE patient_id = ? AND deleted_at IS NULL ORDER BY started_at DESC, id DESC');
    this.deleteInfusionStmt = db.prepare('UPDATE infusions SET deleted_at = @at, deletion_reason = @reason WHERE id = @id');
    this.insertAssessmentStmt = db.prepare(`INSERT INTO assessments (patient_id, infusion_id, time_point, recorded_at, nrs,
      has_hads, ${HADS_COLS.join(', ')}, has_pcs, ${PCS_COLS.join(', ')}, created_at)
      VALUES (@patientId, @infusionId, @timePoint, @recordedAt, @nrs, @hasHads, ${HADS_COLS.map((c) => `@${c}`).join(', ')},
      @hasPcs, ${PCS_COLS.map((c) => `@${c}`).join(', ')}, @at)`);
    this.updateAssessmentStmt = db.prepare(`UPDATE assessments SET recorded_at = @recordedAt, nrs = @nrs, has_hads = @hasHads,
      ${HADS_COLS.map((c) => `${c} = @${c}`).join(', ')}, has_pcs = @hasPcs, ${PCS_COLS.map((c) => `${c} = @${c}`).join(', ')}
      WHERE id = @id`);
    this.getAssessmentStmt = db.prepare('SELECT * FROM assessments WHERE id = ?');
    this.assessmentsOfInfusionStmt = db.prepare(`SELECT * FROM assessments WHERE infusion_id = ? AND deleted_at IS NULL
      ORDER BY CASE time_point WHEN 'pre' THEN 0 ELSE 1 END, id`);
    this.assessmentsOfPatientStmt = db.prepare(`SELECT * FROM assessments WHERE patient_id = ? AND deleted_at IS NULL
      ORDER BY infusion_id, CASE time_point WHEN 'pre' THEN 0 ELSE 1 END, id`);
    this.liveAssessmentStmt = db.prepare('SELECT * FROM assessments WHERE infusion_id = ? AND time_point = ? AND deleted_at IS NULL');
    this.deleteAssessmentStmt = db.prepare('UPDATE assessments SET deleted_at = @at, deletion_reason = @reason WHERE id = @id');
  }

  insertInfusion(patientId: number, f: InfusionFields, at: string): number {
    return Number(this.insertInfusionStmt.run({ ...f, patientId, at }).lastInsertRowid);
  }

  updateInfusion(id: number, f: InfusionFields): void {
    this.updateInfusionStmt.run({ ...f, id });
  }

  getInfusion(id: number): Infusion | undefined {
    const row = this.getInfusionStmt.get(id) as InfusionRow | undefined;
    return row && infusionFromRow(row);
  }

  /** Live infusions of a patient, newest start first. */
  infusionsOfPatient(patientId: number): Infusion[] {
    return (this.infusionsOfPatientStmt.all(patientId) as InfusionRow[]).map(infusionFromRow);
  }

  softDeleteInfusion(id: number, at: string, reason: string): void {
    this.deleteInfusionStmt.run({ id, at, reason });
  }

  insertAssessment(f: AssessmentFields, at: string): number {
    return Number(this.insertAssessmentStmt.run({ ...assessmentParams(f), at }).lastInsertRowid);
  }

  updateAssessment(id: number, f: AssessmentFields): void {
    this.updateAssessmentStmt.run({ ...assessmentParams(f), id });
  }

  getAssessment(id: number): Assessment | undefined {
    const row = this.getAssessmentStmt.get(id) as AssessmentRow | undefined;
    return row && assessmentFromRow(row);
  }

  /** Live assessments of an infusion, pre first. */
  assessmentsOfInfusion(infusionId: number): Assessment[] {
    return (this.assessmentsOfInfusionStmt.all(infusionId) as AssessmentRow[]).map(assessmentFromRow);
  }

  /** Live assessments of a patient, by infusion, pre first. */
  assessmentsOfPatient(patientId: number): Assessment[] {
    return (this.assessmentsOfPatientStmt.all(patientId) as AssessmentRow[]).map(assessmentFromRow);
  }

  /** The live assessment of an infusion at a time point, if any. */
  liveAssessment(infusionId: number, timePoint: TimePoint): Assessment | undefined {
    const row = this.liveAssessmentStmt.get(infusionId, timePoint) as AssessmentRow | undefined;
    return row && assessmentFromRow(row);
  }

  softDeleteAssessment(id: number, at: string, reason: string): void {
    this.deleteAssessmentStmt.run({ id, at, reason });
  }
}
