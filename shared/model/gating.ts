/**
 * When an individual number may be shown. All thresholds live in GATING; the reasons carry a
 * stable code for the UI and an English sentence for the CLI and logs.
 */

import type { CannotEstimateCode } from './estimable';

/** The gating thresholds of the response estimate (issue 4), in one place. */
export const GATING = {
  /** Below this many calibration patients: no individual number (withheld). */
  minPatients: 10,
  /** Below this many responders (≥ 50 % NRS reduction): withheld. */
  minResponders: 3,
  /** Below this many non-responders: withheld. */
  minNonResponders: 3,
  /** From minPatients up to this many minus one: the estimate is marked provisional. */
  fullEstimateFromPatients: 30,
} as const;

export type EstimateStatus = 'estimate' | 'provisional' | 'withheld' | 'cannot-estimate';

export type EstimateReasonCode =
  // gates
  | 'too-few-patients'
  | 'too-few-responders'
  | 'too-few-non-responders'
  | 'provisional-sample'
  // skill gates (skill-gate.ts): the site model has not shown that it predicts
  | 'skill-r-includes-zero'
  | 'skill-r-opposite-direction'
  | 'skill-calibration-out-of-range'
  | 'skill-validation-unavailable'
  // degenerate calibration data (see estimable.ts)
  | CannotEstimateCode
  // caveats beside a number
  | 'outside-calibration-range'
  | 'interval-beyond-scale'
  | 'differs-from-published'
  | 'opposite-direction'
  | 'validation-unavailable'
  | 'excluded-other-settings'
  | 'excluded-treated-later';

export type EstimateReason = {
  code: EstimateReasonCode;
  /** gate: why no number or why provisional; degenerate: why it cannot be computed; caveat: read with the number. */
  kind: 'gate' | 'degenerate' | 'caveat';
  message: string;
};

export type CalibrationCounts = { n: number; responders: number; nonResponders: number };

export type GateDecision = { status: 'estimate' | 'provisional' | 'withheld'; reasons: EstimateReason[] };

/** Applies GATING to the calibration counts: withheld, provisional or a full estimate, with reasons. */
export function decideGate(counts: CalibrationCounts): GateDecision {
  const reasons: EstimateReason[] = [];
  if (counts.n < GATING.minPatients) {
    reasons.push({ code: 'too-few-patients', kind: 'gate',
      message: `${counts.n} calibration patient${counts.n === 1 ? '' : 's'} at this site with the same analysis settings; an individual estimate needs at least ${GATING.minPatients}.` });
  }
  if (counts.responders < GATING.minResponders) {
    reasons.push({ code: 'too-few-responders', kind: 'gate',
      message: `${counts.responders} responder${counts.responders === 1 ? '' : 's'} (≥ 50 % NRS reduction) in the calibration set; an individual estimate needs at least ${GATING.minResponders}.` });
  }
  if (counts.nonResponders < GATING.minNonResponders) {
    reasons.push({ code: 'too-few-non-responders', kind: 'gate',
      message: `${counts.nonResponders} non-responder${counts.nonResponders === 1 ? '' : 's'} in the calibration set; an individual estimate needs at least ${GATING.minNonResponders}.` });
  }
  if (reasons.length > 0) return { status: 'withheld', reasons };
  if (counts.n < GATING.fullEstimateFromPatients) {
    return { status: 'provisional', reasons: [{ code: 'provisional-sample', kind: 'gate',
      message: `Provisional: calibrated on ${counts.n} patients (fewer than ${GATING.fullEstimateFromPatients}); the estimate may change noticeably as patients are added.` }] };
  }
  return { status: 'estimate', reasons: [] };
}
