/**
 * The calibration rows in one SQL statement over the patient summary (patient-summary.ts, kept by
 * triggers; issue 12: 4.5 s in JavaScript, then 0.5 s with window functions over the wide
 * analyses rows, at 10 000 patients): per live patient, the analysis in use over live scans (the
 * clinician's choice, else the newest; analysis-choices-repo.ts; optionally the one in use among
 * those with one settings hash) and the newest live infusion with both a pre and a 60-minute NRS;
 * patients lacking either are left out. Ordered by patient id.
 *
 * Both connectivity numbers are returned (`z` ROI-to-ROI, `seedToVoxelZ` the study's seed-to-voxel
 * mean, null for analyses made before it existed); the estimate picks the site's metric.
 */
import type Database from 'better-sqlite3';
import { nrsOutcome } from '../../../shared/scoring/nrs';
import type { CalibrationRow } from '../../../shared/record/types';
import { inUseOrder } from './analysis-choices-repo';

const COMPLETE = 's.deleted = 0 AND s.calibration_infusion_id IS NOT NULL';
const CALIBRATION_PAIR = 's.calibration_infusion_id, s.calibration_started_at, s.calibration_pre_nrs, s.calibration_post_nrs';

/** Analysis in use overall: one pass over the summary alone, in patient order (no index, no sort). */
const ALL_SQL = `
SELECT s.patient_id, s.display_code, s.analysis_id, s.scan_id, s.z, s.seed_to_voxel_z, s.settings_hash, ${CALIBRATION_PAIR}
FROM patient_summary s NOT INDEXED
WHERE ${COMPLETE} AND s.analysis_id IS NOT NULL
ORDER BY s.patient_id`;

/** Analysis in use among those with one settings hash, per patient (index analyses_by_settings), beside the summary's NRS pair. */
const BY_HASH_SQL = `
SELECT s.patient_id, s.display_code, a.id, a.scan_id, a.z, a.seed_to_voxel_z, a.settings_hash, ${CALIBRATION_PAIR}
FROM patient_summary s NOT INDEXED
JOIN analyses a ON a.id = (
  SELECT a2.id FROM analyses a2 JOIN scans s2 ON s2.id = a2.scan_id
  WHERE a2.settings_hash = @settingsHash AND s2.patient_id = s.patient_id AND s2.deleted_at IS NULL
  ORDER BY ${inUseOrder('s.patient_id', 'a2')} LIMIT 1)
WHERE ${COMPLETE}
ORDER BY s.patient_id`;

type Row = [
  patientId: number, displayCode: string, analysisId: number, scanId: number, z: number, seedToVoxelZ: number | null, settingsHash: string,
  infusionId: number, startedAt: string, preNrs: number, postNrs: number,
];

const statements = new WeakMap<Database.Database, { all: Database.Statement; byHash: Database.Statement }>();

/** The calibration rows (CalibrationRow), ordered by patient id; `settingsHash` must already be checked. */
export function calibrationRows(db: Database.Database, settingsHash?: string): CalibrationRow[] {
  let prepared = statements.get(db);
  if (!prepared) {
    prepared = { all: db.prepare(ALL_SQL).raw(true), byHash: db.prepare(BY_HASH_SQL).raw(true) };
    statements.set(db, prepared);
  }
  const rows = (settingsHash === undefined ? prepared.all.all() : prepared.byHash.all({ settingsHash })) as Row[];
  return rows.map(([patientId, displayCode, analysisId, scanId, z, seedToVoxelZ, hash, infusionId, startedAt, preNrs, postNrs]) => ({
    patientId, displayCode, analysisId, scanId, z, seedToVoxelZ, settingsHash: hash, infusionId, preNrs, post60Nrs: postNrs,
    outcome: nrsOutcome(preNrs, postNrs), treatedAt: startedAt,
  }));
}
