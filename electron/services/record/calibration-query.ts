/**
 * The calibration rows in one SQL statement over the patient summary (patient-summary.ts, kept by
 * triggers; issue 12: 4.5 s in JavaScript, then 0.5 s with window functions over the wide
 * analyses rows, at 10 000 patients): per live patient, the newest analysis over live scans
 * (optionally the newest with one settings hash) and the newest live infusion with both a pre and a
 * 60-minute NRS; patients lacking either are left out. Ordered by patient id.
 *
 * The connectivity number: METRIC_Z names the column (of patient_summary, and of analyses for the
 * per-hash variant) that is returned as `z`. A per-site metric adds its column to the summary and
 * chooses it here.
 */
import type Database from 'better-sqlite3';
import { nrsOutcome } from '../../../shared/scoring/nrs';
import type { CalibrationRow } from '../../../shared/record/types';

/** The column holding the connectivity number, in patient_summary (`s`) and in analyses (`a`). */
const METRIC_Z = 'z';

const COMPLETE = 's.deleted = 0 AND s.calibration_infusion_id IS NOT NULL';
const CALIBRATION_PAIR = 's.calibration_infusion_id, s.calibration_started_at, s.calibration_pre_nrs, s.calibration_post_nrs';

/** Newest analysis overall: one pass over the summary alone, in patient order (no index, no sort). */
const ALL_SQL = `
SELECT s.patient_id, s.display_code, s.analysis_id, s.scan_id, s.${METRIC_Z}, s.settings_hash, ${CALIBRATION_PAIR}
FROM patient_summary s NOT INDEXED
WHERE ${COMPLETE} AND s.analysis_id IS NOT NULL
ORDER BY s.patient_id`;

/** Newest analysis with one settings hash, per patient (index analyses_by_settings), beside the summary's NRS pair. */
const BY_HASH_SQL = `
SELECT s.patient_id, s.display_code, a.id, a.scan_id, a.${METRIC_Z}, a.settings_hash, ${CALIBRATION_PAIR}
FROM patient_summary s NOT INDEXED
JOIN analyses a ON a.id = (
  SELECT a2.id FROM analyses a2 JOIN scans s2 ON s2.id = a2.scan_id
  WHERE a2.settings_hash = @settingsHash AND s2.patient_id = s.patient_id AND s2.deleted_at IS NULL
  ORDER BY a2.id DESC LIMIT 1)
WHERE ${COMPLETE}
ORDER BY s.patient_id`;

type Row = [
  patientId: number, displayCode: string, analysisId: number, scanId: number, z: number, settingsHash: string,
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
  return rows.map(([patientId, displayCode, analysisId, scanId, z, hash, infusionId, startedAt, preNrs, postNrs]) => ({
    patientId, displayCode, analysisId, scanId, z, settingsHash: hash, infusionId, preNrs, post60Nrs: postNrs,
    outcome: nrsOutcome(preNrs, postNrs), treatedAt: startedAt,
  }));
}
