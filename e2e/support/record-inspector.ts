/**
 * Reads the record file a spec's app wrote, through the store itself (a second connection), to
 * check what was — or was not — stored. Opening an up-to-date file writes nothing.
 */
import { join } from 'node:path';
import type { PreprocessingSummary } from '../../shared/imaging/preprocessing-types';
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

/** A live assessment as stored: time point, NRS and every HADS/PCS item (null = unanswered). */
export interface StoredScores {
  timePoint: string;
  recordedAt: string;
  nrs: number | null;
  hads: (number | null)[];
  pcs: (number | null)[];
}

/** The live assessments, infusions and corrections in `dataDir`'s record, read without writing. */
export function inspectScores(dataDir: string): { scores: StoredScores[]; weights: number[]; corrections: { entity: string; reason: string; fields: string[] }[] } {
  const store = RecordStore.open(join(dataDir, DATABASE_FILE), { actor: { clinician: 'e2e inspector', osUser: 'e2e' } });
  try {
    const db = store.connection;
    const rows = db.prepare('SELECT * FROM assessments WHERE deleted_at IS NULL ORDER BY id').all() as Record<string, number | string | null>[];
    const items = (r: Record<string, number | string | null>, prefix: string, n: number) =>
      Array.from({ length: n }, (_, i) => r[`${prefix}${i + 1}`] as number | null);
    return {
      scores: rows.map((r) => ({
        timePoint: r.time_point as string, recordedAt: r.recorded_at as string, nrs: r.nrs as number | null,
        hads: items(r, 'hads', 14), pcs: items(r, 'pcs', 13),
      })),
      weights: db.prepare('SELECT weight_kg FROM infusions WHERE deleted_at IS NULL ORDER BY id').pluck().all() as number[],
      corrections: (db.prepare('SELECT entity, reason, fields_json FROM corrections ORDER BY id').all() as { entity: string; reason: string; fields_json: string }[])
        .map((c) => ({ entity: c.entity, reason: c.reason, fields: JSON.parse(c.fields_json) as string[] })),
    };
  } finally {
    store.close();
  }
}

/** A stored analysis as the record holds it: the numbers and its provenance (preprocessing summary, registration image). */
export interface StoredAnalysis {
  z: number;
  r: number;
  provenance: Record<string, unknown> & {
    preprocessing?: PreprocessingSummary;
    registrationImage?: { path: string; sha256: string } | null;
  };
  seedMapPath: string | null;
  seedMapSha256: string | null;
}

/** Every analysis row of `dataDir`'s record, oldest first, read without writing. */
export function inspectAnalyses(dataDir: string): StoredAnalysis[] {
  const store = RecordStore.open(join(dataDir, DATABASE_FILE), { actor: { clinician: 'e2e inspector', osUser: 'e2e' } });
  try {
    const rows = store.connection.prepare('SELECT z, r, provenance_json, seed_map_path, seed_map_sha256 FROM analyses ORDER BY id').all() as
      { z: number; r: number; provenance_json: string; seed_map_path: string | null; seed_map_sha256: string | null }[];
    return rows.map((row) => ({
      z: row.z, r: row.r, provenance: JSON.parse(row.provenance_json) as StoredAnalysis['provenance'],
      seedMapPath: row.seed_map_path, seedMapSha256: row.seed_map_sha256,
    }));
  } finally {
    store.close();
  }
}
