/**
 * The append-only, hash-chained audit trail. Each entry's hash is SHA-256 (hex) of the previous
 * entry's hash followed by the canonical JSON of the entry's own stored fields; the chain head
 * (last seq and hash) is also kept in `meta` so that removing the newest rows is detected.
 * SQLite triggers refuse UPDATE and DELETE on the table; the chain catches edits made around them.
 */
import { hash } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { Actor, AuditAction, AuditEntity, AuditEntry, AuditQuery, AuditVerifyResult, JsonValue } from '../../../shared/record/types';
import { canonicalJson } from '../../../shared/canonical-json';
import { takeRowBindings, type RowBinding } from './row-binding';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditDraft {
  entity: AuditEntity;
  entityId: number | null;
  action: AuditAction;
  before: unknown;
  after: unknown;
}

export interface AuditRow {
  seq: number; at: string; clinician: string; os_user: string; entity: string; entity_id: number | null;
  action: string; before_json: string | null; after_json: string | null; prev_hash: string; hash: string;
  /** Canonical JSON of the row bindings (row-binding.ts) of the change; absent before schema 4. */
  rows_json?: string | null;
  /** The signed-in user's id (users.id); absent before schema 7, null for system entries. */
  user_id?: number | null;
}

/**
 * SHA-256 hex of prevHash + the canonical JSON of the row's stored fields (hash excluded; rows_json
 * only when present). The fields are all strings, numbers or null, whose canonical JSON is their
 * JSON.stringify text.
 */
export function entryHash(row: Omit<AuditRow, 'hash'>): string {
  const fields: unknown[] = [row.seq, row.at, row.clinician, row.os_user, row.entity, row.entity_id, row.action, row.before_json, row.after_json, row.prev_hash];
  if (row.rows_json !== null && row.rows_json !== undefined) fields.push(row.rows_json);
  // Bound only when set, so entries written before schema 7 (and system entries) hash as before.
  if (row.user_id !== null && row.user_id !== undefined) fields.push({ userId: row.user_id });
  return hash('sha256', row.prev_hash + JSON.stringify(fields), 'hex');
}

function toJsonText(value: unknown): string | null {
  return value === null || value === undefined ? null : canonicalJson(value);
}

function rowToEntry(row: AuditRow): AuditEntry {
  return {
    seq: row.seq, at: row.at, clinician: row.clinician, userId: row.user_id ?? null, osUser: row.os_user,
    entity: row.entity as AuditEntity, entityId: row.entity_id, action: row.action as AuditAction,
    before: row.before_json === null ? null : (JSON.parse(row.before_json) as JsonValue),
    after: row.after_json === null ? null : (JSON.parse(row.after_json) as JsonValue),
    prevHash: row.prev_hash, hash: row.hash,
  };
}

/** The append path's prepared statements, one set per connection. */
const appendStatements = new WeakMap<Database.Database, { last: Database.Statement; insert: Database.Statement; head: Database.Statement; binds: boolean; users: boolean }>();

/** Whether this database's audit_log has the user_id column (schema 7 and later). */
export function auditBindsUsers(db: Database.Database): boolean {
  return (db.prepare("SELECT count(*) FROM pragma_table_info('audit_log') WHERE name = 'user_id'").pluck().get() as number) > 0;
}

/** Whether this database's audit_log has the rows_json column (schema 4 and later). */
export function auditBindsRows(db: Database.Database): boolean {
  return (db.prepare("SELECT count(*) FROM pragma_table_info('audit_log') WHERE name = 'rows_json'").pluck().get() as number) > 0;
}

function statementsFor(db: Database.Database) {
  let s = appendStatements.get(db);
  if (!s || (!s.binds && auditBindsRows(db)) || (!s.users && auditBindsUsers(db))) {
    const binds = auditBindsRows(db);
    const users = auditBindsUsers(db);
    s = {
      binds, users,
      last: db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1'),
      insert: db.prepare(`INSERT INTO audit_log (seq, at, clinician, os_user, entity, entity_id, action, before_json, after_json, prev_hash, hash${binds ? ', rows_json' : ''}${users ? ', user_id' : ''})
        VALUES (@seq, @at, @clinician, @os_user, @entity, @entity_id, @action, @before_json, @after_json, @prev_hash, @hash${binds ? ', @rows_json' : ''}${users ? ', @user_id' : ''})`),
      head: db.prepare("INSERT INTO meta (key, value) VALUES ('audit_head', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value"),
    };
    appendStatements.set(db, s);
  }
  return s;
}

/**
 * Appends one entry (call inside the transaction of the change it records); returns it. The rows
 * of audited tables the transaction touched are bound into it (`extraRows` adds a baseline).
 */
