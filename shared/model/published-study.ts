/**
 * What the retrospective study published: only a correlation, no slope or intercept, so it gives
 * a direction and a strength but no number for a new patient (see docs/response-model.md).
 */

export const PUBLISHED_STUDY = {
  /** Pearson r between pre-treatment mPFC–precuneus Fisher z and % NRS reduction. */
  r: -0.76,
  /** 95 % confidence interval of r as published. */
  ci95: [-0.89, -0.51] as [number, number],
  /** Patients in the study. */
  n: 24,
} as const;

/** The published direction, shown when no individual number may be given. */
export const PUBLISHED_DIRECTION = {
  en: 'In the published study (n = 24), lower mPFC–precuneus connectivity before treatment went with greater pain relief after ketamine (r = −0.76).',
  ja: '公表された研究（n = 24）では、治療前の内側前頭前野–楔前部の機能的結合が低いほど、ケタミン投与後の疼痛軽減が大きい傾向がありました（r = −0.76）。',
} as const;
