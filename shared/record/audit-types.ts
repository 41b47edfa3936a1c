/**
 * The audit trail, backup/restore and export shapes of the clinical record (split from types.ts,
 * which re-exports them).
 */
import type { JsonValue } from './types';

// ---------------------------------------------------------------------------------------------
// Audit trail

/** Who is acting: the clinician's name given at app start, and the operating-system user. */
export interface Actor {
  /** The signed-in user's display name (or a system name such as "cli:<OS user>" before sign-in). */
  clinician: string;
  osUser: string;
  /** The signed-in user's id (users.id), bound into each audit entry's hash; null/absent for system work. */
  userId?: number | null;
  /** The signed-in user's role: restore and user management need 'administrator'. */
  role?: 'administrator' | 'clinician' | null;
}

export type AuditEntity = 'patient' | 'scan' | 'analysis' | 'infusion' | 'assessment' | 'estimate' | 'database' | 'user' | 'session';
export type AuditAction = 'create' | 'update' | 'delete' | 'open-chart' | 'migrate' | 'backup' | 'restore' | 'export' | 'redact'
  | 'sign-in' | 'sign-in-failed' | 'sign-out' | 'lock' | 'unlock' | 'unlock-failed' | 'password-change' | 'password-reset' | 'deactivate' | 'backup-failed' | 'settings';

export interface AuditEntry {
  /** 1, 2, 3... in order of writing. */
  seq: number;
  /** UTC time. */
  at: string;
  clinician: string;
  /** The signed-in user's id (schema 7 on); null for older and system entries. */
  userId?: number | null;
  osUser: string;
  entity: AuditEntity;
  entityId: number | null;
  action: AuditAction;
  /** The row before the change (update/delete), null otherwise. */
  before: JsonValue | null;
  /** The row after the change (create/update/delete), or context (open-chart, backup...). */
  after: JsonValue | null;
  /** hash of the previous entry (64 zeros for the first). */
  prevHash: string;
  /** SHA-256 hex of prevHash + the canonical JSON of this entry's fields. */
  hash: string;
}

export interface AuditQuery {
  entity?: AuditEntity;
  entityId?: number;
  limit?: number;
  /** Entries with seq < beforeSeq (paging backwards); newest first. */
  beforeSeq?: number;
}

export interface AuditVerifyResult {
  ok: boolean;
  /** Entries checked. */
  entries: number;
  /** seq of the first entry that does not verify (edited, deleted, reordered), null when ok. */
  firstBadSeq: number | null;
  /** Plain words: what is wrong, e.g. "Entry 12 was edited after it was written". */
  problem: string | null;
  /** When a clinical row does not match the trail: its table and key (else null/absent). */
  table?: string | null;
  rowId?: number | null;
  /** Clinical rows compared with the trail (absent when only the chain was checked). */
  rowsChecked?: number;
  /** The trail's head (last seq and hash), the anchor to keep outside the database. */
  head?: AuditHead | null;
}

/** The audit trail's head: the last entry's seq and hash. Written into every backup manifest. */
export interface AuditHead {
  seq: number;
  hash: string;
}

// ---------------------------------------------------------------------------------------------
// Backup, restore, export

export interface BackupResult {
  /** The backup folder (manifest.json, krp.sqlite3, files/…). */
  path: string;
  /** Database and images, bytes. */
  bytes: number;
  /** SQLite integrity_check of the written copy: 'ok'. */
  integrity: string;
  /** SHA-256 of the backup's manifest.json (which holds the SHA-256 of every other file). */
  sha256: string;
  /** The audit head in the backup: the anchor to verify the record against later. */
  auditHead: AuditHead | null;
  /** Images copied. */
  images: number;
  /** Images the record refers to that could not be backed up (missing or changed in the data folder). */
  missingImages: string[];
  createdAt: string;
}

/** The audit head now and the last backup (path, time, the head it anchored). */
export interface BackupStatus {
  head: AuditHead | null;
  lastBackup: { path: string; createdAt: string; auditHead: AuditHead | null } | null;
}

export interface RestoreResult {
  from: string;
  /** Where the database as it was before the restore was kept. */
  safetyCopy: string;
  /** Schema version of the backup before any migration. */
  backupVersion: number;
  patients: number;
  auditEntries: number;
  /** Images written back into the data folder. */
  images: number;
  /** The audit head the backup held. */
  backupHead: AuditHead | null;
}

export interface ExportOptions {
  /**
   * Pseudonymized (仮名化): export-only random codes, days relative to the scan instead of dates,
   * ages ≥ 90 as 90, free text and record ids dropped.
   */
  deidentified: boolean;
  includeDeleted?: boolean;
}

export interface ExportResult {
  /** The cohort CSV: UTF-8 BOM, header, one row per patient with its latest infusion (RFC 4180, CRLF line ends). */
  csv: string;
  /** Patients exported. */
  rows: number;
  /** The same columns, one row per infusion (every live infusion), to be written beside the export. */
  infusionsCsv: string;
  infusionRows: number;
  /** The codebook CSV (column, meaning), to be written beside the export. */
  codebook: string;
}
