/**
 * Language state for the renderer: `t(key, values)` from the catalogue of the current language and
 * Intl formatters for numbers, percentages and dates in that language.
 */
import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { en, type MessageKey } from './catalog-en';
import { ja } from './catalog-ja';
import { trueMinus } from '../../shared/format/numbers';

export type Language = 'ja' | 'en';
export const CATALOGS: Record<Language, Record<MessageKey, string>> = { en, ja };

/** Fills `{name}` placeholders of a catalogue string. */
export function interpolate(template: string, values: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

export interface I18n {
  language: Language;
  t(key: MessageKey, values?: Record<string, string | number>): string;
  /** A number with at most `digits` decimals in the language's notation, true minus (U+2212). */
  number(value: number, digits?: number): string;
  /**
   * A measured percentage of one patient (e.g. 57.1 → "57.1%"), at most one decimal, true minus.
   * Estimates and site figures use useNumberFormat().percent(value, n) (precision from n).
   */
  percent(value: number): string;
  /** A date-time (ISO string) as a medium date and short time; a date-only string as the date alone. */
  dateTime(iso: string): string;
  /** A date (ISO string) as a medium date. */
  date(iso: string): string;
}

/** The i18n helpers for one language. */
export function makeI18n(language: Language): I18n {
  const catalog = CATALOGS[language];
  const locale = language === 'ja' ? 'ja-JP' : 'en-GB';
  const dateTimeFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  const dateFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' });
  const parse = (iso: string) => new Date(/^\d{4}-\d{2}-\d{2}$/.test(iso) ? `${iso}T00:00` : iso);
  return {
    language,
    t: (key, values) => interpolate(catalog[key], values),
    number: (value, digits = 2) => trueMinus(new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(value)),
    percent: (value) => trueMinus(new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(value / 100)),
    // A date without a time (a scan's acquisition date) is shown as a date, never with a made-up "0:00".
    dateTime: (iso) => { const d = parse(iso); return Number.isNaN(d.getTime()) ? iso : (/^\d{4}-\d{2}-\d{2}$/.test(iso) ? dateFormat : dateTimeFormat).format(d); },
    date: (iso) => { const d = parse(iso); return Number.isNaN(d.getTime()) ? iso : dateFormat.format(d); },
  };
}

const I18nContext = createContext<I18n>(makeI18n('ja'));

export function I18nProvider({ language, children }: { language: Language; children: ReactNode }) {
  const value = useMemo(() => makeI18n(language), [language]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

/** The current language's helpers. */
export function useI18n(): I18n {
  return useContext(I18nContext);
}
