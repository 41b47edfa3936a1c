/**
 * The backup set's manifest: what a backup folder holds and the SHA-256 of each file, with the
 * audit head (the anchor the database alone cannot rewrite), schema and app version. Layout:
 *   <name>/manifest.json, <name>/krp.sqlite3, <name>/files/<path as stored in the record>
 * (images stored outside the data folder go to files/external/<sha256>). Written as
 * <name>.partial and renamed when complete, so a folder under the final name is always whole.
 */
import { createHash } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readFileSync, readSync, statSync, writeSync } from 'node:fs';
import { isAbsolute, normalize, sep } from 'node:path';
import { KrpError } from '../../../shared/errors';
import type { AuditHead } from '../../../shared/record/types';

export const MANIFEST_NAME = 'manifest.json';
export const BACKUP_DB_NAME = 'krp.sqlite3';
export const MANIFEST_FORMAT = 'krp-backup';
export const MANIFEST_FORMAT_VERSION = 1;
const MAX_MANIFEST_BYTES = 64 * 1024 * 1024;

export interface ManifestFile {
  /** Path inside the backup folder, '/'-separated. */
  path: string;
  sha256: string;
  bytes: number;
}

export interface ManifestImage extends ManifestFile {
  /** The path as the record stores it (relative to the data folder, or absolute). */
  storedAs: string;
}

export interface BackupManifest {
  format: typeof MANIFEST_FORMAT;
  formatVersion: number;
  createdAt: string;
  appVersion: string;
  schemaVersion: number;
  auditHead: AuditHead | null;
  database: ManifestFile;
  files: ManifestImage[];
  /** Images the record refers to that were missing or changed in the data folder at backup time. */
  missingFiles: { storedAs: string; sha256: string; reason: string }[];
}

/** SHA-256 hex of a file, read in 1 MiB chunks (no whole-file buffer). */
export function sha256OfFile(path: string): string {
  const hash = createHash('sha256');
  const buffer = Buffer.allocUnsafe(1024 * 1024);
  const fd = openSync(path, 'r');
  try {
    for (;;) {
      const n = readSync(fd, buffer, 0, buffer.length, null);
      if (n === 0) break;
      hash.update(buffer.subarray(0, n));
    }
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}

/**
 * Copies `source` to the new file `dest` in one pass, hashing the bytes as they are read: SHA-256
 * hex and size of what was written. Every write is checked for its full length (a full disk or a
 * write error fails here). `fsync` forces the copy to the medium before returning (≈ 8 ms per file
 * on the test VM: used for single large files, not for each of thousands of images, whose damage
 * restore detects by their SHA-256). `dest` must not exist.
 */
export function copyFileHashing(source: string, dest: string, options: { fsync?: boolean } = {}): { sha256: string; bytes: number } {
  const hash = createHash('sha256');
  const buffer = Buffer.allocUnsafe(1024 * 1024);
  const input = openSync(source, 'r');
  let output: number | null = null;
  let bytes = 0;
  try {
    output = openSync(dest, 'wx');
    for (;;) {
      const n = readSync(input, buffer, 0, buffer.length, null);
      if (n === 0) break;
      hash.update(buffer.subarray(0, n));
      let written = 0;
      while (written < n) written += writeSync(output, buffer, written, n - written);
      bytes += n;
    }
    if (options.fsync) fsyncSync(output);
  } finally {
    closeSync(input);
    if (output !== null) closeSync(output);
  }
  return { sha256: hash.digest('hex'), bytes };
}

/** A path inside the backup that stays inside it (relative, no `..`). */
export function isSafeInnerPath(path: unknown): path is string {
  if (typeof path !== 'string' || path === '' || path.length > 4096 || isAbsolute(path) || /^[a-zA-Z]:/.test(path) || path.includes('\0')) return false;
  const normal = normalize(path.split('/').join(sep));
  return !normal.split(sep).includes('..');
}

const HEX64 = /^[0-9a-f]{64}$/;
const isFile = (f: unknown): f is ManifestFile => typeof f === 'object' && f !== null
  && isSafeInnerPath((f as ManifestFile).path) && HEX64.test(String((f as ManifestFile).sha256)) && Number.isSafeInteger((f as ManifestFile).bytes);

/** Reads and shape-checks `manifest.json`; KrpError `record.restore-manifest` naming the problem. */
export function readManifest(path: string): BackupManifest {
  const bad = (why: string) => new KrpError('record.restore-manifest', `The backup's manifest ${path} ${why}. Choose a complete backup folder made by this app.`, { path });
  let size: number;
  try { size = statSync(path).size; } catch { throw new KrpError('record.restore-no-manifest', `${path} is missing: this is not a complete backup folder (or the backup was interrupted). Choose a backup folder made by this app.`, { path }); }
  if (size > MAX_MANIFEST_BYTES) throw bad(`is ${size} bytes, larger than any manifest this app writes`);
  let m: BackupManifest;
  try { m = JSON.parse(readFileSync(path, 'utf8')) as BackupManifest; } catch (error) { throw bad(`is not valid JSON (${(error as Error).message})`); }
  if (typeof m !== 'object' || m === null || m.format !== MANIFEST_FORMAT) throw bad('is not a Ketamine Response Predictor backup manifest');
  if (m.formatVersion !== MANIFEST_FORMAT_VERSION) throw bad(`has format version ${String(m.formatVersion)}; this app reads version ${MANIFEST_FORMAT_VERSION}`);
  if (!Number.isSafeInteger(m.schemaVersion)) throw bad('has no schema version');
  if (!isFile(m.database)) throw bad('does not describe the database file');
  if (!Array.isArray(m.files) || !m.files.every((f) => isFile(f) && typeof f.storedAs === 'string' && f.storedAs.length > 0)) throw bad('has an invalid file list');
  if (!Array.isArray(m.missingFiles)) throw bad('has an invalid list of missing files');
  if (m.auditHead !== null && !(typeof m.auditHead === 'object' && Number.isSafeInteger(m.auditHead.seq) && HEX64.test(String(m.auditHead.hash)))) throw bad('has an invalid audit head');
  return m;
}
