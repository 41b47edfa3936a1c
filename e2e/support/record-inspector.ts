/**
 * Reads the record file a spec's app wrote, through the store itself (a second connection), to
 * check what was — or was not — stored. Opening an up-to-date file writes nothing.
 */
import { join } from 'node:path';
import type { AuditEntry, PatientListItem } from '../../shared/record/types';
import { RecordStore } from '../../electron/services/record/record-store';
import { DATABASE_FILE } from '../../electron/shell/data-folder';

export interface RecordSnapshot {
  patients: PatientListItem[];
  audit: AuditEntry[];
  infusions: number;
  assessments: number;
  scans: number;
  analyses: number;
  estimates: number;
}

/** Everything stored in `dataDir`'s record, newest audit entry first. */
export function inspectRecord(dataDir: string): RecordSnapshot {
  const store = RecordStore.open(join(dataDir, DATABASE_FILE), { actor: { clinician: 'e2e inspector', osUser: 'e2e' } });
  try {
    const db = store.connection;
    return {
      patients: store.listPatients({ limit: 500 }).items,
      audit: store.listAudit({ limit: 10_000 }),
      infusions: (db.prepare('SELECT count(*) FROM infusions').pluck().get() as number),
      assessments: (db.prepare('SELECT count(*) FROM assessments').pluck().get() as number),
      scans: (db.prepare('SELECT count(*) FROM scans').pluck().get() as number),
      analyses: (db.prepare('SELECT count(*) FROM analyses').pluck().get() as number),
      estimates: (db.prepare('SELECT count(*) FROM estimates').pluck().get() as number),
    };
  } finally {
    store.close();
  }
}
