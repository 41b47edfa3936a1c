/**
 * Corrections table: one row per correction or removal of clinical data, naming the audit entry
 * that holds the row before and after, the fields that changed, the reason, who and when.
 * Written only inside RecordStore.mutate (same transaction as its audit entry); append-only.
 */
import type Database from 'better-sqlite3';
import type { Correction, CorrectionEntity } from '../../../shared/record/corrections';
import type { AuditDraft } from './audit-log';

interface CorrectionRow {
  id: number; audit_seq: number; patient_id: number; entity: string; entity_id: number; action: string;
  fields_json: string; reason: string; at: string; clinician: string;
}

/** What a change tells mutate to record as a correction (the rest is filled in when it is stored). */
export type CorrectionDraft = Omit<Correction, 'id' | 'auditSeq' | 'at' | 'clinician'>;

/**
 * What `mutate` records for a reasoned update or removal of one clinical row: the row after as the
 * result, the audit entry before → after (each shown through `audited`, e.g. without scores), and
 * the correction naming the fields and the reason.
 */
export function reasonedChange<T>(correction: CorrectionDraft, before: T, after: T, audited: (row: T) => unknown = (row) => row):
  { result: T; audit: AuditDraft; correction: CorrectionDraft } {
  return {
    result: after,
    audit: { entity: correction.entity, entityId: correction.entityId, action: correction.action, before: audited(before), after: audited(after) },
    correction,
  };
}

function fromRow(r: CorrectionRow): Correction {
  return {
    id: r.id, auditSeq: r.audit_seq, patientId: r.patient_id, entity: r.entity as CorrectionEntity, entityId: r.entity_id,
    action: r.action as Correction['action'], fields: JSON.parse(r.fields_json) as string[], reason: r.reason, at: r.at, clinician: r.clinician,
  };
}

export class CorrectionsRepo {
  private readonly insertStmt; private readonly ofPatientStmt;

  constructor(db: Database.Database) {
    this.insertStmt = db.prepare(`INSERT INTO corrections (audit_seq, patient_id, entity, entity_id, action, fields_json, reason, at, clinician)
      VALUES (@auditSeq, @patientId, @entity, @entityId, @action, @fields, @reason, @at, @clinician)`);
    this.ofPatientStmt = db.prepare('SELECT * FROM corrections WHERE patient_id = ? ORDER BY id DESC');
  }

  insert(draft: CorrectionDraft, auditSeq: number, at: string, clinician: string): void {
    this.insertStmt.run({ ...draft, fields: JSON.stringify(draft.fields), auditSeq, at, clinician });
  }

  /** Newest first. */
  ofPatient(patientId: number): Correction[] {
    return (this.ofPatientStmt.all(patientId) as CorrectionRow[]).map(fromRow);
  }
}

/** Names of the fields whose values differ between two images of a row (JSON comparison). */
export function changedFields(before: object, after: object, ignore: readonly string[] = ['updatedAt', 'createdAt']): string[] {
  const b = before as Record<string, unknown>;
  const a = after as Record<string, unknown>;
  return Object.keys(a).filter((k) => !ignore.includes(k) && JSON.stringify(a[k]) !== JSON.stringify(b[k]));
}
