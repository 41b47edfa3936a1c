/**
 * Result types of the questionnaire and outcome scoring (pure, shared by the UI and the store).
 * Item arrays are indexed from 0 for item 1; each value is the score printed on the licensed form
 * (never the position of an answer on screen) or null when the item was not answered.
 */

/** HADS item scores, items 1–14, 0–3 each (3 = most symptomatic), null = not answered. */
export type HadsItems = readonly (number | null)[];
/** PCS item scores, items 1–13, 0–4 each, null = not answered. */
export type PcsItems = readonly (number | null)[];

export type HadsBand = 'normal' | 'borderline' | 'abnormal';

/** One HADS subscale (anxiety or depression), 0–21. */
export type HadsSubscaleScore =
  | { scored: true; score: number; band: HadsBand; answered: number; prorated: boolean }
  | { scored: false; score: null; band: null; answered: number; reason: string };

export interface HadsScore {
  anxiety: HadsSubscaleScore;
  depression: HadsSubscaleScore;
}

/** One PCS subscale or the total. */
export type PcsScaleScore =
  | { scored: true; score: number; answered: number; prorated: boolean }
  | { scored: false; score: null; answered: number; reason: string };

export interface PcsScore {
  /** 0–52. */
  total: PcsScaleScore;
  /** Items 8–11, 0–16. */
  rumination: PcsScaleScore;
  /** Items 6, 7, 13, 0–12. */
  magnification: PcsScaleScore;
  /** Items 1–5 and 12, 0–24. */
  helplessness: PcsScaleScore;
  /** Total ≥ 30 ("clinically relevant catastrophizing"); null when the total is unscored. */
  clinicallyRelevant: boolean | null;
}

/** Outcome of an infusion on the 0–10 NRS. */
export type NrsOutcome =
  | {
    status: 'evaluable';
    pre: number;
    post: number;
    /** 100 × (pre − post) / pre, percent; negative when pain got worse. */
    reductionPct: number;
    /** reductionPct ≥ 50. */
    responder: boolean;
  }
  | {
    /** Baseline 1–2: below the study's inclusion criterion (NRS ≥ 3); the % is shown but not judged. */
    status: 'not-evaluable';
    pre: number;
    post: number;
    reductionPct: number;
    responder: null;
    reason: string;
  }
  | {
    /** Baseline 0 (the % is undefined) or a missing value. */
    status: 'undefined' | 'missing';
    pre: number | null;
    post: number | null;
    reductionPct: null;
    responder: null;
    reason: string;
  };

export type EligibilityStatus = 'met' | 'not-met' | 'unknown';

export type EligibilityCriterionId =
  | 'pain-duration'
  | 'baseline-nrs'
  | 'no-psychiatric-history'
  | 'no-abnormal-mri'
  | 'fmri-before-infusion';

export interface EligibilityCriterion {
  id: EligibilityCriterionId;
  /** The study criterion in words, e.g. "Pain for at least 3 months". */
  label: string;
  status: EligibilityStatus;
  /** What the record says, e.g. "Pain for 2 months". */
  detail: string;
}

/** The study's inclusion checklist for one patient: shown to the physician, never a gate. */
export interface Eligibility {
  criteria: EligibilityCriterion[];
  /** 'met' when every criterion is met, 'not-met' when any is not met, else 'unknown'. */
  overall: EligibilityStatus;
}
