/**
 * The patient list in SQL (issue 12: filtering and sorting ran in memory over every patient, then
 * in SQL recomputing every patient's latest z and NRS pair per query): search, analysis and
 * responder filters, sort (last changed, natural code order, z, % reduction; nulls last, ties by
 * code) and paging, over the patient summary (patient-summary.ts: latest z, the latest infusion's
 * NRS pair, % reduction and outcome class, kept by triggers and indexed). The total is counted in
 * its own statement, so a page is sorted without numbering every match.
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

/** Nulls last in both directions (SQLite sorts NULL first), in the form the summary's indexes deliver. */
const nullsLast = (column: string, dir: 'ASC' | 'DESC') => (dir === 'ASC' ? `${column} IS NULL, ${column} ASC` : `${column} DESC`);

const ORDER = {
  updated: (dir: 'ASC' | 'DESC') => `p.updated_at ${dir}, p.id ${dir}`,
  code: (dir: 'ASC' | 'DESC') => `krp_natural_key(p.display_code) ${dir}, p.id ${dir}`,
  z: (dir: 'ASC' | 'DESC') => `${nullsLast('s.z', dir)}, krp_natural_key(p.display_code), p.id`,
  reduction: (dir: 'ASC' | 'DESC') => `${nullsLast('s.reduction', dir)}, krp_natural_key(p.display_code), p.id`,
} as const;

const RESPONDER_WHERE: Record<NonNullable<PatientListQuery['responder']>, string | null> = {
  any: null,
  responder: `s.outcome = 'evaluable' AND s.reduction >= ${RESPONDER_THRESHOLD_PCT}`,
  'non-responder': `s.outcome = 'evaluable' AND s.reduction < ${RESPONDER_THRESHOLD_PCT}`,
  'not-evaluable': `s.outcome IN ('not-evaluable', 'undefined')`,
  pending: `s.outcome = 'missing'`,
};

const ANALYSIS_WHERE: Record<NonNullable<PatientListQuery['analysis']>, string | null> = { any: null, analysed: 's.z IS NOT NULL', 'not-analysed': 's.z IS NULL' };

interface Row {
  id: number; display_code: string; hospital_id: string | null; birth_year: number | null; sex: string; diagnosis: string;
  updated_at: string; deleted_at: string | null; latest_z: number | null; pre_nrs: number | null; post_nrs: number | null;
}

const registered = new WeakSet<Database.Database>();
const cache = new WeakMap<Database.Database, Map<string, Database.Statement>>();
/** Natural keys already computed (display codes repeat across queries; bounded so a huge record cannot grow it without end). */
const naturalKeys = new Map<string, string>();

function cachedNaturalKey(code: string): string {
  let key = naturalKeys.get(code);
  if (key === undefined) {
    if (naturalKeys.size >= 100_000) naturalKeys.clear();
    key = naturalKey(code);
    naturalKeys.set(code, key);
  }
  return key;
}

function statement(db: Database.Database, sql: string): Database.Statement {
  if (!registered.has(db)) {
    db.function('krp_natural_key', { deterministic: true }, (code: unknown) => (typeof code === 'string' ? cachedNaturalKey(code) : null));
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
  const params: Record<string, unknown> = {};
  const where: string[] = [];
  if (!query.includeDeleted) where.push('s.deleted = 0');
  const search = query.search?.trim();
  if (search) {
    where.push("(p.display_code LIKE @q ESCAPE '\\' OR p.hospital_id LIKE @q ESCAPE '\\' OR p.diagnosis LIKE @q ESCAPE '\\')");
    params.q = likeContains(search);
  }
  where.push(...[ANALYSIS_WHERE[query.analysis ?? 'any'], RESPONDER_WHERE[query.responder ?? 'any']].filter((w): w is string => w !== null));
  const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const counted = search ? 'patient_summary s JOIN patients p ON p.id = s.patient_id' : 'patient_summary s';
  const total = statement(db, `SELECT count(*) FROM ${counted} ${filter}`).pluck().get(params) as number;
  // Last changed: walk patients_by_update and stop at the page (CROSS JOIN keeps patients outer);
  // the other orders sort the matches (the natural code order is computed, not indexed).
  const from = sort === 'updated' ? `FROM patients p CROSS JOIN patient_summary s ON s.patient_id = p.id ${filter}`
    : `FROM patient_summary s JOIN patients p ON p.id = s.patient_id ${filter}`;
  // The page's ids first (the sort carries only its keys), then their rows.
  const ids = offset >= total ? []
    : statement(db, `SELECT p.id ${from} ORDER BY ${ORDER[sort](direction)} LIMIT @limit OFFSET @offset`).pluck().all({ ...params, limit, offset }) as number[];
  const byId = new Map((ids.length === 0 ? [] : statement(db, `
SELECT p.id, p.display_code, p.hospital_id, p.birth_year, p.sex, p.diagnosis, p.updated_at, p.deleted_at,
  s.z AS latest_z, s.pre_nrs, s.post_nrs
FROM patients p JOIN patient_summary s ON s.patient_id = p.id WHERE p.id IN (SELECT value FROM json_each(@ids))`)
    .all({ ids: JSON.stringify(ids) }) as Row[]).map((r) => [r.id, r]));
  const items = ids.map((id) => byId.get(id) as Row).map((r): PatientListItem => ({
    id: r.id, displayCode: r.display_code, hospitalId: r.hospital_id, birthYear: r.birth_year, sex: r.sex as Sex,
    diagnosis: r.diagnosis, latestZ: r.latest_z, preNrs: r.pre_nrs, post60Nrs: r.post_nrs, updatedAt: r.updated_at, deleted: r.deleted_at !== null,
  }));
  return { items, total };
}
