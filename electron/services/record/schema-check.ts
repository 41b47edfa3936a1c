/**
 * The schema a record must have: its tables, CHECK rules, indexes and the append-only triggers
 * exactly as this app's migrations create them for its `user_version`. Used by `audit verify`
 * (a dropped trigger or loosened rule in the live file is tampering) and by restore (a backup's).
 */
import Database from 'better-sqlite3';
import { migrationsUpTo } from './migrations';

export type SchemaItem = { type: string; name: string; sql: string | null };

/** The schema objects (tables, indexes, triggers, views) as SQLite stores them, whitespace-normalized. */
export function schemaItems(db: Database.Database): Map<string, SchemaItem> {
  const rows = db.prepare("SELECT type, name, sql FROM main.sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name").all() as SchemaItem[];
  return new Map(rows.map((r) => [`${r.type} ${r.name}`, { ...r, sql: r.sql === null ? null : r.sql.replace(/\s+/g, ' ').trim() }]));
}

const referenceSchemas = new Map<number, Map<string, SchemaItem>>();
/** The schema this app's migrations up to `version` create. */
export function referenceSchema(version: number): Map<string, SchemaItem> {
  let schema = referenceSchemas.get(version);
  if (!schema) {
    const db = new Database(':memory:');
    for (const m of migrationsUpTo(version)) m.up(db);
    schema = schemaItems(db);
    db.close();
    referenceSchemas.set(version, schema);
  }
  return schema;
}

/** The first difference from this app's schema `version` (e.g. a dropped audit trigger), or null. */
export function schemaDifference(db: Database.Database, version: number): string | null {
  const actual = schemaItems(db);
  const reference = referenceSchema(version);
  for (const [key, want] of reference) {
    const have = actual.get(key);
    if (!have) return `lacks ${key} that this app's schema ${version} has (e.g. an audit trigger was dropped)`;
    if (have.sql !== want.sql) return `has ${key} different from this app's schema ${version} (a rule was changed or removed)`;
  }
  for (const key of actual.keys()) {
    if (!reference.has(key)) return `has ${key}, which this app's schema ${version} does not have`;
  }
  return null;
}
