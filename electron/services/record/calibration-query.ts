/**
 * The calibration rows in one SQL statement (issue 12: 4.5 s in JavaScript at 10 000 patients):
 * per live patient, the analysis in use (the clinician's choice, else the newest; analysis-choices-repo.ts)
 * over live scans (optionally only those with one settings hash) and the newest live infusion with both a pre and a 60-minute NRS; patients lacking either
 * are left out. Same selection as the per-patient loop it replaces. Each newest-row selection is
 * materialized (one pass of its window function) before the join, not re-scanned per patient.
 */
import type Database from 'better-sqlite3';
import { nrsOutcome } from '../../../shared/scoring/nrs';
import type { CalibrationRow } from '../../../shared/record/types';
import { inUseOrder } from './analysis-choices-repo';

const SQL = (withHash: boolean) => `
WITH latest_analysis AS MATERIALIZED (SELECT * FROM (
  SELECT s.patient_id, a.id AS analysis_id, a.scan_id, a.z, a.seed_to_voxel_z, a.settings_hash,
         row_number() OVER (PARTITION BY s.patient_id ORDER BY ${inUseOrder('s.patient_id')}) AS rn
  FROM analyses a JOIN scans s ON s.id = a.scan_id
  WHERE s.deleted_at IS NULL ${withHash ? 'AND a.settings_hash = @settingsHash' : ''}
) WHERE rn = 1), complete_infusion AS MATERIALIZED (SELECT * FROM (
  SELECT i.patient_id, i.id AS infusion_id, i.started_at, pre.nrs AS pre_nrs, post.nrs AS post_nrs,
         row_number() OVER (PARTITION BY i.patient_id ORDER BY i.started_at DESC, i.id DESC) AS rn
  FROM infusions i
  JOIN assessments pre ON pre.infusion_id = i.id AND pre.time_point = 'pre' AND pre.deleted_at IS NULL AND pre.nrs IS NOT NULL
  JOIN assessments post ON post.infusion_id = i.id AND post.time_point = 'post60' AND post.deleted_at IS NULL AND post.nrs IS NOT NULL
  WHERE i.deleted_at IS NULL
) WHERE rn = 1)
SELECT p.id AS patient_id, p.display_code, la.analysis_id, la.scan_id, la.z, la.seed_to_voxel_z, la.settings_hash,
       ci.infusion_id, ci.started_at, ci.pre_nrs, ci.post_nrs
FROM patients p
JOIN latest_analysis la ON la.patient_id = p.id
JOIN complete_infusion ci ON ci.patient_id = p.id
WHERE p.deleted_at IS NULL
ORDER BY p.id`;

interface Row {
  patient_id: number; display_code: string; analysis_id: number; scan_id: number; z: number; seed_to_voxel_z: number | null; settings_hash: string;
  infusion_id: number; started_at: string; pre_nrs: number; post_nrs: number;
}

const statements = new WeakMap<Database.Database, { all: Database.Statement; byHash: Database.Statement }>();

/** The calibration rows (CalibrationRow), ordered by patient id; `settingsHash` must already be checked. */
export function calibrationRows(db: Database.Database, settingsHash?: string): CalibrationRow[] {
  let prepared = statements.get(db);
  if (!prepared) {
    prepared = { all: db.prepare(SQL(false)), byHash: db.prepare(SQL(true)) };
    statements.set(db, prepared);
  }
  const rows = (settingsHash === undefined ? prepared.all.all() : prepared.byHash.all({ settingsHash })) as Row[];
  return rows.map((r) => ({
    patientId: r.patient_id, displayCode: r.display_code, analysisId: r.analysis_id, scanId: r.scan_id, z: r.z, seedToVoxelZ: r.seed_to_voxel_z,
    settingsHash: r.settings_hash, infusionId: r.infusion_id, preNrs: r.pre_nrs, post60Nrs: r.post_nrs,
    outcome: nrsOutcome(r.pre_nrs, r.post_nrs), treatedAt: r.started_at,
  }));
}
