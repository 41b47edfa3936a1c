/**
 * Opening the record database: pragmas (WAL, foreign keys, busy timeout) and migrations. Missing
 * migrations are applied in one transaction under `user_version`; when an existing database is
 * migrated a consistent copy (`VACUUM INTO`) is written beside it first.
 */
import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { KrpError } from '../../../shared/errors';
import type { Actor } from '../../../shared/record/types';
import { appendAudit } from './audit-log';
import { BINDING_VERSION, LATEST_VERSION, MIGRATIONS, type Migration } from './migrations';
import { bindAllRows, installRowTracking, resetRowTracking } from './row-binding';

export interface OpenOptions {
  actor: Actor;
  /** Clock (ms since the epoch), injectable for tests. */
  now: () => number;
  /** Migrations to apply (tests pass a prefix to build an older database). Default: all. */
  migrations?: readonly Migration[];
}

export interface OpenedDatabase {
  db: Database.Database;
  /** user_version found on opening (0 for a new file). */
  fromVersion: number;
  /** Path of the copy taken before migrating, null when nothing was migrated or the file was new. */
  preMigrationBackup: string | null;
}

/** UTC ISO timestamp of a clock reading, e.g. 2025-03-01T09:30:00.000Z. */
export function isoNow(now: () => number): string {
  return new Date(now()).toISOString();
}

/** Sets the connection pragmas every connection of the app uses. */
export function configureConnection(db: Database.Database): void {
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.pragma('synchronous = NORMAL');
}

/** Opens (creating if needed) and migrates the database at `path`. */
export function openDatabase(path: string, options: OpenOptions): OpenedDatabase {
  const migrations = options.migrations ?? MIGRATIONS;
  const existed = path !== ':memory:' && existsSync(path);
  let db: Database.Database;
  try {
    db = new Database(path);
    db.pragma('schema_version'); // reads the header: fails here for a file that is not SQLite
  } catch (error) {
    throw new KrpError('record.not-a-database',
      `The record database ${path} could not be opened (${(error as Error).message}). Choose a Ketamine Response Predictor database file or an empty folder.`,
      { path });
  }
  configureConnection(db);
  const fromVersion = db.pragma('user_version', { simple: true }) as number;
  const target = migrations.length ? migrations[migrations.length - 1].version : 0;
  if (fromVersion > LATEST_VERSION) {
    db.close();
    throw new KrpError('record.newer-schema',
      `The record database ${path} was written by a newer version of the app (schema ${fromVersion}, this app knows up to ${LATEST_VERSION}). Update the app before opening it.`,
      { path, version: fromVersion });
  }
  let preMigrationBackup: string | null = null;
  const pending = migrations.filter((m) => m.version > fromVersion);
  if (pending.length > 0) {
    if (existed && fromVersion > 0) {
      preMigrationBackup = `${path}.v${fromVersion}-${new Date(options.now()).toISOString().replace(/[:.]/g, '-')}.bak`;
      db.prepare('VACUUM INTO ?').run(preMigrationBackup);
    }
    try {
      db.transaction(() => {
        // Rows a migration rewrites in already-bound tables are noted and re-bound by the migrate entry.
        if (fromVersion >= BINDING_VERSION) { installRowTracking(db); resetRowTracking(db); }
        const context = { atIso: isoNow(options.now) };
        for (const migration of pending) {
          migration.up(db, context);
          db.pragma(`user_version = ${migration.version}`);
        }
        // Crossing into row binding: the rows as they are now are the baseline of every later check.
        const baseline = fromVersion < BINDING_VERSION && target >= BINDING_VERSION ? bindAllRows(db) : [];
        appendAudit(db, options.actor, isoNow(options.now), {
          entity: 'database', entityId: null, action: 'migrate', before: { version: fromVersion },
          after: { version: target, applied: pending.map((m) => `${m.version}: ${m.description}`), backup: preMigrationBackup, baselineRows: baseline.length },
        }, baseline);
      })();
    } catch (error) {
      db.close();
      throw error;
    }
    const problems = db.pragma('foreign_key_check') as unknown[];
    if (problems.length > 0) {
      db.close();
      throw new KrpError('record.migration-failed', `Migrating ${path} left ${problems.length} broken references. Restore the backup ${preMigrationBackup ?? ''} and report this.`, { path });
    }
  }
  installRowTracking(db);
  return { db, fromVersion, preMigrationBackup };
}
