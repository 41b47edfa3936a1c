/**
 * The patient summary (issue 12: the list and the calibration set at 10 000 patients): one row per
 * patient with what the patient list and the calibration set derive from several tables —
 *   - the analysis in use over the patient's live scans (the clinician's choice, else the newest;
 *     analysis-choices-repo.ts): id, ROI-to-ROI z, seed-to-voxel mean z, settings hash;
 *   - the newest live infusion (started_at, then id) with its live pre/post60 NRS, % reduction and
 *     outcome class (as shared/scoring/nrs.ts nrsOutcome classifies them);
 *   - the newest live infusion that has both a pre and a 60-minute NRS (the calibration pair).
 * Both connectivity numbers are kept (`z`, `seed_to_voxel_z`); the site's metric picks one.
 * It is derived data, never written by the app's code: SQL triggers on patients, scans, analyses,
 * analysis choices, infusions and assessments recompute the row of every patient a statement touches, inside that
 * statement (so inside the write's transaction, whatever connection writes), and bump
 * `clinical_revision`, the counter the estimate cache is keyed by (estimates and access-log entries
 * do not bump it). `derivedSummaryProblem` recomputes every row for the record's verification.
 *
 * Frozen with migration 10 (migrations.ts): changing SUMMARY_SELECT, the columns or the triggers
 * needs a new migration that drops and recreates them.
 */
import type Database from 'better-sqlite3';
import { MIN_EVALUABLE_BASELINE_NRS } from '../../../shared/scoring/nrs';
import { inUseOrder } from './analysis-choices-repo';

/** Live assessment NRS of an infusion at a time point. */
const live = (alias: string, infusion: string, timePoint: 'pre' | 'post60') =>
  `${alias}.infusion_id = ${infusion}.id AND ${alias}.time_point = '${timePoint}' AND ${alias}.deleted_at IS NULL`;

/** Every column of patient_summary, in order, computed from the clinical tables; `WHERE` appended by the caller. */
export const SUMMARY_SELECT = `
SELECT p.id AS patient_id,
  (p.deleted_at IS NOT NULL) AS deleted, p.display_code AS display_code,
  a.id AS analysis_id, a.scan_id AS scan_id, a.z AS z, a.seed_to_voxel_z AS seed_to_voxel_z, a.settings_hash AS settings_hash,
  li.id AS infusion_id, lpre.nrs AS pre_nrs, lpost.nrs AS post_nrs,
  CASE WHEN lpre.nrs IS NULL OR lpost.nrs IS NULL OR lpre.nrs = 0 THEN NULL
       ELSE (100.0 * (lpre.nrs - lpost.nrs)) / lpre.nrs END AS reduction,
  CASE WHEN lpre.nrs IS NULL OR lpost.nrs IS NULL THEN 'missing' WHEN lpre.nrs = 0 THEN 'undefined'
       WHEN lpre.nrs < ${MIN_EVALUABLE_BASELINE_NRS} THEN 'not-evaluable' ELSE 'evaluable' END AS outcome,
  ci.id AS calibration_infusion_id, ci.started_at AS calibration_started_at,
  cpre.nrs AS calibration_pre_nrs, cpost.nrs AS calibration_post_nrs
FROM patients p
LEFT JOIN analyses a ON a.id = (
  SELECT a2.id FROM analyses a2 JOIN scans s2 ON s2.id = a2.scan_id
  WHERE s2.patient_id = p.id AND s2.deleted_at IS NULL ORDER BY ${inUseOrder('p.id', 'a2')} LIMIT 1)
LEFT JOIN infusions li ON li.id = (
  SELECT i2.id FROM infusions i2 WHERE i2.patient_id = p.id AND i2.deleted_at IS NULL
  ORDER BY i2.started_at DESC, i2.id DESC LIMIT 1)
LEFT JOIN assessments lpre ON ${live('lpre', 'li', 'pre')}
LEFT JOIN assessments lpost ON ${live('lpost', 'li', 'post60')}
LEFT JOIN infusions ci ON ci.id = (
  SELECT i3.id FROM infusions i3 WHERE i3.patient_id = p.id AND i3.deleted_at IS NULL
    AND EXISTS (SELECT 1 FROM assessments x WHERE ${live('x', 'i3', 'pre')} AND x.nrs IS NOT NULL)
    AND EXISTS (SELECT 1 FROM assessments x WHERE ${live('x', 'i3', 'post60')} AND x.nrs IS NOT NULL)
  ORDER BY i3.started_at DESC, i3.id DESC LIMIT 1)
LEFT JOIN assessments cpre ON ${live('cpre', 'ci', 'pre')}
LEFT JOIN assessments cpost ON ${live('cpost', 'ci', 'post60')}`;

const COLUMNS = [
  'patient_id', 'deleted', 'display_code', 'analysis_id', 'scan_id', 'z', 'seed_to_voxel_z', 'settings_hash', 'infusion_id', 'pre_nrs', 'post_nrs', 'reduction', 'outcome',
  'calibration_infusion_id', 'calibration_started_at', 'calibration_pre_nrs', 'calibration_post_nrs',
] as const;

/** Statements (no CTEs: they run inside triggers) that recompute the rows of the patients `ids` (an SQL list). */
function refresh(ids: string): string {
  return `DELETE FROM patient_summary WHERE patient_id IN (${ids});
    INSERT INTO patient_summary (${COLUMNS.join(', ')}) ${SUMMARY_SELECT} WHERE p.id IN (${ids});
    UPDATE clinical_revision SET value = value + 1 WHERE id = 1;`;
}

