/**
 * Hospital Anxiety and Depression Scale (Zigmond & Snaith 1983; © GL Assessment): scoring only.
 * The item wordings are copyrighted; the app stores and shows item numbers and scores only.
 * Items are scored as printed on the licensed form (0–3, 3 = most symptomatic), including the
 * reverse-worded items, so no re-keying happens here.
 */
import { checkItems, proratedScore, sumItems } from './items';
import type { HadsBand, HadsItems, HadsScore, HadsSubscaleScore } from './types';

export const HADS_ANXIETY_ITEMS = [1, 3, 5, 7, 9, 11, 13] as const;
export const HADS_DEPRESSION_ITEMS = [2, 4, 6, 8, 10, 12, 14] as const;
export const HADS_ITEM_MAX = 3;
/** At most one unanswered item per subscale is prorated. */
export const HADS_MAX_MISSING_PER_SUBSCALE = 1;

/** Band of a 0–21 subscale score: 0–7 normal, 8–10 borderline, 11–21 abnormal. */
export function hadsBand(score: number): HadsBand {
  if (score <= 7) return 'normal';
  if (score <= 10) return 'borderline';
  return 'abnormal';
}

function subscale(items: HadsItems, numbers: readonly number[], name: string): HadsSubscaleScore {
  const { sum, answered } = sumItems(items, numbers);
  const score = proratedScore(sum, answered, numbers.length, HADS_MAX_MISSING_PER_SUBSCALE);
  if (score === null) {
    return {
      scored: false, score: null, band: null, answered,
      reason: `${name} not scored: ${numbers.length - answered} of its ${numbers.length} items are unanswered (at most 1 can be prorated).`,
    };
  }
  return { scored: true, score, band: hadsBand(score), answered, prorated: answered < numbers.length };
}

/**
 * Scores 14 HADS items (index 0 = item 1; 0–3 or null): anxiety (odd items) and depression
 * (even items), each 0–21 with its band. One missing item in a subscale is prorated (mean of the
 * answered six × 7, rounded half up); two or more leave that subscale unscored with the reason.
 * Throws KrpError `record.hads-*` for a wrong item count or an out-of-range item.
 */
export function scoreHads(items: HadsItems): HadsScore {
  checkItems(items, 14, HADS_ITEM_MAX, 'HADS', 'record.hads');
  return {
    anxiety: subscale(items, HADS_ANXIETY_ITEMS, 'HADS anxiety'),
    depression: subscale(items, HADS_DEPRESSION_ITEMS, 'HADS depression'),
  };
}
