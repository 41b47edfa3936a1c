/**
 * The calibration set: the site's own treated patients whose z was computed with the current
 * analysis settings and whose pre/post NRS pair is evaluable (baseline ≥ 3). Everything else is
 * excluded and counted. The set has a content hash so each estimate records exactly what it was
 * calibrated on.
 */
import { KrpError } from '../errors';
import { sha256Hex } from '../hash/sha256';
import { nrsOutcome } from '../scoring/nrs';

/** One patient as the record store (or a cohort CSV) gives it; nulls mean "not recorded". */
export type CalibrationCandidate = {
  patientId: string | number;
  /** Fisher z of the latest analysis, null without an analysis. */
  z: number | null;
  /** settingsHash of that analysis (null when unknown: never matches). */
  settingsHash: string | null;
  /** Pre-infusion NRS 0–10. */
  nrsPre: number | null;
  /** 60-minute post-infusion NRS 0–10. */
  nrsPost: number | null;
  /** ISO 8601 start of the infusion whose NRS pair is given; null/absent when unknown (a cohort file without dates). */
  treatedAt?: string | null;
};

export type CalibrationPatient = {
  patientId: string;
  z: number;
  nrsPre: number;
  nrsPost: number;
  /** 100·(pre − post)/pre, percent. */
  reductionPct: number;
  /** reductionPct ≥ 50. */
  responder: boolean;
  /** ISO 8601 treatment time, null when unknown. */
  treatedAt: string | null;
};

export type CalibrationExclusions = {
  /** No analysis (z missing). */
  noAnalysis: number;
  /** Analysed with other ROI/denoising settings. */
  otherSettings: number;
  /** Pre or post NRS not recorded. */
  missingNrs: number;
  /** Baseline NRS 1–2: below the study's inclusion criterion. */
  baselineBelow3: number;
  /** Baseline NRS 0: % reduction undefined. */
  baselineZero: number;
  /** The patient being estimated, left out of their own calibration. */
  patientItself: number;
  /** Treated at or after the estimated patient's own treatment (forward-in-time honesty). */
  treatedLater: number;
};

export type CalibrationSet = {
  settingsHash: string;
  /** Sorted by patientId (code-unit order). */
  patients: CalibrationPatient[];
  n: number;
  responders: number;
  nonResponders: number;
  excluded: CalibrationExclusions;
  /** Only patients treated before this ISO 8601 time were eligible; null: every treated patient. */
  treatedBefore: string | null;
  /** SHA-256 (hex) of the canonical text of settingsHash and every (patientId, z, pre, post). */
  hash: string;
};

/** Version tag at the top of the hashed canonical text. */
export const CALIBRATION_SET_FORMAT = 'krp-calibration-set/v1';

/**
 * Selects the calibration set for `settingsHash` from `candidates`, counting every exclusion.
 * Throws KrpError (`model.*`, `record.nrs-out-of-range`) for a non-finite z, an NRS outside 0–10
 * or a patient listed twice.
 */
