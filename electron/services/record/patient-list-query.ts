/**
 * The patient list in SQL (issue 12: filtering and sorting ran in memory over every patient):
 * search, analysis and responder filters, sort (last changed, natural code order, z, % reduction;
 * nulls last, ties by code) and paging in one statement, with the latest z and the NRS pair of the
 * latest infusion per patient. The outcome classes mirror shared/scoring/nrs.ts (nrsOutcome).
 */
import type Database from 'better-sqlite3';
import { MIN_EVALUABLE_BASELINE_NRS, RESPONDER_THRESHOLD_PCT } from '../../../shared/scoring/nrs';
import type { PatientListItem, PatientListQuery, Sex } from '../../../shared/record/types';
import { inUseOrder } from './analysis-choices-repo';

/** Natural sort key of a display code: lower case, each digit run zero-padded to 20 ("p-2" < "p-10"). */
export function naturalKey(code: string): string {
  return code.toLowerCase().replace(/\d+/g, (digits) => digits.replace(/^0+(?=\d)/, '').padStart(20, '0'));
}

/** Escapes % _ \ for a LIKE pattern with ESCAPE '\'. */
function likeContains(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
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
export function queryPatientList(db: Database.Database, query: PatientListQuery): { items: PatientListItem[]; total: number } {
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
    total = (queryPatientList(db, { ...query, offset: 0, limit: 1 })).total;
  }
  const items = rows.map((r): PatientListItem => ({
    id: r.id, displayCode: r.display_code, hospitalId: r.hospital_id, birthYear: r.birth_year, sex: r.sex as Sex,
    diagnosis: r.diagnosis, latestZ: r.latest_z, preNrs: r.pre_nrs, post60Nrs: r.post_nrs, updatedAt: r.updated_at, deleted: r.deleted_at !== null,
  }));
  return { items, total };
}
