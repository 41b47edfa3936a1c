/**
 * Numbers as typed: the IME's full-width digits and punctuation (「６２．５」, 「２４」, 「－１」)
 * are folded by NFKC, the minus sign U+2212 and a single decimal comma are accepted, and the
 * result is a number or a named problem (empty, not a number, out of range, too many decimals).
 * Used by every renderer form where a number is typed; pure, no Node built-ins.
 */

export type NumberProblem = 'empty' | 'not-a-number' | 'not-whole' | 'out-of-range';
export type NumberParse = { ok: true; value: number } | { ok: false; problem: NumberProblem };

/** NFKC plus the look-alike minus signs and the decimal comma, trimmed. */
export function foldNumberText(text: string): string {
  let s = text.normalize('NFKC').trim().replace(/[\u2212\u2012\u2013\u2014\u2015\u30FC]/g, '-');
  if (!s.includes('.') && /^[-+]?\d+,\d+$/.test(s)) s = s.replace(',', '.');
  return s;
}

/** A decimal number in [min, max]: digits with an optional sign and one decimal point. */
export function parseDecimalText(text: string, min: number, max: number): NumberParse {
  const s = foldNumberText(text);
  if (s === '') return { ok: false, problem: 'empty' };
  if (!/^[-+]?(\d+(\.\d*)?|\.\d+)$/.test(s)) return { ok: false, problem: 'not-a-number' };
  const value = Number(s);
  if (!Number.isFinite(value)) return { ok: false, problem: 'not-a-number' };
  if (value < min || value > max) return { ok: false, problem: 'out-of-range' };
  return { ok: true, value };
}

/** A whole number in [min, max]. */
export function parseIntegerText(text: string, min: number, max: number): NumberParse {
  const s = foldNumberText(text);
  if (s === '') return { ok: false, problem: 'empty' };
  if (/^[-+]?\d+\.\d*$/.test(s)) return { ok: false, problem: 'not-whole' };
  if (!/^[-+]?\d+$/.test(s)) return { ok: false, problem: 'not-a-number' };
  const value = Number(s);
  if (value < min || value > max) return { ok: false, problem: 'out-of-range' };
  return { ok: true, value };
}

/** The digits 0–9 of a typed or pasted text after NFKC, in order; other characters dropped. */
export function digitsOf(text: string): number[] {
  return Array.from(text.normalize('NFKC')).filter((c) => c >= '0' && c <= '9').map(Number);
}

/** One typed character as a digit 0–9 (full-width accepted), else null. */
export function digitOfKey(key: string): number | null {
  if (Array.from(key).length !== 1) return null;
  const c = key.normalize('NFKC');
  return c.length === 1 && c >= '0' && c <= '9' ? Number(c) : null;
}
