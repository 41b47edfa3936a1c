/**
 * Pain Catastrophizing Scale (Sullivan et al. 1995; licensed via Mapi Research Trust): scoring
 * only, item numbers and scores (0–4) without the copyrighted wordings.
 *
 * Missing-item rule (the PCS manual gives none; this is the app's, documented in
 * docs/record-store.md): the total is prorated when at most 2 of the 13 items are unanswered
 * (≈ 15 %): mean of the answered items × 13, rounded half up; each subscale is prorated when at most
 * 1 of its items is unanswered (mean × its item count, rounded half up). Beyond that the scale is
 * unscored and says why.
 */
import { checkItems, proratedScore, sumItems } from './items';
import type { PcsItems, PcsScaleScore, PcsScore } from './types';

export const PCS_RUMINATION_ITEMS = [8, 9, 10, 11] as const;
export const PCS_MAGNIFICATION_ITEMS = [6, 7, 13] as const;
export const PCS_HELPLESSNESS_ITEMS = [1, 2, 3, 4, 5, 12] as const;
export const PCS_ALL_ITEMS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13] as const;
export const PCS_ITEM_MAX = 4;
export const PCS_MAX_MISSING_TOTAL = 2;
export const PCS_MAX_MISSING_SUBSCALE = 1;
/** Total at or above which catastrophizing is flagged as clinically relevant. */
export const PCS_CLINICAL_THRESHOLD = 30;

function scale(items: PcsItems, numbers: readonly number[], maxMissing: number, name: string): PcsScaleScore {
  const { sum, answered } = sumItems(items, numbers);
  const score = proratedScore(sum, answered, numbers.length, maxMissing);
  if (score === null) {
    return {
      scored: false, score: null, answered,
      reason: `${name} not scored: ${numbers.length - answered} of its ${numbers.length} items are unanswered (at most ${maxMissing} can be prorated).`,
    };
  }
  return { scored: true, score, answered, prorated: answered < numbers.length };
}

/**
 * Scores 13 PCS items (index 0 = item 1; 0–4 or null): total 0–52, rumination (8–11),
 * magnification (6, 7, 13), helplessness (1–5, 12), and the ≥ 30 flag. Throws KrpError
 * `record.pcs-*` for a wrong item count or an out-of-range item.
 */
export function scorePcs(items: PcsItems): PcsScore {
  checkItems(items, 13, PCS_ITEM_MAX, 'PCS', 'record.pcs');
  const total = scale(items, PCS_ALL_ITEMS, PCS_MAX_MISSING_TOTAL, 'PCS total');
  return {
    total,
    rumination: scale(items, PCS_RUMINATION_ITEMS, PCS_MAX_MISSING_SUBSCALE, 'PCS rumination'),
    magnification: scale(items, PCS_MAGNIFICATION_ITEMS, PCS_MAX_MISSING_SUBSCALE, 'PCS magnification'),
    helplessness: scale(items, PCS_HELPLESSNESS_ITEMS, PCS_MAX_MISSING_SUBSCALE, 'PCS helplessness'),
    clinicallyRelevant: total.scored ? total.score >= PCS_CLINICAL_THRESHOLD : null,
  };
}
