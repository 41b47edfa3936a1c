/**
 * The store's checks of an infusion's and an assessment's fields and of the order of a pair of
 * assessments (split from record-store.ts). Pure checks over the repositories; no writes.
 */
import { compareInstants, minutesBetween, parseInstant } from '../../../shared/record/dates';
import {
  DEFAULT_DOSE_MG_PER_KG, DEFAULT_INFUSION_MINUTES, TIME_POINTS, type Assessment, type Infusion, type InfusionInput, type Scan,
} from '../../../shared/record/types';
import { scoreHads } from '../../../shared/scoring/hads';
import { checkNrs } from '../../../shared/scoring/nrs';
import { scorePcs } from '../../../shared/scoring/pcs';
import type { AssessmentFields, InfusionFields, InfusionsRepo } from './infusions-repo';
import { changedFields } from './corrections-repo';
import { checkCleanText, checkInstant, checkInteger, checkNumber, refuse } from './validate';

/** Checked infusion fields; `liveScan` refuses an unknown or deleted scan. */
export function infusionFields(
  patientId: number, input: Omit<InfusionInput, 'patientId'>, nowMs: number, liveScan: (id: unknown, field: string) => Scan,
): InfusionFields {
  const started = checkInstant(input.startedAt, 'Infusion start', 'datetime', nowMs);
  const weightKg = checkNumber(input.weightKg, 'Body weight', 1, 400, 'kg');
  const doseMgPerKg = input.doseMgPerKg === undefined || input.doseMgPerKg === null
    ? DEFAULT_DOSE_MG_PER_KG : checkNumber(input.doseMgPerKg, 'Dose', 0.01, 2, 'mg/kg');
  const durationMin = input.durationMin === undefined || input.durationMin === null
    ? DEFAULT_INFUSION_MINUTES : checkNumber(input.durationMin, 'Infusion duration', 1, 1440, 'min');
  let scanId: number | null = null;
  let minutesFromScan: number | null = null;
  if (input.scanId !== null && input.scanId !== undefined) {
    const scan = liveScan(input.scanId, 'Linked scan');
    if (scan.patientId !== patientId) refuse('wrong-patient', 'Linked scan', `Scan ${scan.id} belongs to another patient. Link one of this patient's scans.`);
    scanId = scan.id;
    const acquired = parseInstant(scan.acquiredAt);
    if (acquired) minutesFromScan = minutesBetween(acquired, started);
  }
  if (input.minutesFromScan !== null && input.minutesFromScan !== undefined) {
    minutesFromScan = checkInteger(input.minutesFromScan, 'Minutes from scan to infusion', -5_256_000, 5_256_000);
  }
  return {
    scanId, startedAt: input.startedAt, weightKg, doseMgPerKg, totalMg: Math.round(weightKg * doseMgPerKg * 100) / 100,
    durationMin, minutesFromScan, notes: checkCleanText(input.notes ?? '', 'Infusion notes', 5000, { multiline: true }),
  };
}

/** Checked assessment fields (time point, time, NRS and item ranges); copies the item arrays. */
export function assessmentFields(base: AssessmentFields, nowMs: number): AssessmentFields {
  if (!TIME_POINTS.includes(base.timePoint)) {
    refuse('invalid-time-point', 'Time point', `Time point must be one of ${TIME_POINTS.join(', ')}; got ${JSON.stringify(base.timePoint)}.`);
  }
  checkInstant(base.recordedAt, 'Recorded at', 'datetime', nowMs);
  if (base.nrs !== null && typeof base.nrs !== 'number') {
    refuse('not-a-number', 'NRS', `NRS must be a whole number from 0 to 10; got ${JSON.stringify(base.nrs)}.`);
  }
  checkNrs(base.nrs, 'NRS');
  if (base.hadsItems !== null) scoreHads(base.hadsItems);
  if (base.pcsItems !== null) scorePcs(base.pcsItems);
  if (base.nrs === null && base.hadsItems === null && base.pcsItems === null) {
    refuse('empty-assessment', 'Assessment', 'The assessment has no NRS, HADS or PCS scores. Enter at least one before saving.');
  }
  return { ...base, hadsItems: base.hadsItems ? [...base.hadsItems] : null, pcsItems: base.pcsItems ? [...base.pcsItems] : null };
}

/** Refuses an order the study protocol rules out: post60 without a pre, or before it / before the infusion. */
export function checkAssessmentOrder(infusions: InfusionsRepo, fields: AssessmentFields, infusion: Infusion, selfId: number | null): void {
  const at = parseInstant(fields.recordedAt)!;
  const start = parseInstant(infusion.startedAt);
  if (fields.timePoint === 'post60') {
    const pre = infusions.liveAssessment(infusion.id, 'pre');
    if (!pre) {
      refuse('post-before-pre', 'Time point', 'A 60-minute post-infusion assessment cannot be recorded before the pre-infusion (baseline) assessment of the same infusion. Record the pre values first.');
    }
    const preAt = parseInstant(pre.recordedAt);
    if (preAt && compareInstants(at, preAt) === -1) {
      refuse('post-before-pre', 'Recorded at', `The 60-minute assessment time ${fields.recordedAt} is before the pre-infusion assessment (${pre.recordedAt}). Check the times.`);
    }
    if (start && compareInstants(at, start) === -1) {
      refuse('post-before-infusion', 'Recorded at', `The 60-minute assessment time ${fields.recordedAt} is before the infusion start (${infusion.startedAt}). Check the times.`);
    }
  } else {
    const post = infusions.liveAssessment(infusion.id, 'post60');
    const postAt = post && post.id !== selfId ? parseInstant(post.recordedAt) : null;
    if (postAt && compareInstants(postAt, at) === -1) {
      refuse('post-before-pre', 'Recorded at', `The pre-infusion time ${fields.recordedAt} is after the 60-minute assessment (${post!.recordedAt}). Check the times.`);
    }
  }
}

/** An assessment as audited: the stored items and NRS (scores are derived, not stored). */
export function stripScores(a: Assessment): Omit<Assessment, 'hads' | 'pcs'> {
  const { hads: _h, pcs: _p, ...rest } = a;
  return rest;
}

/** The assessment fields a correction changed: time, NRS, and each HADS/PCS item by number. */
export function assessmentChanges(before: Assessment, after: Assessment): string[] {
  const fields = changedFields(stripScores(before), stripScores(after)).filter((f) => f !== 'hadsItems' && f !== 'pcsItems');
  const items = (name: string, b: (number | null)[] | null, a: (number | null)[] | null) =>
    Array.from({ length: Math.max(b?.length ?? 0, a?.length ?? 0) }, (_, i) => i).filter((i) => (b?.[i] ?? null) !== (a?.[i] ?? null)).map((i) => `${name}${i + 1}`);
  return [...fields, ...items('hads', before.hadsItems, after.hadsItems), ...items('pcs', before.pcsItems, after.pcsItems)];
}
