/**
 * Binding clinical rows into the audit trail. Per connection, TEMP triggers on every table of the
 * registry (audited-tables.ts) note which rows a transaction inserts, updates or deletes; the
 * audit entry appended at the end of that transaction stores, for each noted row, the SHA-256 of
 * its after-image (null when the row is gone). Verification (record-verify.ts) recomputes those
 * hashes from the current rows. The TEMP objects live only in the connection, never in the file.
 */
import { hash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { canonicalJson } from '../../../shared/canonical-json';
import { AUDITED_TABLES, type AuditedTable } from './audited-tables';

/** [table, key, sha256 of the row's image or null when deleted]. */
export type RowBinding = [string, number, string | null];

function quoteId(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`unexpected SQL identifier ${name}`);
  return `"${name}"`;
}

/**
 * A hasher for rows of `table` read as value arrays in `columns` order (a raw statement): SHA-256 hex
 * of the table name, a newline and the canonical JSON of the row's columns (keys sorted, NULL
 * columns left out). The JSON text is assembled from per-column prefixes computed once, which gives
 * exactly `canonicalJson` of the row object (the binding format) without sorting keys per row.
 */
export function rowHasher(table: string, columns: readonly string[]): (values: readonly unknown[]) => string {
  const order = columns.map((name, index) => ({ name, index })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const indexes = order.map((o) => o.index);
  const prefixes = order.map((o) => `${JSON.stringify(o.name)}:`);
  const head = `${table}\n{`;
  return (values) => {
    let text = head;
    let sep = '';
    for (let i = 0; i < indexes.length; i++) {
      const value = values[indexes[i]];
      if (value === null || value === undefined) continue;
      // A finite number's JSON text is its String(); objects (never stored by the app) keep canonical key order.
      const json = typeof value === 'number' && Number.isFinite(value) ? String(value)
        : typeof value === 'object' ? canonicalJson(value) : JSON.stringify(value);
      text += sep + prefixes[i] + json;
      sep = ',';
    }
    return hash('sha256', `${text}}`, 'hex');
  };
}

/** SHA-256 hex of a row's image: canonical JSON of its columns, NULL columns left out (see rowHasher). */
export function rowImageHash(table: string, row: Record<string, unknown>): string {
  const columns = Object.keys(row);
  return rowHasher(table, columns)(columns.map((c) => row[c]));
}

/** Registry tables that exist in this database. */
export function presentTables(db: Database.Database): AuditedTable[] {
  const names = new Set(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[]);
  return AUDITED_TABLES.filter((t) => names.has(t.table));
}

const tracked = new WeakMap<Database.Database, Set<string>>();

/** Creates (idempotently) the TEMP change-tracking table and triggers for every present registry table. */
export function installRowTracking(db: Database.Database): void {
  let done = tracked.get(db);
  if (!done) {
    db.exec('CREATE TEMP TABLE IF NOT EXISTS krp_touched (tbl TEXT NOT NULL, key INTEGER NOT NULL, PRIMARY KEY (tbl, key)) WITHOUT ROWID');
    done = new Set();
    tracked.set(db, done);
  }
  for (const { table, key } of presentTables(db)) {
    if (done.has(table)) continue;
    const t = quoteId(table);
    const k = quoteId(key);
    for (const [event, ref] of [['INSERT', 'NEW'], ['UPDATE', 'NEW'], ['DELETE', 'OLD']] as const) {
      db.exec(`CREATE TEMP TRIGGER IF NOT EXISTS krp_track_${table}_${event.toLowerCase()} AFTER ${event} ON main.${t}
        BEGIN INSERT OR IGNORE INTO temp.krp_touched (tbl, key) VALUES ('${table}', ${ref}.${k}); END`);
    }
    db.exec(`CREATE TEMP TRIGGER IF NOT EXISTS krp_track_${table}_rekey AFTER UPDATE OF ${k} ON main.${t}
      BEGIN INSERT OR IGNORE INTO temp.krp_touched (tbl, key) VALUES ('${table}', OLD.${k}); END`);
    done.add(table);
  }
}

/** Forgets rows noted so far (called when a change starts, so that nothing written outside `mutate` is bound). */
export function resetRowTracking(db: Database.Database): void {
  if (tracked.has(db)) db.prepare('DELETE FROM temp.krp_touched').run();
}

/** The bindings of the rows noted since the last reset, sorted; clears the notes. */
export function takeRowBindings(db: Database.Database): RowBinding[] {
  if (!tracked.has(db)) return [];
  const touched = db.prepare('SELECT tbl, key FROM temp.krp_touched ORDER BY tbl, key').all() as { tbl: string; key: number }[];
  db.prepare('DELETE FROM temp.krp_touched').run();
  const keys = new Map(AUDITED_TABLES.map((t) => [t.table, t.key]));
  return touched.map(({ tbl, key }) => {
    const row = db.prepare(`SELECT * FROM main.${quoteId(tbl)} WHERE ${quoteId(keys.get(tbl) as string)} = ?`).get(key) as Record<string, unknown> | undefined;
    return [tbl, key, row ? rowImageHash(tbl, row) : null];
  });
}

/** Bindings of every row of every present registry table (the baseline when binding starts). */
export function bindAllRows(db: Database.Database): RowBinding[] {
  const out: RowBinding[] = [];
  for (const { table, key } of presentTables(db)) {
    for (const row of db.prepare(`SELECT * FROM main.${quoteId(table)} ORDER BY ${quoteId(key)}`).iterate() as IterableIterator<Record<string, unknown>>) {
      out.push([table, row[key] as number, rowImageHash(table, row)]);
    }
  }
  return out;
}

export { quoteId };
