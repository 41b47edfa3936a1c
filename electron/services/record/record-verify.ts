/**
 * Verifying the whole record: the audit chain (audit-log.ts), then every row of every audited
 * table (audited-tables.ts) against the latest image the trail bound for it (row-binding.ts), then
 * the derived patient summary against its recomputation (patient-summary.ts), then optionally an
 * anchor kept outside the database (a backup manifest's head, or a head the user noted). Names the first problem: entry seq, or table and row.
 */
import type Database from 'better-sqlite3';
import type { AuditHead, AuditVerifyResult } from '../../../shared/record/types';
import { auditBindsRows, verifyAudit } from './audit-log';
import { LATEST_VERSION } from './migrations';
import { derivedSummaryProblem } from './patient-summary';
import { schemaDifference } from './schema-check';
import { presentTables, quoteId, rowHasher, type RowBinding } from './row-binding';

/** The trail's head from its last entry (null when empty). */
export function auditHead(db: Database.Database): AuditHead | null {
  const row = db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as AuditHead | undefined;
  return row ?? null;
}

/** Parses an anchor given as `SEQ:HASH` (or an object); null when it is not one. */
export function parseAnchor(text: string): AuditHead | null {
  const m = /^\s*(\d{1,12})\s*[:：]\s*([0-9a-fA-F]{64})\s*$/.exec(text.normalize('NFKC'));
  return m ? { seq: Number(m[1]), hash: m[2].toLowerCase() } : null;
}

/**
 * Chain, data binding and (optionally) anchor. One pass over the trail collects, per table, the
 * latest image hash bound for each row; then one raw pass per audited table hashes every row
 * (rowHasher: the binding's canonical JSON without per-row key sorting) and compares.
 */
export function verifyRecord(db: Database.Database, anchor?: AuditHead | null): AuditVerifyResult {
  // Per table: row key → [hash or null when removed, seq of the entry that bound it].
  const bound = new Map<string, Map<number, [string | null, number]>>();
  const chain = verifyAudit(db, (seq, rowsJson) => {
    if (rowsJson === null) return;
    for (const [table, key, hash] of JSON.parse(rowsJson) as RowBinding[]) {
      let perTable = bound.get(table);
      if (!perTable) bound.set(table, perTable = new Map());
      perTable.set(key, [hash, seq]);
    }
  });
  const head = auditHead(db);
  if (!chain.ok) return { ...chain, head };
  const fail = (problem: string, table: string | null, rowId: number | null, seq: number | null = null): AuditVerifyResult =>
    ({ ok: false, entries: chain.entries, firstBadSeq: seq, problem, table, rowId, head });

  const version = db.pragma('user_version', { simple: true }) as number;
  const difference = version <= LATEST_VERSION ? schemaDifference(db, version) : null;
  if (difference) {
    return fail(`The database ${difference}: its protections were altered outside the app.`, null, null);
  }

  let rowsChecked = 0;
  if (auditBindsRows(db)) {
    for (const { table, key } of presentTables(db)) {
      const perTable = bound.get(table) ?? new Map<number, [string | null, number]>();
      const read = db.prepare(`SELECT * FROM main.${quoteId(table)} ORDER BY ${quoteId(key)}`).raw(true);
      const columns = read.columns().map((c) => c.name);
      const keyIndex = columns.indexOf(key);
      const hashOf = rowHasher(table, columns);
      let seen = 0;
      for (const row of read.iterate() as IterableIterator<unknown[]>) {
        const id = row[keyIndex] as number;
        rowsChecked += 1;
        const expected = perTable.get(id);
        if (!expected || expected[0] === null) {
          return fail(`Row ${id} of table ${table} is not recorded in the audit trail${expected ? ` (entry ${expected[1]} recorded its removal)` : ''}: it was inserted outside the app, or the audit entries that wrote it were removed.`, table, id, expected?.[1] ?? null);
        }
        if (hashOf(row) !== expected[0]) {
          return fail(`Row ${id} of table ${table} differs from what audit entry ${expected[1]} recorded: it was edited outside the app.`, table, id, expected[1]);
        }
        seen += 1;
      }
      // Every row present was bound with a hash; if fewer rows exist than the trail holds live, one was deleted.
      let live = 0;
      for (const [, [hash]] of perTable) if (hash !== null) live += 1;
      if (live !== seen) {
        const exists = db.prepare(`SELECT 1 FROM main.${quoteId(table)} WHERE ${quoteId(key)} = ?`).pluck();
        for (const [id, [hash, seq]] of perTable) {
          if (hash !== null && exists.get(id) === undefined) {
            return fail(`Row ${id} of table ${table} is missing (audit entry ${seq} recorded it): it was deleted outside the app.`, table, id, seq);
          }
        }
      }
    }
  }
  const derived = derivedSummaryProblem(db);
  if (derived) return fail(derived.problem, 'patient_summary', derived.patientId);
  if (anchor) {
    const at = db.prepare('SELECT hash FROM audit_log WHERE seq = ?').pluck().get(anchor.seq) as string | undefined;
    if (at === undefined) {
      return fail(`The audit trail ends at entry ${head?.seq ?? 0}, before the anchor's entry ${anchor.seq}: entries written after it were removed (or this is an older copy of the record).`, null, null, anchor.seq);
    }
    if (at !== anchor.hash) {
      return fail(`Audit entry ${anchor.seq} differs from the anchor (hash ${at.slice(0, 12)}… instead of ${anchor.hash.slice(0, 12)}…): the trail was rewritten.`, null, null, anchor.seq);
    }
  }
  return { ...chain, rowsChecked, head, table: null, rowId: null };
}
