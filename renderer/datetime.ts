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
