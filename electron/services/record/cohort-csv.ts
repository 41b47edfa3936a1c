/**
 * The cohort CSV: one row per patient (scores, z, outcome), identified or de-identified. Its
 * columns id, z, nrs_pre, nrs_post and settings_hash are what `krp model --cohort` reads.
 * De-identified: the pseudonym is an HMAC of the patient id under the database's secret key (not
 * the display code, which staff can map back), every date is shifted by the patient's secret
 * offset (days; intervals within a patient are kept), ages of 90 and over are reported as 90,
 * and free text (diagnosis, notes, paths) and the hospital ID are dropped.
 */
import { createHmac } from 'node:crypto';
import { ageInYears, shiftIsoByDays } from '../../../shared/record/dates';
import type { Analysis, Assessment, Eligibility, Infusion, NrsOutcome, Patient, Scan } from '../../../shared/record/types';

/** What the export needs to know about one patient. */
export interface PatientSummary {
  patient: Patient;
  latestAnalysis: Analysis | null;
  /** The scan of the latest analysis (or the latest scan), null when none. */
  scan: Scan | null;
  /** The latest infusion, null when none. */
  infusion: Infusion | null;
  pre: Assessment | null;
  post: Assessment | null;
  outcome: NrsOutcome;
  eligibility: Eligibility;
  dateShiftDays: number;
}

type Cell = string | number | boolean | null;

const IDENTIFIED_ONLY = new Set(['hospital_id', 'birth_year', 'diagnosis', 'analysis_id']);

export const COHORT_COLUMNS = [
  'id', 'hospital_id', 'birth_year', 'age_at_infusion', 'sex', 'diagnosis', 'pain_duration_months',
  'psychiatric_history', 'abnormal_mri', 'scan_date', 'z', 'r', 'settings_hash', 'analysis_id', 'infusion_start',
  'weight_kg', 'dose_mg_per_kg', 'total_mg', 'duration_min', 'minutes_from_scan', 'nrs_pre', 'nrs_post',
  'nrs_reduction_pct', 'outcome_status', 'responder', 'hads_anxiety_pre', 'hads_depression_pre', 'pcs_total_pre',
  'hads_anxiety_post60', 'hads_depression_post60', 'pcs_total_post60', 'eligibility',
] as const;

/** Columns of the identified or the de-identified export. */
export function cohortColumns(deidentified: boolean): string[] {
  return COHORT_COLUMNS.filter((c) => !deidentified || !IDENTIFIED_ONLY.has(c));
}

/** Stable pseudonym `S-` + 10 hex digits: HMAC-SHA-256 of the patient id under the secret key. */
export function pseudonym(key: string, patientId: number): string {
  return `S-${createHmac('sha256', key).update(String(patientId)).digest('hex').slice(0, 10)}`;
}

/** One CSV cell (RFC 4180 quoting); text starting with = + - @ or a control is prefixed with ' so spreadsheets do not run it. */
export function csvCell(value: Cell): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  let text = value;
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Builds the row values of one patient keyed by column. */
export function cohortRow(s: PatientSummary, deidentified: boolean, pseudonymKey: string): Record<string, Cell> {
  const p = s.patient;
  const shift = (iso: string | null | undefined): string | null =>
    iso === null || iso === undefined ? null : deidentified ? shiftIsoByDays(iso, s.dateShiftDays) : iso;
  let age = s.infusion ? ageInYears(p.birthYear, p.birthDate, s.infusion.startedAt.slice(0, 10)) : null;
  if (deidentified && age !== null && age > 90) age = 90;
  const preHads = s.pre?.hads ?? null;
  const postHads = s.post?.hads ?? null;
  return {
    id: deidentified ? pseudonym(pseudonymKey, p.id) : p.displayCode,
    hospital_id: p.hospitalId,
    birth_year: p.birthYear,
    age_at_infusion: age,
    sex: p.sex,
    diagnosis: p.diagnosis,
    pain_duration_months: p.painDurationMonths,
    psychiatric_history: p.psychiatricHistory,
    abnormal_mri: p.abnormalMri,
    scan_date: shift(s.scan?.acquiredAt),
    z: s.latestAnalysis?.z ?? null,
    r: s.latestAnalysis?.r ?? null,
    settings_hash: s.latestAnalysis?.settingsHash ?? null,
    analysis_id: s.latestAnalysis?.id ?? null,
    infusion_start: shift(s.infusion?.startedAt),
    weight_kg: s.infusion?.weightKg ?? null,
    dose_mg_per_kg: s.infusion?.doseMgPerKg ?? null,
    total_mg: s.infusion?.totalMg ?? null,
    duration_min: s.infusion?.durationMin ?? null,
    minutes_from_scan: s.infusion?.minutesFromScan ?? null,
    nrs_pre: s.pre?.nrs ?? null,
    nrs_post: s.post?.nrs ?? null,
    nrs_reduction_pct: s.outcome.reductionPct,
    outcome_status: s.outcome.status,
    responder: s.outcome.responder,
    hads_anxiety_pre: preHads?.anxiety.score ?? null,
    hads_depression_pre: preHads?.depression.score ?? null,
    pcs_total_pre: s.pre?.pcs?.total.score ?? null,
    hads_anxiety_post60: postHads?.anxiety.score ?? null,
    hads_depression_post60: postHads?.depression.score ?? null,
    pcs_total_post60: s.post?.pcs?.total.score ?? null,
    eligibility: s.eligibility.overall,
  };
}

/** The whole CSV (header + rows, CRLF line ends). */
export function cohortCsv(summaries: PatientSummary[], deidentified: boolean, pseudonymKey: string): string {
  const columns = cohortColumns(deidentified);
  const lines = [columns.join(',')];
  for (const s of summaries) {
    const row = cohortRow(s, deidentified, pseudonymKey);
    lines.push(columns.map((c) => csvCell(row[c] ?? null)).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
