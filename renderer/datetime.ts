/** Local date-time text as `<input type="datetime-local">` uses it: YYYY-MM-DDTHH:MM. */
export function toLocalInput(date: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${p(date.getMonth() + 1)}-${p(date.getDate())}T${p(date.getHours())}:${p(date.getMinutes())}`;
}

/** Parses a stored date or date-time (local when it has no zone); null when unreadable. */
export function parseLocal(text: string): Date | null {
  const d = new Date(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00` : text);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** `text` moved by `minutes`, clamped to not later than `now`; as YYYY-MM-DDTHH:MM. */
export function shiftClamped(text: string, minutes: number, now: Date): string {
  const d = parseLocal(text) ?? now;
  const shifted = new Date(d.getTime() + minutes * 60_000);
  return toLocalInput(shifted.getTime() > now.getTime() ? now : shifted);
}

const MONTHS_EN = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const pad2 = (n: number) => String(n).padStart(2, '0');

/** A real calendar date (no 31 April, 29 February only in leap years). */
function isRealDate(y: number, m: number, d: number): boolean {
  if (!Number.isInteger(y) || y < 1900 || y > 2199 || m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/**
 * A typed date (and time when `withTime`) in the app's language, read to ISO text
 * (YYYY-MM-DD or YYYY-MM-DDTHH:MM); null when it is not a real date/time. Full-width digits and
 * punctuation are accepted (NFKC). Accepted everywhere: ISO (2025-03-04, 2025-03-04T14:30) and
 * Y/M/D (2025/3/4, 2025年3月4日). English also: D/M/Y (4/3/2025, as en-GB) and "4 Mar 2025".
 * Time: H:MM in 24 hours (14:30, 14時30分), optional; without it a date-time reads as 00:00 only
 * when `withTime` is false.
 */
export function parseDateText(text: string, language: 'ja' | 'en', withTime: boolean): string | null {
  const t = text.normalize('NFKC').trim().replace(/\s+/g, ' ');
  if (t === '') return null;
  const time = /(?:[T ]|^)(\d{1,2})(?::|時)(\d{2})分?$/.exec(t);
  const datePart = (time ? t.slice(0, time.index) : t).trim();
  let y: number, m: number, d: number;
  let match: RegExpExecArray | null;
  if ((match = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(datePart))) {
    [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  } else if (language === 'en' && (match = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(datePart))) {
    [d, m, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
  } else if (language === 'en' && (match = /^(\d{1,2}) ([A-Za-z]{3})[a-z]*\.? (\d{4})$/.exec(datePart))) {
    const month = MONTHS_EN.indexOf(match[2]!.toLowerCase());
    if (month < 0) return null;
    [d, m, y] = [Number(match[1]), month + 1, Number(match[3])];
  } else {
    return null;
  }
  if (!isRealDate(y, m, d)) return null;
  const date = `${y}-${pad2(m)}-${pad2(d)}`;
  if (!withTime) return time ? null : date;
  if (!time) return null;
  const [hh, mm] = [Number(time[1]), Number(time[2])];
  if (hh > 23 || mm > 59) return null;
  return `${date}T${pad2(hh)}:${pad2(mm)}`;
}

/** ISO date or date-time text shown in the language's own order: 2025/03/04 14:30 · 4 Mar 2025 14:30. */
export function formatDateText(iso: string, language: 'ja' | 'en'): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?/.exec(iso);
  if (!match) return iso;
  const [, y, m, d, hh, mm] = match;
  const date = language === 'ja' ? `${y}/${m}/${d}` : `${Number(d)} ${MONTHS_EN[Number(m) - 1]!.replace(/^./, (c) => c.toUpperCase())} ${y}`;
  return hh === undefined ? date : `${date} ${hh}:${mm}`;
}
