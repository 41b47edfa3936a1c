/**
 * Identifiers and single-line text as the record keeps them: NFKC-normalized and trimmed, so that
 * 「ＫＥＴ－０１４」 and "KET-014" are one code; refused when they hold characters that make two
 * different values look the same or reorder what is shown: control characters (newlines in a
 * single-line field), bidirectional overrides, zero-width/invisible characters, lone surrogates.
 * The renderer forms use it for their messages; the store re-checks every value with it.
 */

export type TextProblem =
  | 'empty' | 'too-long' | 'control-character' | 'line-break' | 'bidi-control' | 'invisible-character' | 'lone-surrogate';

export type TextCheck =
  | { ok: true; value: string }
  | { ok: false; problem: TextProblem; /** U+XXXX of the offending character, when there is one. */ codePoint?: string; max?: number };

export interface TextRules {
  /** Longest accepted value after normalization, in characters (code points). */
  maxLength: number;
  required?: boolean;
  /** Line breaks (and tabs) allowed, as in notes; otherwise refused. */
  multiline?: boolean;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;
const INVISIBLE = /[\u00AD\u034F\u115F\u1160\u17B4\u17B5\u180B-\u180F\u200B-\u200D\u2060-\u2064\u206A-\u206F\u3164\uFE00-\uFE0F\uFEFF\uFFA0]/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/;
const LINE_BREAK = /[\n\r\u2028\u2029\u0085\u000B\u000C]/;

const hex = (ch: string) => `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/** Checks then normalizes one text value (NFKC, trimmed). */
export function checkTextValue(raw: string, rules: TextRules): TextCheck {
  const lone = LONE_SURROGATE.exec(raw);
  if (lone) return { ok: false, problem: 'lone-surrogate', codePoint: hex(lone[0]) };
  const bidi = BIDI.exec(raw);
  if (bidi) return { ok: false, problem: 'bidi-control', codePoint: hex(bidi[0]) };
  const invisible = INVISIBLE.exec(raw);
  if (invisible) return { ok: false, problem: 'invisible-character', codePoint: hex(invisible[0]) };
  const lineBreak = LINE_BREAK.exec(raw);
  if (lineBreak && !rules.multiline) return { ok: false, problem: 'line-break', codePoint: hex(lineBreak[0]) };
  for (const ch of raw) {
    if (CONTROL.test(ch) && !(rules.multiline && (ch === '\n' || ch === '\r' || ch === '\t'))) {
      return { ok: false, problem: 'control-character', codePoint: hex(ch) };
    }
  }
  const value = raw.normalize('NFKC').trim();
  if (rules.required && value === '') return { ok: false, problem: 'empty' };
  if (Array.from(value).length > rules.maxLength) return { ok: false, problem: 'too-long', max: rules.maxLength };
  return { ok: true, value };
}

/** The form uniqueness is decided on: normalized and case-folded ("ket-014" = "ＫＥＴ－０１４"). */
export function identifierKey(value: string): string {
  return value.normalize('NFKC').trim().toLowerCase();
}

/** Limits shared by the forms, the contract and the store. */
export const DISPLAY_CODE_MAX = 40;
export const HOSPITAL_ID_MAX = 64;
