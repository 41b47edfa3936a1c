/**
 * The institution name printed at the top of every report: a display setting of this workstation
 * (not clinical data), kept in the renderer's local storage. Typed text is NFKC-normalised,
 * trimmed and limited to one line of at most 120 characters; control characters are refused.
 */
const KEY = 'krp.institutionName';
export const INSTITUTION_MAX = 120;

/** The name as it will be stored, or an error key when it cannot be. */
export function checkInstitution(text: string): { ok: true; value: string } | { ok: false; error: 'too-long' | 'control' } {
  const value = text.normalize('NFKC').trim().replace(/\s+/g, ' ');
  if (/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/.test(value)) return { ok: false, error: 'control' };
  if ([...value].length > INSTITUTION_MAX) return { ok: false, error: 'too-long' };
  return { ok: true, value };
}

/** The stored name ('' when none or storage is unavailable). */
export function loadInstitution(storage: Pick<Storage, 'getItem'> | null = globalStorage()): string {
  try {
    const raw = storage?.getItem(KEY) ?? '';
    const checked = checkInstitution(raw);
    return checked.ok ? checked.value : '';
  } catch {
    return '';
  }
}

/** Stores a checked name ('' removes it). */
export function saveInstitution(value: string, storage: Pick<Storage, 'setItem' | 'removeItem'> | null = globalStorage()): void {
  if (!storage) return;
  if (value === '') storage.removeItem(KEY);
  else storage.setItem(KEY, value);
}

function globalStorage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}