/** Which patients a changed row of each source table belongs to, for NEW or OLD. */
const PATIENT_OF: Record<string, (row: 'NEW' | 'OLD') => string> = {
  patients: (row) => `${row}.id`,
  scans: (row) => `${row}.patient_id`,
  analyses: (row) => `(SELECT patient_id FROM scans WHERE id = ${row}.scan_id)`,
  analysis_choices: (row) => `${row}.patient_id`,
  infusions: (row) => `${row}.patient_id`,
  assessments: (row) => `${row}.patient_id`,
};

/**
 * Migration 10: the summary table, its indexes, the revision counter, the triggers, and the rows of
 * the patients already in the record. ON CONFLICT REPLACE on the keys lets a plain copy of a
 * record's rows into a fresh schema (backup validation) overwrite what the triggers derived while
 * the source tables were copied.
 */
export function createPatientSummary(db: Database.Database): void {
  db.exec(`
CREATE TABLE patient_summary (
  patient_id INTEGER PRIMARY KEY ON CONFLICT REPLACE,
  deleted INTEGER NOT NULL CHECK (deleted IN (0, 1)),
  display_code TEXT NOT NULL,
  analysis_id INTEGER,
  scan_id INTEGER,
  z REAL,
  seed_to_voxel_z REAL,
  settings_hash TEXT,
  infusion_id INTEGER,
  pre_nrs INTEGER,
  post_nrs INTEGER,
  reduction REAL,
  outcome TEXT NOT NULL CHECK (outcome IN ('missing', 'undefined', 'not-evaluable', 'evaluable')),
  calibration_infusion_id INTEGER,
  calibration_started_at TEXT,
  calibration_pre_nrs INTEGER,
  calibration_post_nrs INTEGER
) STRICT;
-- The list's orders, nulls last: ascending is (x IS NULL, x), descending the plain index backwards.
CREATE INDEX patient_summary_by_z_ascending ON patient_summary(deleted, (z IS NULL), z);
CREATE INDEX patient_summary_by_z ON patient_summary(deleted, z);
CREATE INDEX patient_summary_by_reduction_ascending ON patient_summary(deleted, (reduction IS NULL), reduction);
CREATE INDEX patient_summary_by_reduction ON patient_summary(deleted, reduction);
CREATE INDEX patient_summary_by_outcome ON patient_summary(deleted, outcome, reduction, patient_id);
CREATE TABLE clinical_revision (id INTEGER PRIMARY KEY ON CONFLICT REPLACE CHECK (id = 1), value INTEGER NOT NULL) STRICT;
INSERT INTO clinical_revision (id, value) VALUES (1, 0);
INSERT INTO patient_summary (${COLUMNS.join(', ')}) ${SUMMARY_SELECT};
`);
  for (const [table, patientOf] of Object.entries(PATIENT_OF)) {
    db.exec(`
CREATE TRIGGER patient_summary_after_${table}_insert AFTER INSERT ON ${table} BEGIN ${refresh(patientOf('NEW'))} END;
CREATE TRIGGER patient_summary_after_${table}_update AFTER UPDATE ON ${table} BEGIN ${refresh(`${patientOf('OLD')}, ${patientOf('NEW')}`)} END;
CREATE TRIGGER patient_summary_after_${table}_delete AFTER DELETE ON ${table} BEGIN ${refresh(patientOf('OLD'))} END;
`);
  }
}

/** True when the record has the summary (schema 10 and later). */
export function hasPatientSummary(db: Database.Database): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'patient_summary'").get() !== undefined;
}

/**
 * The first patient whose stored summary differs from one recomputed from the clinical tables
 * (or that has a summary row but no patient), with what differs; null when all agree or the
 * record has no summary.
 */
export function derivedSummaryProblem(db: Database.Database): { patientId: number; problem: string } | null {
  if (!hasPatientSummary(db)) return null;
  const cols = COLUMNS.join(', ');
  const row = db.prepare(`
    SELECT patient_id, 'stored' AS side FROM (SELECT ${cols} FROM patient_summary EXCEPT SELECT * FROM (${SUMMARY_SELECT}))
    UNION ALL
    SELECT patient_id, 'derived' AS side FROM (SELECT * FROM (${SUMMARY_SELECT}) EXCEPT SELECT ${cols} FROM patient_summary)
    ORDER BY patient_id, side DESC LIMIT 1`).get() as { patient_id: number; side: 'stored' | 'derived' } | undefined;
  if (!row) return null;
  const stored = db.prepare('SELECT 1 FROM patient_summary WHERE patient_id = ?').get(row.patient_id) !== undefined;
  const patient = db.prepare('SELECT 1 FROM patients WHERE id = ?').get(row.patient_id) !== undefined;
  const what = !patient ? 'has a summary row but no patient'
    : !stored ? 'has no summary row'
      : 'has a summary (z in use, NRS pair or outcome) that differs from its scans, analyses, infusions and assessments';
  return {
    patientId: row.patient_id,
    problem: `Patient ${row.patient_id} ${what}: the derived patient_summary table was edited outside the app. The patient list and the calibration set read it; restore a backup or report this.`,
  };
}

const revisions = new WeakMap<Database.Database, { token: number; read: Database.Statement | null }>();
let nextToken = 1;

/**
 * An opaque text that changes whenever clinical data change through any connection (the trigger
 * counter) and whenever the connection is replaced (a restore re-opens the record).
 */
export function clinicalRevision(db: Database.Database): string {
  let entry = revisions.get(db);
  if (!entry) {
    entry = { token: nextToken++, read: hasPatientSummary(db) ? db.prepare('SELECT value FROM clinical_revision WHERE id = 1').pluck() : null };
    revisions.set(db, entry);
  }
  return `${entry.token}:${entry.read ? String(entry.read.get()) : 'none'}`;
}
