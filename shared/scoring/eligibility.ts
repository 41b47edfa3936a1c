/**
 * The study's inclusion checklist for one patient (Fig. 1 of the retrospective study): chronic pain
 * ≥ 3 months, baseline NRS ≥ 3, no psychiatric history, no abnormal MRI, fMRI before the infusion.
 * Shown beside the estimate, never a gate.
 */
import { compareInstants, parseInstant } from '../record/dates';
import { MIN_EVALUABLE_BASELINE_NRS } from './nrs';
import type { Eligibility, EligibilityCriterion, EligibilityStatus } from './types';

export const MIN_PAIN_DURATION_MONTHS = 3;

export interface EligibilityInput {
  painDurationMonths: number | null;
  psychiatricHistory: boolean | null;
  abnormalMri: boolean | null;
  /** Pre-infusion NRS of the infusion considered, null when not recorded. */
  baselineNrs: number | null;
  /** The scan's acquisition date or date-time, null when there is no scan. */
  scanAcquiredAt: string | null;
  /** The infusion's start date-time, null when there is no infusion. */
  infusionStartedAt: string | null;
  /** Minutes from scan to infusion start when recorded (decides same-day cases). */
  minutesFromScan: number | null;
}

function flag(id: 'no-psychiatric-history' | 'no-abnormal-mri', value: boolean | null, label: string, what: string): EligibilityCriterion {
  if (value === null) return { id, label, status: 'unknown', detail: `${what}: not yet recorded.` };
  return value
    ? { id, label, status: 'not-met', detail: `${what}: yes.` }
    : { id, label, status: 'met', detail: `${what}: no.` };
}

function fmriBeforeInfusion(input: EligibilityInput): EligibilityCriterion {
  const id = 'fmri-before-infusion';
  const label = 'Resting-state fMRI acquired before the infusion';
  if (input.scanAcquiredAt === null) return { id, label, status: 'unknown', detail: 'No scan recorded.' };
  if (input.infusionStartedAt === null) return { id, label, status: 'unknown', detail: 'No infusion recorded.' };
  if (input.minutesFromScan !== null) {
    return input.minutesFromScan >= 0
      ? { id, label, status: 'met', detail: `Scan ${input.minutesFromScan} min before the infusion.` }
      : { id, label, status: 'not-met', detail: `Scan ${-input.minutesFromScan} min after the infusion started.` };
  }
  const scan = parseInstant(input.scanAcquiredAt);
  const infusion = parseInstant(input.infusionStartedAt);
  if (!scan || !infusion) return { id, label, status: 'unknown', detail: 'Scan or infusion date unreadable.' };
  const order = compareInstants(scan, infusion);
  if (order === null) return { id, label, status: 'unknown', detail: `Scan and infusion on the same day (${scan.day}) without a scan time.` };
  return order <= 0
    ? { id, label, status: 'met', detail: `Scan ${input.scanAcquiredAt}, infusion ${input.infusionStartedAt}.` }
    : { id, label, status: 'not-met', detail: `Scan ${input.scanAcquiredAt} is after the infusion ${input.infusionStartedAt}.` };
}

/**
 * Checks the five study criteria. Each is 'met', 'not-met' or 'unknown' (not recorded) with a
 * one-line detail; overall is 'not-met' if any is not met, 'met' if all are met, else 'unknown'.
 */
export function checkEligibility(input: EligibilityInput): Eligibility {
  const criteria: EligibilityCriterion[] = [];
  const months = input.painDurationMonths;
  criteria.push(months === null
    ? { id: 'pain-duration', label: `Pain for at least ${MIN_PAIN_DURATION_MONTHS} months`, status: 'unknown', detail: 'Pain duration not recorded.' }
    : {
      id: 'pain-duration', label: `Pain for at least ${MIN_PAIN_DURATION_MONTHS} months`,
      status: months >= MIN_PAIN_DURATION_MONTHS ? 'met' : 'not-met', detail: `Pain for ${months} month${months === 1 ? '' : 's'}.`,
    });
  const nrs = input.baselineNrs;
  criteria.push(nrs === null
    ? { id: 'baseline-nrs', label: `Baseline NRS at least ${MIN_EVALUABLE_BASELINE_NRS}`, status: 'unknown', detail: 'No baseline NRS recorded.' }
    : {
      id: 'baseline-nrs', label: `Baseline NRS at least ${MIN_EVALUABLE_BASELINE_NRS}`,
      status: nrs >= MIN_EVALUABLE_BASELINE_NRS ? 'met' : 'not-met', detail: `Baseline NRS ${nrs}.`,
    });
  criteria.push(flag('no-psychiatric-history', input.psychiatricHistory, 'No psychiatric history', 'Psychiatric history'));
  criteria.push(flag('no-abnormal-mri', input.abnormalMri, 'No abnormal MRI findings', 'Abnormal MRI'));
  criteria.push(fmriBeforeInfusion(input));
  const statuses = criteria.map((c) => c.status);
  const overall: EligibilityStatus = statuses.includes('not-met') ? 'not-met' : statuses.every((s) => s === 'met') ? 'met' : 'unknown';
  return { criteria, overall };
}
