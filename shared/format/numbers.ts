/**
 * How every number reaches a physician's eyes, in one place: fixed decimals (a column of z values
 * lines up: 0.40, −0.06), the true minus sign (U+2212) everywhere, no "−0.00", percentages rounded
 * to what the number of patients behind them supports, and p-values as "p < 0.001", never
 * "p = 0.0000". Pure: used by the renderer, the report and the CLI alike.
 */

export type NumberLanguage = 'ja' | 'en';

/** U+2212 MINUS SIGN: the sign typography and the JIS standard use, not the hyphen-minus. */
export const MINUS = '\u2212';

const LOCALES: Record<NumberLanguage, string> = { ja: 'ja-JP', en: 'en-GB' };
const formatters = new Map<string, Intl.NumberFormat>();

function formatter(language: NumberLanguage, decimals: number, grouping: boolean): Intl.NumberFormat {
  const key = `${language}|${decimals}|${grouping}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.NumberFormat(LOCALES[language], { minimumFractionDigits: decimals, maximumFractionDigits: decimals, useGrouping: grouping });
    formatters.set(key, f);
  }
  return f;
}

/**
 * Text with every hyphen-minus or other minus-like sign that starts a number (before a digit, not
 * after a letter or digit: "KET-200" and "1-2" stay) turned into U+2212.
 */
export function trueMinus(text: string): string {
  return text.replace(/(?<![\p{L}\p{N}])[-\u2010\u2011\u2012\u2013\uFE63\uFF0D](?=\d)/gu, MINUS);
}

/**
 * `value` with exactly `decimals` decimals (0–6) and the true minus; a value that rounds to zero
 * has no sign. Non-finite values give an em dash (nothing to show, never "NaN").
 */
export function fixed(value: number, decimals: number, language: NumberLanguage = 'en', grouping = true): string {
  if (!Number.isFinite(value)) return '—';
  const d = Math.min(6, Math.max(0, Math.trunc(decimals)));
  const text = formatter(language, d, grouping).format(value);
  return /[1-9]/.test(text) ? trueMinus(text) : text.replace(/^[-\u2212]/, '');
}

/** A Fisher z (or r): always two decimals (0.40, −0.06). */
export function formatZ(value: number, language: NumberLanguage = 'en'): string {
  return fixed(value, 2, language);
}

/** A signed value with an explicit "+" for positive numbers (changes, differences). */
export function signed(value: number, decimals: number, language: NumberLanguage = 'en'): string {
  const text = fixed(value, decimals, language);
  return /[1-9]/.test(text) && value > 0 ? `+${text}` : text;
}

/**
 * Decimals a percentage estimated from `n` patients can honestly carry: whole percent below 1000
 * patients (one patient moves a percentage of 14 by 7 points), one decimal from 1000 on.
 */
export function percentDecimalsFor(n: number): number {
  return n >= 1000 ? 1 : 0;
}

/** A percentage value (57.1 → "57%"; with decimals 1 → "57.1%") with the true minus. */
export function percent(value: number, decimals = 0, language: NumberLanguage = 'en'): string {
  return Number.isFinite(value) ? `${fixed(value, decimals, language)}%` : '—';
}

/**
 * A p-value as a reader expects it: "p < 0.001" below one in a thousand, "p > 0.99" near one,
 * otherwise three decimals below 0.01 and two above ("p = 0.004", "p = 0.25").
 */
export function formatP(p: number, language: NumberLanguage = 'en'): string {
  if (!Number.isFinite(p) || p < 0 || p > 1) return 'p = —';
  if (p < 0.001) return `p < ${fixed(0.001, 3, language)}`;
  if (p > 0.99) return `p > ${fixed(0.99, 2, language)}`;
  return `p = ${fixed(p, p < 0.01 ? 3 : 2, language)}`;
}

/** A count with digit grouping (10,000), never decimals. */
export function count(value: number, language: NumberLanguage = 'en'): string {
  return fixed(Math.round(value), 0, language);
}
