/**
 * The audit trail, backup/restore and export shapes of the clinical record (split from types.ts,
 * which re-exports them).
 */
import type { JsonValue } from './types';

// ---------------------------------------------------------------------------------------------
// Audit trail

/** Who is acting: the clinician's name given at app start, and the operating-system user. */
export interface Actor {
  clinician: string;
  osUser: string;
}

export type AuditEntity = 'patient' | 'scan' | 'analysis' | 'infusion' | 'assessment' | 'estimate' | 'database';
export type AuditAction = 'create' | 'update' | 'delete' | 'open-chart' | 'migrate' | 'backup' | 'restore' | 'export' | 'redact';

export interface AuditEntry {
  /** 1, 2, 3... in order of writing. */
  seq: number;
  /** UTC time. */
  at: string;
  clinician: string;
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
  path: string;
  bytes: number;
  /** SQLite integrity_check of the written copy: 'ok'. */
  integrity: string;
  sha256: string;
}

export interface RestoreResult {
  from: string;
  /** Where the database as it was before the restore was kept. */
  safetyCopy: string;
  /** Schema version of the backup before any migration. */
  backupVersion: number;
  patients: number;
  auditEntries: number;
}

export interface ExportOptions {
  /** Pseudonymous codes, dates shifted by a per-patient secret offset, free text dropped. */
  deidentified: boolean;
  includeDeleted?: boolean;
}

export interface ExportResult {
  /** The CSV text (header + one row per patient, RFC 4180, CRLF line ends). */
  csv: string;
  rows: number;
}
