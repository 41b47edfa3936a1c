/**
 * The record queries as they were before the patient summary (issue 12; with the analysis in use
 * and the seed-to-voxel z of schemas 8 and 9), kept as the reference that the summary-based queries (calibration-query.ts, patient-list-query.ts) must
 * equal on seeded records. Test support only; not used by the app.
 */
import type Database from 'better-sqlite3';
import { MIN_EVALUABLE_BASELINE_NRS, nrsOutcome, RESPONDER_THRESHOLD_PCT } from '../../../../shared/scoring/nrs';
import type { CalibrationRow, PatientListItem, PatientListQuery, Sex } from '../../../../shared/record/types';
import { inUseOrder } from '../analysis-choices-repo';
import { naturalKey } from '../patient-list-query';

function likeContains(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

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

/** The calibration rows by the window-function query of schema 6. */
export function legacyCalibrationRows(db: Database.Database, settingsHash?: string): CalibrationRow[] {
  const rows = (settingsHash === undefined ? db.prepare(SQL(false)).all() : db.prepare(SQL(true)).all({ settingsHash })) as {
    patient_id: number; display_code: string; analysis_id: number; scan_id: number; z: number; seed_to_voxel_z: number | null; settings_hash: string;
    infusion_id: number; started_at: string; pre_nrs: number; post_nrs: number;
  }[];
  return rows.map((r) => ({
    patientId: r.patient_id, displayCode: r.display_code, analysisId: r.analysis_id, scanId: r.scan_id, z: r.z, seedToVoxelZ: r.seed_to_voxel_z,
    settingsHash: r.settings_hash, infusionId: r.infusion_id, preNrs: r.pre_nrs, post60Nrs: r.post_nrs,
    outcome: nrsOutcome(r.pre_nrs, r.post_nrs), treatedAt: r.started_at,
  }));
}

const ORDER = {
  updated: (dir: 'ASC' | 'DESC') => `updated_at ${dir}, id ${dir}`,
  code: (dir: 'ASC' | 'DESC') => `krp_natural_key(display_code) ${dir}, id ${dir}`,
  z: (dir: 'ASC' | 'DESC') => `latest_z IS NULL, latest_z ${dir}, krp_natural_key(display_code), id`,
  reduction: (dir: 'ASC' | 'DESC') => `reduction IS NULL, reduction ${dir}, krp_natural_key(display_code), id`,
} as const;

const RESPONDER_WHERE: Record<NonNullable<PatientListQuery['responder']>, string | null> = {
  any: null,
  responder: `status = 'evaluable' AND reduction >= ${RESPONDER_THRESHOLD_PCT}`,
  'non-responder': `status = 'evaluable' AND reduction < ${RESPONDER_THRESHOLD_PCT}`,
  'not-evaluable': `status IN ('not-evaluable', 'undefined')`,
  pending: `status = 'missing'`,
};

const ANALYSIS_WHERE: Record<NonNullable<PatientListQuery['analysis']>, string | null> = { any: null, analysed: 'latest_z IS NOT NULL', 'not-analysed': 'latest_z IS NULL' };

interface Row {
  id: number; display_code: string; hospital_id: string | null; birth_year: number | null; sex: string; diagnosis: string;
  updated_at: string; deleted_at: string | null; latest_z: number | null; pre_nrs: number | null; post_nrs: number | null; total: number;
}

const registered = new WeakSet<Database.Database>();
const cache = new WeakMap<Database.Database, Map<string, Database.Statement>>();

function statement(db: Database.Database, sql: string): Database.Statement {
  if (!registered.has(db)) {
    // Registered again by name (the same pure function the app registers).
    db.function('krp_natural_key', { deterministic: true }, (code: unknown) => (typeof code === 'string' ? naturalKey(code) : null));
    registered.add(db);
  }
  let byText = cache.get(db);
  if (!byText) { byText = new Map(); cache.set(db, byText); }
  let stmt = byText.get(sql);
  if (!stmt) { stmt = db.prepare(sql); byText.set(sql, stmt); }
  return stmt;
}

/** One page of patients matching `query`, with the number of all matches. */
export function legacyPatientList(db: Database.Database, query: PatientListQuery): { items: PatientListItem[]; total: number } {
  const limit = Math.min(Math.max(Math.trunc(query.limit ?? 50), 1), 500);
  const offset = Math.max(Math.trunc(query.offset ?? 0), 0);
  const sort = query.sort ?? 'updated';
  const direction = (query.direction ?? (sort === 'updated' ? 'desc' : 'asc')) === 'desc' ? 'DESC' : 'ASC';
  const params: Record<string, unknown> = { limit, offset };
  const patientWhere: string[] = [];
  if (!query.includeDeleted) patientWhere.push('p.deleted_at IS NULL');
  const search = query.search?.trim();
  if (search) {
    patientWhere.push("(p.display_code LIKE @q ESCAPE '\\' OR p.hospital_id LIKE @q ESCAPE '\\' OR p.diagnosis LIKE @q ESCAPE '\\')");
    params.q = likeContains(search);
  }
  const outerWhere = [ANALYSIS_WHERE[query.analysis ?? 'any'], RESPONDER_WHERE[query.responder ?? 'any']].filter((w): w is string => w !== null);
  const sql = `
WITH base AS (
  SELECT p.id, p.display_code, p.hospital_id, p.birth_year, p.sex, p.diagnosis, p.updated_at, p.deleted_at,
    (SELECT a.z FROM analyses a JOIN scans s ON s.id = a.scan_id
      WHERE s.patient_id = p.id AND s.deleted_at IS NULL ORDER BY ${inUseOrder('p.id')} LIMIT 1) AS latest_z,
    (SELECT i.id FROM infusions i WHERE i.patient_id = p.id AND i.deleted_at IS NULL
      ORDER BY i.started_at DESC, i.id DESC LIMIT 1) AS infusion_id
  FROM patients p ${patientWhere.length ? `WHERE ${patientWhere.join(' AND ')}` : ''}
), with_nrs AS (
  SELECT b.*,
    (SELECT nrs FROM assessments WHERE infusion_id = b.infusion_id AND time_point = 'pre' AND deleted_at IS NULL) AS pre_nrs,
    (SELECT nrs FROM assessments WHERE infusion_id = b.infusion_id AND time_point = 'post60' AND deleted_at IS NULL) AS post_nrs
  FROM base b
), classified AS (
  SELECT w.*,
    CASE WHEN pre_nrs IS NULL OR post_nrs IS NULL OR pre_nrs = 0 THEN NULL ELSE (100.0 * (pre_nrs - post_nrs)) / pre_nrs END AS reduction,
    CASE WHEN pre_nrs IS NULL OR post_nrs IS NULL THEN 'missing' WHEN pre_nrs = 0 THEN 'undefined'
         WHEN pre_nrs < ${MIN_EVALUABLE_BASELINE_NRS} THEN 'not-evaluable' ELSE 'evaluable' END AS status
  FROM with_nrs w
)
SELECT *, count(*) OVER () AS total FROM classified ${outerWhere.length ? `WHERE ${outerWhere.join(' AND ')}` : ''}
ORDER BY ${ORDER[sort](direction)} LIMIT @limit OFFSET @offset`;
  const rows = statement(db, sql).all(params) as Row[];
  let total = rows.length ? rows[0].total : 0;
  if (rows.length === 0 && offset > 0) {
    total = (legacyPatientList(db, { ...query, offset: 0, limit: 1 })).total;
  }
  const items = rows.map((r): PatientListItem => ({
    id: r.id, displayCode: r.display_code, hospitalId: r.hospital_id, birthYear: r.birth_year, sex: r.sex as Sex,
    diagnosis: r.diagnosis, latestZ: r.latest_z, preNrs: r.pre_nrs, post60Nrs: r.post_nrs, updatedAt: r.updated_at, deleted: r.deleted_at !== null,
  }));
  return { items, total };
}
