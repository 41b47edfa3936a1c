/**
 * Numeric Rating Scale of pain (0–10, whole numbers) and the infusion outcome.
 */
import { KrpError } from '../errors';
import type { NrsOutcome } from './types';

/** Responder: % reduction at or above this. */
export const RESPONDER_THRESHOLD_PCT = 50;
/** The study's inclusion criterion: baseline NRS at least this. */
export const MIN_EVALUABLE_BASELINE_NRS = 3;

/** Throws KrpError `record.nrs-out-of-range` unless value is null or a whole number 0–10. */
export function checkNrs(value: number | null, field = 'NRS'): void {
  if (value === null) return;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 10) {
    throw new KrpError('record.nrs-out-of-range',
      `${field} is ${JSON.stringify(value)}: pain is recorded as a whole number from 0 (no pain) to 10 (worst imaginable). Correct ${field}.`,
      { field });
  }
}

/** Percent reduction 100 × (pre − post) / pre; null when pre is 0 (undefined, never coerced to 0). */
export function nrsReductionPct(pre: number, post: number): number | null {
  if (pre === 0) return null;
  return (100 * (pre - post)) / pre;
}

/**
 * The outcome of a pre/post NRS pair: % reduction and responder (≥ 50 %) when the baseline is
 * ≥ 3; 'not-evaluable' for a baseline of 1–2 (below the study's inclusion criterion); 'undefined'
 * for a baseline of 0; 'missing' when either value is absent. Throws KrpError for an out-of-range value.
 */
export function nrsOutcome(pre: number | null, post: number | null): NrsOutcome {
  checkNrs(pre, 'Baseline NRS');
  checkNrs(post, 'Post-infusion NRS');
  if (pre === null || post === null) {
    return {
      status: 'missing', pre, post, reductionPct: null, responder: null,
      reason: pre === null ? 'No baseline (pre-infusion) NRS recorded.' : 'No 60-minute post-infusion NRS recorded.',
    };
  }
  const reductionPct = nrsReductionPct(pre, post);
  if (reductionPct === null) {
    return { status: 'undefined', pre, post, reductionPct: null, responder: null, reason: 'Baseline NRS is 0: a percent reduction is undefined.' };
  }
  if (pre < MIN_EVALUABLE_BASELINE_NRS) {
    return {
      status: 'not-evaluable', pre, post, reductionPct, responder: null,
      reason: `Baseline NRS ${pre} is below ${MIN_EVALUABLE_BASELINE_NRS}, the study's inclusion criterion: response is not evaluable.`,
    };
  }
  return { status: 'evaluable', pre, post, reductionPct, responder: reductionPct >= RESPONDER_THRESHOLD_PCT };
}
