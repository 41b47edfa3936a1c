/** What the settings screen shows about backups: the audit head now, and the last backup (from the trail's newest `backup` entry). */
import type Database from 'better-sqlite3';
import type { BackupStatus } from '../../../shared/record/types';
import { auditHead } from './record-verify';

export function backupStatus(db: Database.Database): BackupStatus {
  const row = db.prepare("SELECT at, after_json FROM audit_log WHERE entity = 'database' AND action = 'backup' ORDER BY seq DESC LIMIT 1").get() as { at: string; after_json: string | null } | undefined;
  const after = row?.after_json ? (JSON.parse(row.after_json) as { path?: string; createdAt?: string; auditHead?: BackupStatus['head'] }) : null;
  return {
    head: auditHead(db),
    lastBackup: row ? { path: after?.path ?? '', createdAt: after?.createdAt ?? row.at, auditHead: after?.auditHead ?? null } : null,
  };
}
