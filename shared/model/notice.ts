/**
 * The research-use-only notice (issue 4, "In the app"): shown, in both languages, beside every
 * response estimate, and carried inside every estimate object.
 */

/** Japanese notice, verbatim from the issue. */
export const RESEARCH_USE_NOTICE_JA =
  '本ソフトウェアは研究用であり、医薬品医療機器等法に基づく承認・認証を受けた医療機器ではありません。表示される反応予測は診断・治療方針の決定に用いないでください。';

/** English notice, verbatim from the issue. */
export const RESEARCH_USE_NOTICE_EN =
  'For research use only. Not a medical device. Not for diagnostic or treatment decisions.';

export const RESEARCH_USE_NOTICE = { ja: RESEARCH_USE_NOTICE_JA, en: RESEARCH_USE_NOTICE_EN } as const;
