/**
 * Checking a backup folder before anything live is touched: manifest, every file's size and
 * SHA-256, SQLite integrity (which includes every CHECK and NOT NULL rule, e.g. an NRS of 99),
 * schema version (a newer one is refused), the schema itself (tables, CHECK rules, indexes and the
 * audit triggers exactly as this app's migrations create them), foreign keys, the audit chain and
 * the data bound into it, the manifest's audit head, and every image the record refers to.
 * Each refusal is a KrpError `record.restore-*` that names what is wrong.
 */
import { existsSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { KrpError } from '../../../shared/errors';
import type { AuditHead } from '../../../shared/record/types';
import { BACKUP_DB_NAME, MANIFEST_NAME, readManifest, sha256OfFile, type BackupManifest } from './backup-manifest';
import { LATEST_VERSION, migrationsUpTo } from './migrations';
import { verifyRecord } from './record-verify';
import { schemaDifference } from './schema-check';

export interface ValidatedBackup {
  dir: string;
  manifest: BackupManifest;
  version: number;
  patients: number;
  auditEntries: number;
  head: AuditHead | null;
}

/**
 * The QC files an analysis's provenance lists: provenance.qcImages (tSNR image, carpet plot) and
 * provenance.registrationImage (the registration check of an analysis preprocessed in the app).
 */
const QC_IMAGE_REFERENCES = ['$.qcImages.tsnr', '$.qcImages.carpet', '$.registrationImage'].map((at) => `
    UNION SELECT json_extract(provenance_json, '${at}.path'), json_extract(provenance_json, '${at}.sha256')
      FROM analyses WHERE json_extract(provenance_json, '${at}.path') IS NOT NULL`).join('');

/** Image references of a record: distinct (path, sha256) of seed maps, mean images and QC images. */
export function imageReferences(db: Database.Database): { path: string; sha256: string }[] {
  return db.prepare(`SELECT seed_map_path AS path, seed_map_sha256 AS sha256 FROM analyses WHERE seed_map_path IS NOT NULL
    UNION SELECT mean_image_path, mean_image_sha256 FROM analyses WHERE mean_image_path IS NOT NULL${QC_IMAGE_REFERENCES}`).all() as { path: string; sha256: string }[];
}

/**
 * Every row of the database at `path` inserted into a fresh in-memory copy of this app's schema
 * `version`: every CHECK, NOT NULL, UNIQUE and type rule is enforced as on a live write (SQLite's
 * integrity_check does not evaluate every CHECK expression). Returns the first violation, or null.
 */
export function constraintViolation(path: string, version: number): string | null {
  const mem = new Database(':memory:');
  try {
    mem.pragma('foreign_keys = OFF');
    for (const m of migrationsUpTo(version)) m.up(mem);
    mem.exec('DELETE FROM meta');
    mem.prepare('ATTACH DATABASE ? AS b').run(path);
    const tables = mem.prepare("SELECT name FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all() as string[];
    for (const table of tables) {
      try {
        // WHERE keeps SQLite from its transfer optimization, which copies rows unchecked between equal schemas
        mem.exec(`INSERT INTO main."${table}" SELECT * FROM b."${table}" WHERE 1`);
      } catch (error) {
        const rowid = findViolatingRow(mem, table);
        return `${(error as Error).message} in table ${table}${rowid === null ? '' : `, row ${rowid}`}`;
      }
    }
    return null;
  } finally {
    mem.close();
  }
}

function findViolatingRow(mem: Database.Database, table: string): number | null {
  mem.exec(`DELETE FROM main."${table}"`);
  const insert = mem.prepare(`INSERT INTO main."${table}" SELECT * FROM b."${table}" WHERE rowid = ?`);
  for (const rowid of mem.prepare(`SELECT rowid FROM b."${table}" ORDER BY rowid`).pluck().iterate() as IterableIterator<number>) {
    try { insert.run(rowid); } catch { return rowid; }
  }
  return null;
}

/** Accepts the backup folder or its manifest.json. */
export function backupFolderOf(path: string): string {
  const full = resolve(path);
  return basename(full) === MANIFEST_NAME ? dirname(full) : full;
}

function refuse(code: string, message: string, path: string): never {
  throw new KrpError(`record.${code}`, `${message} Nothing was restored; the current record is unchanged.`, { path });
}

export function validateBackupSet(from: string): ValidatedBackup {
  const dir = backupFolderOf(from);
  if (!existsSync(dir)) refuse('restore-missing', `There is no backup at ${dir}. Choose the backup folder to restore.`, dir);
  if (!statSync(dir).isDirectory()) {
    refuse('restore-no-manifest', `${dir} is a single file, not a backup folder with a manifest. Backups made by this app are folders (krp-backup-…) holding manifest.json.`, dir);
  }
  const manifest = readManifest(join(dir, MANIFEST_NAME));
  for (const file of [manifest.database, ...manifest.files]) {
    const path = join(dir, file.path);
    if (!existsSync(path)) refuse('restore-file-missing', `The backup is incomplete: ${file.path} is listed in its manifest but missing.`, dir);
    const bytes = statSync(path).size;
    if (bytes !== file.bytes) refuse('restore-file-changed', `The backup's file ${file.path} has ${bytes} bytes, the manifest says ${file.bytes}: it was truncated or changed.`, dir);
    if (sha256OfFile(path) !== file.sha256) refuse('restore-file-changed', `The backup's file ${file.path} does not match its SHA-256 in the manifest: it was changed after the backup.`, dir);
  }
  let db: Database.Database;
  try {
    db = new Database(join(dir, manifest.database.path), { readonly: true, fileMustExist: true });
    db.pragma('schema_version');
  } catch (error) {
    return refuse('restore-not-a-database', `The backup's database is not a SQLite file (${(error as Error).message}).`, dir);
  }
  try {
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > LATEST_VERSION) refuse('restore-newer-schema', `The backup was written by a newer version of the app (schema ${version}; this app knows up to ${LATEST_VERSION}). Update the app to restore it.`, dir);
    if (version < 1) refuse('restore-not-a-record', 'The backup\'s database is not a record database (schema version 0).', dir);
    if (version !== manifest.schemaVersion) refuse('restore-version-mismatch', `The backup's database has schema ${version} but its manifest says ${manifest.schemaVersion}: the database was replaced.`, dir);
    const integrity = (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check);
    if (integrity.join() !== 'ok') {
      const rules = integrity.filter((l) => /constraint failed/i.test(l));
      refuse(rules.length ? 'restore-rule-broken' : 'restore-corrupt', rules.length
        ? `The backup holds values its own rules forbid (${rules.slice(0, 3).join('; ')}), e.g. an out-of-range score.`
        : `The backup's database failed its integrity check (${integrity.slice(0, 3).join('; ')}).`, dir);
    }
    const difference = schemaDifference(db, version);
    if (difference) refuse('restore-schema-changed', `The backup's database ${difference}.`, dir);
    const violation = constraintViolation(join(dir, manifest.database.path), version);
    if (violation) refuse('restore-rule-broken', `The backup holds a value its own rules forbid (${violation}), e.g. an out-of-range score.`, dir);
    const fk = db.pragma('foreign_key_check') as { table: string; rowid: number }[];
    if (fk.length) refuse('restore-broken-reference', `Row ${fk[0].rowid} of table ${fk[0].table} in the backup refers to a row that does not exist (${fk.length} such rows).`, dir);
    const audit = verifyRecord(db);
    if (!audit.ok) refuse(audit.table ? 'restore-data-changed' : 'restore-audit-broken', `The backup does not verify: ${audit.problem}`, dir);
    const head = audit.head ?? null;
    if (JSON.stringify(head) !== JSON.stringify(manifest.auditHead)) {
      refuse('restore-head-mismatch', `The backup's audit trail ends at entry ${head?.seq ?? 0}, but its manifest recorded entry ${manifest.auditHead?.seq ?? 0} with another hash: the database and manifest do not belong together.`, dir);
    }
    if (version >= 1) {
      const listed = new Map(manifest.files.map((f) => [f.storedAs, f.sha256]));
      const missing = new Map(manifest.missingFiles.map((f) => [f.storedAs, f.sha256]));
      for (const ref of imageReferences(db)) {
        if (listed.get(ref.path) === ref.sha256 || missing.get(ref.path) === ref.sha256) continue;
        refuse('restore-image-missing', listed.has(ref.path)
          ? `The backup's copy of image ${ref.path} is not the image the record refers to (SHA-256 differs).`
          : `The backup lacks image ${ref.path} that the record refers to.`, dir);
      }
    }
    const patients = db.prepare('SELECT count(*) FROM patients').pluck().get() as number;
    return { dir, manifest, version, patients, auditEntries: audit.entries, head };
  } finally {
    db.close();
  }
}
