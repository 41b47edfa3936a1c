/**
 * Migration 8, second part: identifiers stored before the app NFKC-normalized them (hospital ID and
 * display code typed with the IME as 「ＫＥＴ－０１４」) are rewritten to their normalized form as
 * audited corrections: per patient one audit entry (before → after) and one corrections row with
 * the reason "NFKC normalization", signed by the actor "system/migration". When two stored
 * identifiers become the same after normalization (case-folded, as uniqueness is decided), the
 * migration refuses before changing anything: the clinic decides which patient keeps the value.
 */
import type Database from 'better-sqlite3';
import { KrpError } from '../../../shared/errors';
import { HOSPITAL_ID_MAX, identifierKey } from '../../../shared/input/identifier';
import type { Actor } from '../../../shared/record/types';
import { appendAudit, nextAuditSeq } from './audit-log';
import { installRowTracking } from './row-binding';

export const NORMALIZATION_REASON = 'NFKC normalization';
export const MIGRATION_ACTOR: Actor = { clinician: 'system/migration', osUser: '' };

interface IdentifierRow { id: number; hospital_id: string | null; display_code: string }

const COLUMNS = [
  { column: 'display_code', field: 'displayCode', label: 'Display code', max: 64 },
  { column: 'hospital_id', field: 'hospitalId', label: 'Hospital ID', max: HOSPITAL_ID_MAX },
] as const;

/** The stored form of an identifier: NFKC, trimmed (an empty hospital ID becomes none). */
function normalized(value: string | null): string | null {
  if (value === null) return null;
  return value.normalize('NFKC').trim();
}

function refuse(message: string, details: Record<string, string | number>): never {
  throw new KrpError('record.migration-identifier-collision',
    `${message} The record was not changed (it stays at its earlier version). Open it with the app version used so far, correct one of these values with a reason, then open it again with this version.`,
    details);
}

/** Checks every stored identifier's normalized form; throws (nothing changed) on a collision. */
export function checkNormalizedIdentifiers(rows: readonly IdentifierRow[]): void {
  for (const { column, label, max } of COLUMNS) {
    const owners = new Map<string, IdentifierRow>();
    for (const row of rows) {
      const raw = row[column];
      const value = normalized(raw);
      if (value === null || (column === 'hospital_id' && value === '')) continue;
      if (value === '' || Array.from(value).length > max) {
        refuse(`${label} 「${raw}」 of patient ${row.id} would be ${value === '' ? 'empty' : `longer than ${max} characters`} after NFKC normalization.`,
          { patientId: row.id, field: label });
      }
      const key = identifierKey(value);
      const other = owners.get(key);
      if (other) {
        refuse(`${label} 「${other[column]}」 of patient ${other.id} and 「${raw}」 of patient ${row.id} are the same value (${value}) after NFKC normalization, and each patient's ${label.toLowerCase()} must be unique.`,
          { patientId: row.id, otherPatientId: other.id, field: label, value });
      }
      owners.set(key, row);
    }
  }
}

/** Rewrites non-normalized identifiers, one audited correction per patient; returns how many patients changed. */
export function normalizeStoredIdentifiers(db: Database.Database, atIso: string): number {
  const rows = db.prepare('SELECT id, hospital_id, display_code FROM patients ORDER BY id').all() as IdentifierRow[];
  checkNormalizedIdentifiers(rows);
  const changes = rows.flatMap((row) => {
    const hospitalId = normalized(row.hospital_id) || null;
    const displayCode = normalized(row.display_code) as string;
    return hospitalId === row.hospital_id && displayCode === row.display_code ? [] : [{ row, hospitalId, displayCode }];
  });
  if (changes.length === 0) return 0;
  // Rows written here are bound into the entries that record them (tables created by earlier migrations included;
  // the first entry also binds what earlier migrations of this run touched, as the migrate entry would).
  installRowTracking(db);
  const update = db.prepare('UPDATE patients SET hospital_id = ?, display_code = ?, updated_at = ? WHERE id = ?');
  const correction = db.prepare(`INSERT INTO corrections (audit_seq, patient_id, entity, entity_id, action, fields_json, reason, at, clinician)
    VALUES (?, ?, 'patient', ?, 'update', ?, ?, ?, ?)`);
  for (const { row, hospitalId, displayCode } of changes) {
    update.run(hospitalId, displayCode, atIso, row.id);
    const before: Record<string, string | null> = {};
    const after: Record<string, string | null> = {};
    if (displayCode !== row.display_code) { before.displayCode = row.display_code; after.displayCode = displayCode; }
    if (hospitalId !== row.hospital_id) { before.hospitalId = row.hospital_id; after.hospitalId = hospitalId; }
    correction.run(nextAuditSeq(db), row.id, row.id, JSON.stringify(Object.keys(after)), NORMALIZATION_REASON, atIso, MIGRATION_ACTOR.clinician);
    appendAudit(db, MIGRATION_ACTOR, atIso, {
      entity: 'patient', entityId: row.id, action: 'update',
      before: { patientId: row.id, ...before }, after: { patientId: row.id, ...after, reason: NORMALIZATION_REASON },
    });
  }
  return changes.length;
}
