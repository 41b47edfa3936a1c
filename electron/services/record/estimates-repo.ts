/** Response estimates, each stored with the model that made it (no validation, no audit). */
import type Database from 'better-sqlite3';
import type { Estimate, EstimateInput, JsonObject } from '../../../shared/record/types';
import { canonicalJson } from '../../../shared/canonical-json';

interface EstimateRow {
  id: number; patient_id: number; analysis_id: number | null; z: number; settings_hash: string | null;
  estimate_json: string; model_json: string; model_id: string; created_at: string; frozen: number;
}

function estimateFromRow(r: EstimateRow): Estimate {
  return {
    id: r.id, patientId: r.patient_id, analysisId: r.analysis_id, z: r.z, settingsHash: r.settings_hash,
    estimate: JSON.parse(r.estimate_json) as JsonObject, model: JSON.parse(r.model_json) as JsonObject,
    modelId: r.model_id, createdAt: r.created_at, frozen: r.frozen === 1,
  };
}

export class EstimatesRepo {
  private readonly insertStmt; private readonly getStmt; private readonly ofPatientStmt; private readonly frozenStmt;

  constructor(db: Database.Database) {
    this.insertStmt = db.prepare(`INSERT INTO estimates (patient_id, analysis_id, z, settings_hash, estimate_json, model_json, model_id, created_at, frozen)
      VALUES (@patientId, @analysisId, @z, @settingsHash, @estimateJson, @modelJson, @modelId, @at, @frozen)`);
    this.frozenStmt = db.prepare('SELECT * FROM estimates WHERE patient_id = ? AND settings_hash IS ? AND frozen = 1');
    this.getStmt = db.prepare('SELECT * FROM estimates WHERE id = ?');
    this.ofPatientStmt = db.prepare('SELECT * FROM estimates WHERE patient_id = ? ORDER BY id DESC');
  }

  insert(input: EstimateInput, at: string): number {
    return Number(this.insertStmt.run({
      patientId: input.patientId, analysisId: input.analysisId ?? null, z: input.z, settingsHash: input.settingsHash ?? null,
      estimateJson: canonicalJson(input.estimate), modelJson: canonicalJson(input.model), modelId: input.modelId, at,
      frozen: input.frozen ? 1 : 0,
    }).lastInsertRowid);
  }

  get(id: number): Estimate | undefined {
    const row = this.getStmt.get(id) as EstimateRow | undefined;
    return row && estimateFromRow(row);
  }

  /** The estimate frozen before the patient's treatment outcome existed, for these settings (at most one). */
  frozenOf(patientId: number, settingsHash: string | null): Estimate | undefined {
    const row = this.frozenStmt.get(patientId, settingsHash) as EstimateRow | undefined;
    return row && estimateFromRow(row);
  }

  /** Estimates of a patient, newest first. */
  ofPatient(patientId: number): Estimate[] {
    return (this.ofPatientStmt.all(patientId) as EstimateRow[]).map(estimateFromRow);
  }
}
