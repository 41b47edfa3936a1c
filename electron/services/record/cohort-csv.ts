/**
 * The cohort export: UTF-8 with a byte-order mark (so that Excel, also in Japanese, reads it as
 * UTF-8), CRLF line ends, RFC 4180 quoting, item-level HADS and PCS for the pre and 60-minute
 * assessments, and a codebook (cohort-codebook.ts). Two tables with the same columns:
 *   - patients: one row per patient, its latest infusion (what `krp model --cohort` reads:
 *     id, z, nrs_pre, nrs_post, settings_hash, seed_to_voxel_z; one line per patient);
 *   - infusions: one row per infusion, every live infusion of every patient, newest first.
 *
 * Pseudonymized (仮名化, not 匿名化: quasi-identifiers such as age, sex and scores remain, and the
 * clinic keeps the identified record): the id is a code drawn at random for this export only
 * (nothing in the database or in another export links it back), dates are replaced by days
 * relative to the patient's scan, ages of 90 and over are reported as 90, and free text
 * (diagnosis, notes, paths), the hospital ID, birth year and record ids are dropped.
 */
import { randomInt } from 'node:crypto';
import { ageInYears } from '../../../shared/record/dates';
import type { Analysis, Assessment, Eligibility, Infusion, InfusionWithAssessments, NrsOutcome, Patient, Scan } from '../../../shared/record/types';

/** What the export needs to know about one patient. */
export interface PatientSummary {
  patient: Patient;
  analysisInUse: Analysis | null;
  /** The scan of the latest analysis (or the latest scan), null when none. */
  scan: Scan | null;
  /** The latest infusion, null when none. */
  infusion: Infusion | null;
  pre: Assessment | null;
  post: Assessment | null;
  outcome: NrsOutcome;
  eligibility: Eligibility;
  dateShiftDays: number;
  /** Every live infusion, newest first, with its assessments and outcome. */
  infusionsFull: InfusionWithAssessments[];
}

type Cell = string | number | boolean | null;

export const HADS_ITEMS = 14;
export const PCS_ITEMS = 13;
const items = (prefix: string, count: number, tp: string) => Array.from({ length: count }, (_, i) => `${prefix}${i + 1}_${tp}`);

const IDENTIFIED_ONLY = new Set(['hospital_id', 'birth_year', 'diagnosis', 'analysis_id', 'infusion_id', 'scan_date', 'infusion_start']);
const PSEUDONYMIZED_ONLY = new Set(['infusion_day_from_scan']);

export const COHORT_COLUMNS = [
  'id', 'hospital_id', 'birth_year', 'age_at_infusion', 'sex', 'diagnosis', 'pain_duration_months',
  'psychiatric_history', 'abnormal_mri', 'scan_date', 'z', 'r', 'seed_to_voxel_z', 'settings_hash', 'analysis_id',
  'infusion_number', 'infusions_total', 'infusion_id', 'infusion_start', 'infusion_day_from_scan',
  'weight_kg', 'dose_mg_per_kg', 'total_mg', 'duration_min', 'minutes_from_scan', 'nrs_pre', 'nrs_post',
  'nrs_reduction_pct', 'outcome_status', 'responder', 'hads_anxiety_pre', 'hads_depression_pre', 'pcs_total_pre',
  'hads_anxiety_post60', 'hads_depression_post60', 'pcs_total_post60', 'eligibility',
  ...items('hads', HADS_ITEMS, 'pre'), ...items('pcs', PCS_ITEMS, 'pre'),
  ...items('hads', HADS_ITEMS, 'post60'), ...items('pcs', PCS_ITEMS, 'post60'),
] as const;

/** Columns of the identified or the pseudonymized export. */
export function cohortColumns(pseudonymized: boolean): string[] {
  return COHORT_COLUMNS.filter((c) => (pseudonymized ? !IDENTIFIED_ONLY.has(c) : !PSEUDONYMIZED_ONLY.has(c)));
}

/** Random export-only codes P-0001… assigned to patients in random order (a Fisher–Yates shuffle). */
export function exportCodes(count: number): string[] {
  const codes = Array.from({ length: count }, (_, i) => `P-${String(i + 1).padStart(Math.max(4, String(count).length), '0')}`);
  for (let i = codes.length - 1; i > 0; i--) {
    const j = randomInt(0, i + 1);
    [codes[i], codes[j]] = [codes[j], codes[i]];
  }
  return codes;
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

/** Whole days from the day of `fromIso` to the day of `toIso` (calendar days of the written local dates). */
export function daysBetween(fromIso: string, toIso: string): number {
  const day = (iso: string) => Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10)));
  return Math.round((day(toIso) - day(fromIso)) / 86_400_000);
}

