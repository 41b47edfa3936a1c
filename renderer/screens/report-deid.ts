/**
 * Dates in the pseudonymised report: whole calendar days from the scan (day 0), never the date
 * itself. Pure; the calendar day of each instant is its written YYYY-MM-DD (local as entered).
 */

/** Calendar days from the day of `scanIso` to the day of `iso` (negative before), null if unparseable. */
export function daysFromScan(scanIso: string, iso: string): number | null {
  const day = (s: string) => {
    const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(s);
    return m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : null;
  };
  const a = day(scanIso);
  const b = day(iso);
  return a === null || b === null ? null : Math.round((b - a) / 86_400_000);
}
