/**
 * Dates in the pseudonymised report: whole calendar days from the scan (day 0), never the date
 * itself. Pure; the calendar day of each instant is its written YYYY-MM-DD (local as entered).
 */

/** The local calendar day (YYYY-MM-DD) of an instant stored with a zone (e.g. a UTC `createdAt`); other text as written. */
function localDayOf(iso: string): string {
  if (!/(Z|[+-]\d{2}:\d{2})$/.test(iso)) return iso;
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const d = new Date(ms);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/**
 * Calendar days from the day of `scanIso` to the day of `iso` (negative before), null if unparseable.
 * Instants stored with a zone (UTC times the app recorded) count on their local day.
 */
export function daysFromScan(scanIso: string, iso: string): number | null {
  const day = (text: string) => {
    const s = localDayOf(text);
    const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(s);
    return m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : null;
  };
  const a = day(scanIso);
  const b = day(iso);
  return a === null || b === null ? null : Math.round((b - a) / 86_400_000);
}

/** The protocol's ketamine dose in mg/kg; another dose is shown with a warning (never refused). */
export const PROTOCOL_DOSE_MG_PER_KG = 0.3;

/** True when a stored dose differs from the protocol's 0.3 mg/kg. */
export function isOffProtocolDose(doseMgPerKg: number): boolean {
  return Math.abs(doseMgPerKg - PROTOCOL_DOSE_MG_PER_KG) > 1e-9;
}