function itemCells(prefix: string, tp: string, values: (number | null)[] | null | undefined, count: number): Record<string, Cell> {
  const out: Record<string, Cell> = {};
  for (let i = 0; i < count; i++) out[`${prefix}${i + 1}_${tp}`] = values?.[i] ?? null;
  return out;
}

/** The row values of one infusion of a patient (or of a patient without infusions), keyed by column. */
export function cohortRow(s: PatientSummary, infusion: InfusionWithAssessments | null, number: number, pseudonymized: boolean, code: string): Record<string, Cell> {
  const p = s.patient;
  const pre = infusion?.assessments.find((a) => a.timePoint === 'pre') ?? null;
  const post = infusion?.assessments.find((a) => a.timePoint === 'post60') ?? null;
  let age = infusion ? ageInYears(p.birthYear, p.birthDate, infusion.startedAt.slice(0, 10)) : null;
  if (pseudonymized && age !== null && age > 90) age = 90;
  const outcome = infusion?.outcome ?? s.outcome;
  return {
    id: pseudonymized ? code : p.displayCode,
    hospital_id: p.hospitalId,
    birth_year: p.birthYear,
    age_at_infusion: age,
    sex: p.sex,
    diagnosis: p.diagnosis,
    pain_duration_months: p.painDurationMonths,
    psychiatric_history: p.psychiatricHistory,
    abnormal_mri: p.abnormalMri,
    scan_date: s.scan?.acquiredAt ?? null,
    z: s.analysisInUse?.z ?? null,
    r: s.analysisInUse?.r ?? null,
    seed_to_voxel_z: s.analysisInUse?.seedToVoxel?.meanZ ?? null,
    settings_hash: s.analysisInUse?.settingsHash ?? null,
    analysis_id: s.analysisInUse?.id ?? null,
    infusion_number: infusion ? s.infusionsFull.length - number + 1 : null,
    infusions_total: s.infusionsFull.length,
    infusion_id: infusion?.id ?? null,
    infusion_start: infusion?.startedAt ?? null,
    infusion_day_from_scan: infusion && s.scan ? daysBetween(s.scan.acquiredAt, infusion.startedAt) : null,
    weight_kg: infusion?.weightKg ?? null,
    dose_mg_per_kg: infusion?.doseMgPerKg ?? null,
    total_mg: infusion?.totalMg ?? null,
    duration_min: infusion?.durationMin ?? null,
    minutes_from_scan: infusion?.minutesFromScan ?? null,
    nrs_pre: pre?.nrs ?? null,
    nrs_post: post?.nrs ?? null,
    nrs_reduction_pct: outcome.reductionPct,
    outcome_status: outcome.status,
    responder: outcome.responder,
    hads_anxiety_pre: pre?.hads?.anxiety.score ?? null,
    hads_depression_pre: pre?.hads?.depression.score ?? null,
    pcs_total_pre: pre?.pcs?.total.score ?? null,
    hads_anxiety_post60: post?.hads?.anxiety.score ?? null,
    hads_depression_post60: post?.hads?.depression.score ?? null,
    pcs_total_post60: post?.pcs?.total.score ?? null,
    eligibility: s.eligibility.overall,
    ...itemCells('hads', 'pre', pre?.hadsItems, HADS_ITEMS), ...itemCells('pcs', 'pre', pre?.pcsItems, PCS_ITEMS),
    ...itemCells('hads', 'post60', post?.hadsItems, HADS_ITEMS), ...itemCells('pcs', 'post60', post?.pcsItems, PCS_ITEMS),
  };
}

export const CSV_BOM = '\uFEFF';

/**
 * Both tables (BOM, header, rows, CRLF line ends): `patients` one row per patient (latest
 * infusion), `infusions` one row per infusion. The codes of a pseudonymized export are shared by
 * its two tables and drawn anew for every export.
 */
export function cohortCsv(summaries: PatientSummary[], pseudonymized: boolean): { patients: string; infusions: string; infusionRows: number } {
  const columns = cohortColumns(pseudonymized);
  const codes = exportCodes(summaries.length);
  const line = (row: Record<string, Cell>) => columns.map((c) => csvCell(row[c] ?? null)).join(',');
  const patientLines = [columns.join(',')];
  const infusionLines = [columns.join(',')];
  summaries.forEach((s, index) => {
    patientLines.push(line(cohortRow(s, s.infusionsFull[0] ?? null, 1, pseudonymized, codes[index])));
    s.infusionsFull.forEach((infusion, i) => infusionLines.push(line(cohortRow(s, infusion, i + 1, pseudonymized, codes[index]))));
  });
  const text = (lines: string[]) => `${CSV_BOM}${lines.join('\r\n')}\r\n`;
  return { patients: text(patientLines), infusions: text(infusionLines), infusionRows: infusionLines.length - 1 };
}
