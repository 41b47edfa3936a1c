/**
 * ISO 8601 dates of the record: parsing with calendar validation, comparison, and ages. Pure.
 * A date is `YYYY-MM-DD`; a date-time is `YYYY-MM-DDTHH:MM[:SS[.sss]]` with an optional `Z` or
 * `±HH:MM` (without one it is the workstation's local time).
 */

export interface ParsedInstant {
  kind: 'date' | 'datetime';
  /** The calendar date as written, `YYYY-MM-DD`. */
  day: string;
  /** Milliseconds since the epoch: local midnight for a date, the instant for a date-time. */
  ms: number;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-]\d{2}:\d{2})?$/;

function validDay(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const daysInMonth = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return d <= daysInMonth && y >= 1800;
}

/** Parses a date or date-time; null when it is not one of the accepted forms or not a real calendar day/time. */
export function parseInstant(text: string): ParsedInstant | null {
  if (typeof text !== 'string') return null;
  const d = DATE_RE.exec(text);
  if (d) {
    const [y, m, day] = [Number(d[1]), Number(d[2]), Number(d[3])];
    if (!validDay(y, m, day)) return null;
    return { kind: 'date', day: text, ms: new Date(y, m - 1, day).getTime() };
  }
  const t = DATETIME_RE.exec(text);
  if (!t) return null;
  const [y, m, day, hh, mi] = [Number(t[1]), Number(t[2]), Number(t[3]), Number(t[4]), Number(t[5])];
  const ss = t[6] === undefined ? 0 : Number(t[6]);
  const msPart = t[7] === undefined ? 0 : Number(t[7].padEnd(3, '0'));
  if (!validDay(y, m, day) || hh > 23 || mi > 59 || ss > 59) return null;
  const zone = t[8];
  let ms: number;
  if (zone === undefined) {
    ms = new Date(y, m - 1, day, hh, mi, ss, msPart).getTime();
  } else {
    const offsetMin = zone === 'Z' ? 0 : (zone[0] === '-' ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
    ms = Date.UTC(y, m - 1, day, hh, mi, ss, msPart) - offsetMin * 60_000;
  }
  return { kind: 'datetime', day: text.slice(0, 10), ms };
}

/** The local calendar day `YYYY-MM-DD` of an instant (ms since the epoch). */
export function localDay(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/**
 * True when the value lies after `nowMs`: a date when its day is after today's local day, a
 * date-time when its instant is after now.
 */
export function isInFuture(value: ParsedInstant, nowMs: number): boolean {
  if (value.kind === 'date') return value.day > localDay(nowMs);
  return value.ms > nowMs;
}

/**
 * Order of two instants: -1 when a is before b, 1 when after, 0 when equal, null when it cannot be
 * told (same day and at least one of them has no time of day).
 */
export function compareInstants(a: ParsedInstant, b: ParsedInstant): -1 | 0 | 1 | null {
  if (a.kind === 'datetime' && b.kind === 'datetime') return a.ms < b.ms ? -1 : a.ms > b.ms ? 1 : 0;
  if (a.day !== b.day) return a.day < b.day ? -1 : 1;
  return null;
}

/** Whole minutes from a to b (positive when b is later); null unless both are date-times. */
export function minutesBetween(a: ParsedInstant, b: ParsedInstant): number | null {
  if (a.kind !== 'datetime' || b.kind !== 'datetime') return null;
  return Math.round((b.ms - a.ms) / 60_000);
}

/**
 * Age in whole years on the local day `onDay` (`YYYY-MM-DD`): exact from a birth date; from a
 * birth year alone it is the age reached during that calendar year (may be one year high before
 * the birthday). Null when neither is known or the birth is after `onDay`.
 */
export function ageInYears(birthYear: number | null, birthDate: string | null, onDay: string): number | null {
  const year = Number(onDay.slice(0, 4));
  if (birthDate) {
    let age = year - Number(birthDate.slice(0, 4));
    if (onDay.slice(5) < birthDate.slice(5)) age -= 1;
    return age < 0 ? null : age;
  }
  if (birthYear === null || birthYear === undefined) return null;
  const age = year - birthYear;
  return age < 0 ? null : age;
}

/** Shifts a date or date-time by whole days, keeping its form (time of day and zone unchanged). */
export function shiftIsoByDays(text: string, days: number): string {
  const day = text.slice(0, 10);
  const [y, m, d] = day.split('-').map(Number);
  const shifted = new Date(Date.UTC(y, m - 1, d + days));
  const out = `${String(shifted.getUTCFullYear()).padStart(4, '0')}-${String(shifted.getUTCMonth() + 1).padStart(2, '0')}-${String(shifted.getUTCDate()).padStart(2, '0')}`;
  return out + text.slice(10);
}
