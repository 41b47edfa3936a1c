/**
 * The institution name printed at the top of every report: a site setting kept in the record (so it
 * travels with backups and its changes are audited). Typed text is NFKC-normalised, trimmed and
 * folded to one line of at most 120 characters; control, bidi and zero-width characters are refused.
 */
export const INSTITUTION_MAX = 120;

/** The name as it will be stored ('' = none), or why it cannot be. */
export function checkInstitution(text: string): { ok: true; value: string } | { ok: false; error: 'too-long' | 'control' } {
  const value = text.normalize('NFKC').trim().replace(/\s+/g, ' ');
  if (/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/.test(value)) return { ok: false, error: 'control' };
  if ([...value].length > INSTITUTION_MAX) return { ok: false, error: 'too-long' };
  return { ok: true, value };
}
