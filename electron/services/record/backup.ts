/**
 * Complete backups and restores. A backup is a folder (see backup-manifest.ts for the layout):
 * the database copied with SQLite's online backup API (the app keeps running), every stored
 * analysis image, and a manifest with each file's SHA-256 and the audit head, written under
 * `<name>.partial` and renamed when complete. Restore validates everything first
 * (backup-validate.ts), keeps the live database as a safety copy, writes its own audit entry into
 * the staged database before that file is renamed into place (so the entry cannot be lost), and
 * puts the images back.
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { KrpError } from '../../../shared/errors';
import type { Actor, BackupResult, RestoreResult } from '../../../shared/record/types';
import { appendAudit } from './audit-log';
import {
  BACKUP_DB_NAME, copyFileHashing, MANIFEST_FORMAT, MANIFEST_FORMAT_VERSION, MANIFEST_NAME, sha256OfFile, type BackupManifest, type ManifestImage,
} from './backup-manifest';
import { imageReferences, validateBackupSet } from './backup-validate';
import { auditHead } from './record-verify';

/** The ROI label image the imaging service writes beside each seed map (not hashed in the record). */
const ROI_LABELS_NAME = 'roi_labels.nii.gz';
/** Safety copies of the live database kept before restores (oldest removed beyond this). */
export const SAFETY_COPIES_KEPT = 5;

export interface BackupOptions {
  dbPath: string;
  /** Folder that relative image paths in the record are relative to. */
  dataDir: string;
  appVersion: string;
  now: () => number;
}

const stampOf = (ms: number) => new Date(ms).toISOString().replace(/[:.]/g, '-');

function resolveStored(dataDir: string, stored: string): string {
  return isAbsolute(stored) ? stored : resolve(dataDir, stored);
}

/** Where an image goes inside the backup folder. */
function innerPathOf(dataDir: string, stored: string, sha256: string): string {
  const rel = isAbsolute(stored) ? relative(dataDir, stored) : stored;
  const inside = rel !== '' && !rel.split(/[\\/]/).includes('..') && !isAbsolute(rel);
  return inside ? `files/${rel.split(/[\\/]/).join('/')}` : `files/external/${sha256}`;
}

/** Writes a complete backup folder at `toPath` (which must not exist yet). */
export async function writeBackupSet(db: Database.Database, toPath: string, options: BackupOptions): Promise<BackupResult> {
  if (typeof toPath !== 'string' || toPath.trim() === '') {
    throw new KrpError('record.backup-no-path', 'Choose a folder name to write the backup to.', { field: 'Backup file' });
  }
  const target = resolve(toPath);
  if (options.dbPath !== ':memory:' && (target === resolve(options.dbPath) || target === resolve(options.dataDir))) {
    throw new KrpError('record.backup-same-file', 'The backup cannot be written over the record itself. Choose another place.', { field: 'Backup file' });
  }
  if (existsSync(target)) {
    throw new KrpError('record.backup-exists', `${target} already exists. Choose a new name so that no earlier backup is overwritten.`, { field: 'Backup file', path: target });
  }
  const partial = `${target}.partial`;
  rmSync(partial, { recursive: true, force: true }); // left by an interrupted backup
  try {
    mkdirSync(join(partial, 'files'), { recursive: true });
    const dbCopy = join(partial, BACKUP_DB_NAME);
    await db.backup(dbCopy);
    const copy = new Database(dbCopy);
    let integrity: string; let schemaVersion: number; let head; let refs;
    try {
      copy.pragma('journal_mode = DELETE');
      integrity = (copy.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check).join('; ');
      schemaVersion = copy.pragma('user_version', { simple: true }) as number;
      head = auditHead(copy);
      refs = imageReferences(copy);
    } finally {
      copy.close();
    }
    if (integrity !== 'ok') {
      throw new KrpError('record.backup-corrupt', `The database copy failed its integrity check (${integrity}); no backup was written. Run "krp audit verify" and try again.`, { path: target });
    }
    const files: ManifestImage[] = [];
    const missingFiles: BackupManifest['missingFiles'] = [];
    const innerPaths = new Set<string>();
    let staging = 0;
    // One read per image: copied to a staging name while hashed, then checked against the SHA-256
    // the record holds and renamed to its place (or dropped and listed as changed). See docs/record.md.
    const copyImage = (stored: string, expected: string | null) => {
      const source = resolveStored(options.dataDir, stored);
      if (!existsSync(source)) { if (expected) missingFiles.push({ storedAs: stored, sha256: expected, reason: 'missing from the data folder' }); return; }
      const stagingPath = join(partial, `staging-${++staging}`);
      const copied = copyFileHashing(source, stagingPath);
      const inner = innerPathOf(options.dataDir, stored, copied.sha256);
      if ((expected && copied.sha256 !== expected) || innerPaths.has(inner)) {
        rmSync(stagingPath);
        if (expected && copied.sha256 !== expected) missingFiles.push({ storedAs: stored, sha256: expected, reason: `changed in the data folder (SHA-256 ${copied.sha256})` });
        return;
      }
      mkdirSync(dirname(join(partial, inner)), { recursive: true });
      renameSync(stagingPath, join(partial, inner));
      innerPaths.add(inner);
      files.push({ path: inner, storedAs: stored, sha256: copied.sha256, bytes: copied.bytes });
    };
    for (const ref of refs) {
      copyImage(ref.path, ref.sha256);
      if (/seed_map/.test(ref.path)) copyImage(`${ref.path.slice(0, ref.path.lastIndexOf('/') + 1)}${ROI_LABELS_NAME}`, null);
    }
    const manifest: BackupManifest = {
      format: MANIFEST_FORMAT, formatVersion: MANIFEST_FORMAT_VERSION, createdAt: new Date(options.now()).toISOString(),
      appVersion: options.appVersion, schemaVersion, auditHead: head,
      database: { path: BACKUP_DB_NAME, sha256: sha256OfFile(dbCopy), bytes: statSync(dbCopy).size },
      files, missingFiles,
    };
    const manifestText = `${JSON.stringify(manifest, null, 2)}\n`;
    writeFileSync(join(partial, MANIFEST_NAME), manifestText, { flag: 'wx' });
    renameSync(partial, target);
    const bytes = manifest.database.bytes + files.reduce((n, f) => n + f.bytes, 0);
    return {
      path: target, bytes, integrity, sha256: sha256OfFile(join(target, MANIFEST_NAME)), auditHead: head,
      images: files.length, missingImages: missingFiles.map((f) => `${f.storedAs} (${f.reason})`), createdAt: manifest.createdAt,
    };
  } catch (error) {
    rmSync(partial, { recursive: true, force: true });
    if (error instanceof KrpError) throw error;
    throw new KrpError('record.backup-failed', `The backup to ${target} failed (${(error as Error).message}). Check that the folder exists, is writable and has space.`, { path: target });
  }
}

