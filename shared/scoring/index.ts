/** Scoring of the record's questionnaires and outcome: pure, shared by the UI (live totals) and the store. */
export * from './types';
export { scoreHads, hadsBand, HADS_ANXIETY_ITEMS, HADS_DEPRESSION_ITEMS } from './hads';
export { scorePcs, PCS_CLINICAL_THRESHOLD, PCS_RUMINATION_ITEMS, PCS_MAGNIFICATION_ITEMS, PCS_HELPLESSNESS_ITEMS } from './pcs';
export { nrsOutcome, nrsReductionPct, checkNrs, RESPONDER_THRESHOLD_PCT, MIN_EVALUABLE_BASELINE_NRS } from './nrs';
export { checkEligibility, MIN_PAIN_DURATION_MONTHS, type EligibilityInput } from './eligibility';
