/**
 * The shared number formatter (shared/format/numbers.ts) bound to the current language: every
 * component shows z, percentages, p-values and counts the same way (fixed decimals, true minus).
 */
import { useMemo } from 'react';
import { count, fixed, formatP, formatZ, percent, percentDecimalsFor, signed } from '../shared/format/numbers';
import { useI18n } from './i18n/i18n';

export interface NumberFormat {
  /** Exactly `decimals` decimals, true minus. */
  fixed(value: number, decimals: number): string;
  /** Fisher z or r: two decimals. */
  z(value: number): string;
  signed(value: number, decimals: number): string;
  /** A percentage value; `n` (patients behind it) sets the decimals, whole percent by default. */
  percent(value: number, n?: number): string;
  p(value: number): string;
  count(value: number): string;
}

/** The formatter for one language. */
export function numberFormat(language: 'ja' | 'en'): NumberFormat {
  return {
    fixed: (v, d) => fixed(v, d, language),
    z: (v) => formatZ(v, language),
    signed: (v, d) => signed(v, d, language),
    percent: (v, n) => percent(v, n === undefined ? 0 : percentDecimalsFor(n), language),
    p: (v) => formatP(v, language),
    count: (v) => count(v, language),
  };
}

/** The formatter for the app's current language. */
export function useNumberFormat(): NumberFormat {
  const { language } = useI18n();
  return useMemo(() => numberFormat(language), [language]);
}