export function appendAudit(db: Database.Database, actor: Actor, atIso: string, draft: AuditDraft, extraRows: RowBinding[] = []): AuditEntry {
  const stmts = statementsFor(db);
  const rows = stmts.binds ? [...takeRowBindings(db), ...extraRows] : [];
  const last = stmts.last.get() as { seq: number; hash: string } | undefined;
  const row: Omit<AuditRow, 'hash'> = {
    seq: (last?.seq ?? 0) + 1,
    at: atIso,
    clinician: actor.clinician,
    os_user: actor.osUser,
    entity: draft.entity,
    entity_id: draft.entityId,
    action: draft.action,
    before_json: toJsonText(draft.before),
    after_json: toJsonText(draft.after),
    prev_hash: last?.hash ?? GENESIS_HASH,
    ...(stmts.binds ? { rows_json: rows.length ? canonicalJson(rows) : null } : {}),
    ...(stmts.users ? { user_id: actor.userId ?? null } : {}),
  };
  const full: AuditRow = { ...row, hash: entryHash(row) };
  stmts.insert.run(full);
  stmts.head.run(`${full.seq}:${full.hash}`);
  return rowToEntry(full);
}

/** The seq the next appended entry will get (inside the writing transaction). */
export function nextAuditSeq(db: Database.Database): number {
  const row = db.prepare('SELECT COALESCE(MAX(seq), 0) + 1 AS next FROM audit_log').get() as { next: number };
  return row.next;
}

/** Audit entries, newest first, optionally for one entity (and id); at most `limit` (default 100). */
export function listAudit(db: Database.Database, query: AuditQuery = {}): AuditEntry[] {
  const where: string[] = [];
  const params: Record<string, unknown> = { limit: Math.min(Math.max(query.limit ?? 100, 1), 10_000) };
  if (query.entity !== undefined) { where.push('entity = @entity'); params.entity = query.entity; }
  if (query.entityId !== undefined) { where.push('entity_id = @entityId'); params.entityId = query.entityId; }
  if (query.beforeSeq !== undefined) { where.push('seq < @beforeSeq'); params.beforeSeq = query.beforeSeq; }
  const sql = `SELECT * FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT @limit`;
  return (db.prepare(sql).all(params) as AuditRow[]).map(rowToEntry);
}

/**
 * Walks the whole chain in seq order: seq must run 1, 2, 3…, each prev_hash must equal the
 * previous hash, each hash must recompute, and the last entry must match the recorded head.
 * Reports the first entry that fails.
 */
export function verifyAudit(db: Database.Database, onEntry?: (seq: number, rowsJson: string | null) => void): AuditVerifyResult {
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let entries = 0;
  const fail = (seq: number, problem: string): AuditVerifyResult => ({ ok: false, entries, firstBadSeq: seq, problem });
  const binds = auditBindsRows(db);
  const users = auditBindsUsers(db);
  // One raw pass (value arrays, no per-row objects); the hash input is built as entryHash builds it.
  const read = db.prepare(`SELECT seq, at, clinician, os_user, entity, entity_id, action, before_json, after_json, prev_hash, hash,
    ${binds ? 'rows_json' : 'NULL'}, ${users ? 'user_id' : 'NULL'}
    FROM audit_log ORDER BY seq`).raw(true);
  for (const row of read.iterate() as IterableIterator<unknown[]>) {
    const seq = row[0] as number;
    const rowPrev = row[9] as string;
    const rowsJson = row[11] as string | null;
    const userId = row[12] as number | null;
    if (seq !== expectedSeq) {
      return fail(expectedSeq, `Audit entry ${expectedSeq} is missing (the next entry found is ${seq}): entries were deleted.`);
    }
    if (rowPrev !== prevHash) {
      return fail(seq, `Audit entry ${seq} does not follow entry ${seq - 1} (its previous-hash differs): the chain was altered.`);
    }
    const fields = row.slice(0, 10);
    if (rowsJson !== null) fields.push(rowsJson);
    if (userId !== null) fields.push({ userId });
    if (hash('sha256', rowPrev + JSON.stringify(fields), 'hex') !== row[10]) {
      return fail(seq, `Audit entry ${seq} was edited after it was written (its content no longer matches its hash).`);
    }
    onEntry?.(seq, rowsJson);
    prevHash = row[10] as string;
    expectedSeq += 1;
    entries += 1;
  }
  const head = db.prepare("SELECT value FROM meta WHERE key = 'audit_head'").get() as { value: string } | undefined;
  if (head !== undefined) {
    const [seqText, headHash] = head.value.split(':');
    const headSeq = Number(seqText);
    if (headSeq !== entries || headHash !== prevHash) {
      return fail(Math.min(headSeq, entries + 1),
        headSeq > entries
          ? `The audit trail ends at entry ${entries} but entry ${headSeq} was written: the newest entries were deleted.`
          : `The audit trail's recorded head (entry ${headSeq}) does not match its last entry ${entries}: the trail was altered.`);
    }
  } else if (entries > 0) {
    return fail(1, 'The audit trail has entries but no recorded head: the trail was altered.');
  }
  return { ok: true, entries, firstBadSeq: null, problem: null };
}
