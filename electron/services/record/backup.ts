/**
 * Backup to a chosen file with SQLite's online backup API (the app keeps running), checked after;
 * restore from such a file after validating it, keeping the current database as a safety copy.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import Database from 'better-sqlite3';
import { KrpError } from '../../../shared/errors';
import type { BackupResult, RestoreResult } from '../../../shared/record/types';
import { verifyAudit } from './audit-log';
import { LATEST_VERSION } from './migrations';

const REQUIRED_TABLES = ['patients', 'scans', 'analyses', 'infusions', 'assessments', 'audit_log', 'meta'];

function sha256File(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/**
 * Copies the live database to `toPath` (which must not exist yet) with the online backup API,
 * switches the copy to a single self-contained file (journal_mode DELETE), and runs
 * integrity_check on it. Throws KrpError `record.backup-*` on failure (a bad copy is removed).
 */
export async function backupDatabase(db: Database.Database, dbPath: string, toPath: string): Promise<BackupResult> {
  if (typeof toPath !== 'string' || toPath.trim() === '') {
    throw new KrpError('record.backup-no-path', 'Choose a file to write the backup to.', { field: 'Backup file' });
  }
  const target = resolve(toPath);
  if (dbPath !== ':memory:' && target === resolve(dbPath)) {
    throw new KrpError('record.backup-same-file', 'The backup file cannot be the record database itself. Choose another file.', { field: 'Backup file' });
  }
  if (existsSync(target)) {
    throw new KrpError('record.backup-exists', `${target} already exists. Choose a new file name so that no earlier backup is overwritten.`, { field: 'Backup file', path: target });
  }
  try {
    await db.backup(target);
  } catch (error) {
    rmSync(target, { force: true });
    throw new KrpError('record.backup-failed', `The backup to ${target} failed (${(error as Error).message}). Check that the folder exists and is writable.`, { path: target });
  }
  const copy = new Database(target);
  let integrity: string;
  try {
    copy.pragma('journal_mode = DELETE');
    integrity = (copy.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check).join('; ');
  } finally {
    copy.close();
  }
  if (integrity !== 'ok') {
    rmSync(target, { force: true });
    throw new KrpError('record.backup-corrupt', `The backup written to ${target} failed its integrity check (${integrity}); it was removed. Try again or choose another disk.`, { path: target });
  }
  return { path: target, bytes: statSync(target).size, integrity, sha256: sha256File(target) };
}

/** What a candidate backup holds, after checking it is a sound record database. */
export function validateBackup(fromPath: string): { version: number; patients: number; auditEntries: number } {
  if (!existsSync(fromPath)) {
    throw new KrpError('record.restore-missing', `There is no file ${fromPath}. Choose the backup file to restore.`, { field: 'Backup file', path: fromPath });
  }
  let db: Database.Database;
  try {
    db = new Database(fromPath, { readonly: true, fileMustExist: true });
    db.pragma('schema_version');
  } catch (error) {
    throw new KrpError('record.restore-not-a-database', `${fromPath} is not a SQLite database (${(error as Error).message}). Choose a backup made by this app.`, { path: fromPath });
  }
  try {
    const integrity = (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check).join('; ');
    if (integrity !== 'ok') throw new KrpError('record.restore-corrupt', `${fromPath} failed its integrity check (${integrity}). Choose another backup.`, { path: fromPath });
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version < 1 || version > LATEST_VERSION) {
      throw new KrpError('record.restore-wrong-version', `${fromPath} has schema version ${version}; this app reads versions 1 to ${LATEST_VERSION}. Choose a backup made by this app.`, { path: fromPath, version });
    }
    const tables = new Set(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[]);
    const missing = REQUIRED_TABLES.filter((t) => !tables.has(t));
    if (missing.length) throw new KrpError('record.restore-not-a-record', `${fromPath} is not a record database (no ${missing.join(', ')} table). Choose a backup made by this app.`, { path: fromPath });
    const audit = verifyAudit(db);
    if (!audit.ok) throw new KrpError('record.restore-audit-broken', `${fromPath} has a broken audit trail: ${audit.problem} It was not restored.`, { path: fromPath });
    const patients = db.prepare('SELECT count(*) FROM patients').pluck().get() as number;
    return { version, patients, auditEntries: audit.entries };
  } finally {
    db.close();
  }
}

/**
 * Validates `fromPath`, keeps the current database as `<db>.pre-restore-<time>.sqlite3` (online
 * backup), closes `db`, and copies the backup into place. The caller reopens (and migrates) it.
 */
export async function restoreDatabase(db: Database.Database, dbPath: string, fromPath: string, now: () => number): Promise<RestoreResult> {
  if (dbPath === ':memory:') throw new KrpError('record.restore-in-memory', 'An in-memory record cannot be restored into.', {});
  const source = resolve(fromPath);
  if (source === resolve(dbPath)) throw new KrpError('record.restore-same-file', 'The backup to restore cannot be the open record database itself.', { field: 'Backup file' });
  const info = validateBackup(source);
  const safetyCopy = `${dbPath}.pre-restore-${new Date(now()).toISOString().replace(/[:.]/g, '-')}.sqlite3`;
  await db.backup(safetyCopy);
  db.close();
  for (const suffix of ['-wal', '-shm']) rmSync(`${dbPath}${suffix}`, { force: true });
  const src = new Database(source, { readonly: true, fileMustExist: true });
  try {
    await src.backup(dbPath);
  } finally {
    src.close();
  }
  return { from: source, safetyCopy, backupVersion: info.version, patients: info.patients, auditEntries: info.auditEntries };
}
