/**
 * What an audit entry changed, for the audit view: each field whose value differs between the
 * row before and after, as text (items of HADS/PCS lists by number), bookkeeping fields left out.
 */
import type { JsonValue } from '../../shared/record/types';

export interface FieldChange {
  field: string;
  before: string;
  after: string;
}

const IGNORED = new Set(['updatedAt', 'createdAt', 'hads', 'pcs']);

const show = (v: JsonValue | undefined): string => (v === undefined || v === null ? '—' : typeof v === 'string' ? v : JSON.stringify(v));

function asObject(v: JsonValue | null): Record<string, JsonValue> | null {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? v : null;
}

/** The changed fields of an update or delete entry; [] for entries without a before image. */
export function auditChanges(before: JsonValue | null, after: JsonValue | null): FieldChange[] {
  const b = asObject(before);
  const a = asObject(after);
  if (!b || !a) return [];
  const out: FieldChange[] = [];
  for (const field of Object.keys(a)) {
    if (IGNORED.has(field)) continue;
    const x = b[field];
    const y = a[field];
    if (Array.isArray(x) || Array.isArray(y)) {
      const n = Math.max(Array.isArray(x) ? x.length : 0, Array.isArray(y) ? y.length : 0);
      for (let i = 0; i < n; i++) {
        const xi = Array.isArray(x) ? x[i] : undefined;
        const yi = Array.isArray(y) ? y[i] : undefined;
        if (show(xi) !== show(yi)) out.push({ field: `${field.replace(/Items$/, '')} ${i + 1}`, before: show(xi), after: show(yi) });
      }
    } else if (JSON.stringify(x ?? null) !== JSON.stringify(y ?? null)) {
      out.push({ field, before: show(x), after: show(y) });
    }
  }
  return out;
}