export function selectCalibrationSet(
  candidates: readonly CalibrationCandidate[],
  settingsHash: string,
  options: {
    excludePatientId?: string | number | null;
    /**
     * Only patients treated strictly before this ISO 8601 time count (the estimated patient's own
     * treatment): a patient's estimate never learns from patients treated after them. Patients
     * without a known treatment time are then excluded too.
     */
    treatedBefore?: string | null;
    /** SHA-256 hex of a UTF-8 text; the main process passes node:crypto's (the pure-TS one is slow at 10 000 patients). */
    sha256?: (text: string) => string;
  } = {},
): CalibrationSet {
  const excluded: CalibrationExclusions = { noAnalysis: 0, otherSettings: 0, missingNrs: 0, baselineBelow3: 0, baselineZero: 0, patientItself: 0, treatedLater: 0 };
  let responders = 0;
  const before = options.treatedBefore ?? null;
  const seen = new Set<string>();
  const patients: CalibrationPatient[] = [];
  const skip = options.excludePatientId === undefined || options.excludePatientId === null ? null : String(options.excludePatientId);
  for (const c of candidates) {
    const patientId = String(c.patientId);
    if (seen.has(patientId)) {
      throw new KrpError('model.duplicate-patient',
        `Patient ${patientId} appears more than once in the calibration data: each patient may count once. Keep one row per patient.`,
        { patientId });
    }
    seen.add(patientId);
    if (patientId === skip) { excluded.patientItself++; continue; }
    if (c.z === null) { excluded.noAnalysis++; continue; }
    if (!Number.isFinite(c.z)) {
      throw new KrpError('model.invalid-z', `Patient ${patientId} has connectivity z = ${c.z}: a z must be a finite number. Re-run the analysis.`, { patientId });
    }
    if (c.settingsHash !== settingsHash) { excluded.otherSettings++; continue; }
    const treatedAt = c.treatedAt ?? null;
    if (before !== null && (treatedAt === null || !(treatedAt < before))) { excluded.treatedLater++; continue; }
    const outcome = nrsOutcome(c.nrsPre, c.nrsPost);
    switch (outcome.status) {
      case 'missing': excluded.missingNrs++; continue;
      case 'undefined': excluded.baselineZero++; continue;
      case 'not-evaluable': excluded.baselineBelow3++; continue;
      case 'evaluable':
        patients.push({ patientId, z: c.z, nrsPre: outcome.pre, nrsPost: outcome.post, reductionPct: outcome.reductionPct, responder: outcome.responder, treatedAt });
        if (outcome.responder) responders++;
    }
  }
  if (!inIdOrder(patients)) patients.sort(byId);
  return {
    settingsHash,
    patients,
    n: patients.length,
    responders,
    nonResponders: patients.length - responders,
    excluded,
    treatedBefore: before,
    hash: calibrationSetHash(settingsHash, patients, options.sha256),
  };
}

const byId = (a: { patientId: string }, b: { patientId: string }): number => (a.patientId < b.patientId ? -1 : a.patientId > b.patientId ? 1 : 0);

/** Whether the patients are already sorted by id (callers usually give them so: no sort needed). */
function inIdOrder(patients: readonly { patientId: string }[]): boolean {
  for (let i = 1; i < patients.length; i++) if (patients[i - 1].patientId > patients[i].patientId) return false;
  return true;
}

/**
 * SHA-256 of the canonical text: the format line, `settings <hash>`, then one line per patient
 * (sorted by id) `"id"<TAB>z<TAB>pre<TAB>post` (id as a JSON string), numbers in JavaScript's
 * shortest round-trip form.
 */
export function calibrationSetHash(
  settingsHash: string,
  patients: readonly Pick<CalibrationPatient, 'patientId' | 'z' | 'nrsPre' | 'nrsPost'>[],
  sha256: (text: string) => string = sha256Hex,
): string {
  const sorted = inIdOrder(patients) ? patients : [...patients].sort(byId);
  const lines = [CALIBRATION_SET_FORMAT, `settings ${settingsHash}`];
  for (const p of sorted) lines.push(`${JSON.stringify(p.patientId)}\t${String(p.z)}\t${p.nrsPre}\t${p.nrsPost}`);
  return sha256(lines.join('\n') + '\n');
}

/** Adapts the record store's calibration rows (CalibrationRow in shared/record/types.ts). */
export function candidatesFromRecordRows(
  rows: readonly { patientId: number; z: number; settingsHash: string; preNrs: number; post60Nrs: number; treatedAt?: string | null }[],
): CalibrationCandidate[] {
  return rows.map((r) => ({ patientId: r.patientId, z: r.z, settingsHash: r.settingsHash, nrsPre: r.preNrs, nrsPost: r.post60Nrs, treatedAt: r.treatedAt ?? null }));
}