/** Keeps the newest `keep` files in `dir` whose names start with `prefix`; removes the rest. */
export function pruneOldest(dir: string, prefix: string, keep: number): string[] {
  if (!existsSync(dir)) return [];
  const names = readdirSync(dir).filter((n) => n.startsWith(prefix)).sort();
  const removed = names.slice(0, Math.max(0, names.length - keep));
  for (const name of removed) rmSync(join(dir, name), { recursive: true, force: true });
  return removed.map((n) => join(dir, n));
}

/**
 * Restores the backup folder `from` over the record at `options.dbPath`: validates it (nothing
 * changes on refusal), keeps the live database in `<dataDir>/safety/`, stages the backup's
 * database with a 'restore' audit entry appended, copies its images into the data folder, closes
 * `db` and renames the staged file into place. The caller reopens (and migrates) the database.
 */
export async function restoreBackupSet(db: Database.Database, from: string, options: BackupOptions & { actor: Actor }): Promise<RestoreResult> {
  if (options.dbPath === ':memory:') throw new KrpError('record.restore-in-memory', 'An in-memory record cannot be restored into.', {});
  const checked = validateBackupSet(from);
  const stamp = stampOf(options.now());
  const safetyDir = join(options.dataDir, 'safety');
  mkdirSync(safetyDir, { recursive: true });
  const safetyCopy = join(safetyDir, `pre-restore-${stamp}.sqlite3`);
  await db.backup(safetyCopy);
  const staged = `${options.dbPath}.restoring`;
  rmSync(staged, { force: true });
  try {
    // Copied once, hashed while copied: what is staged is exactly the database that was validated.
    if (copyFileHashing(join(checked.dir, checked.manifest.database.path), staged, { fsync: true }).sha256 !== checked.manifest.database.sha256) {
      throw new KrpError('record.restore-file-changed', `The backup's database changed while it was being restored (SHA-256 differs from its manifest). Nothing was restored; the current record is unchanged.`, { path: checked.dir });
    }
    const stagedDb = new Database(staged);
    try {
      stagedDb.pragma('journal_mode = DELETE');
      stagedDb.transaction(() => appendAudit(stagedDb, options.actor, new Date(options.now()).toISOString(), {
        entity: 'database', entityId: null, action: 'restore', before: null,
        after: { from: checked.dir, backupCreatedAt: checked.manifest.createdAt, backupHead: checked.head, schemaVersion: checked.version, safetyCopy },
      }))();
    } finally {
      stagedDb.close();
    }
    let images = 0;
    for (const file of checked.manifest.files) {
      const dest = resolveStored(options.dataDir, file.storedAs);
      if (existsSync(dest) && sha256OfFile(dest) === file.sha256) continue;
      if (existsSync(dest)) {
        const aside = join(safetyDir, `images-${stamp}`, file.path);
        mkdirSync(dirname(aside), { recursive: true });
        renameSync(dest, aside);
      }
      mkdirSync(dirname(dest), { recursive: true });
      rmSync(`${dest}.restoring`, { force: true });
      const copied = copyFileHashing(join(checked.dir, file.path), `${dest}.restoring`);
      if (copied.sha256 !== file.sha256) {
        rmSync(`${dest}.restoring`, { force: true });
        throw new KrpError('record.restore-file-changed', `The backup's file ${file.path} changed while it was being restored (SHA-256 differs from its manifest). The record was not replaced; check the backup's disk and restore again.`, { path: checked.dir });
      }
      renameSync(`${dest}.restoring`, dest);
      images += 1;
    }
    db.close();
    for (const suffix of ['-wal', '-shm']) rmSync(`${options.dbPath}${suffix}`, { force: true });
    renameSync(staged, options.dbPath);
    pruneOldest(safetyDir, 'pre-restore-', SAFETY_COPIES_KEPT);
    return {
      from: checked.dir, safetyCopy, backupVersion: checked.version, patients: checked.patients,
      auditEntries: checked.auditEntries, images, backupHead: checked.head,
    };
  } finally {
    rmSync(staged, { force: true });
  }
}
