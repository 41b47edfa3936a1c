/** Corrections of clinical data as the chart and the audit view show them. */

export type CorrectionEntity = 'patient' | 'infusion' | 'assessment' | 'analysis' | 'scan';
export const CORRECTION_REASON_MAX = 500;

/** One correction or removal: the audit entry `auditSeq` holds the row before and after. */
export interface Correction {
  id: number;
  auditSeq: number;
  patientId: number;
  entity: CorrectionEntity;
  entityId: number;
  action: 'update' | 'delete';
  /** Names of the changed fields (e.g. ["weightKg", "totalMg"]); for a removal ["deletedAt"]. */
  fields: string[];
  reason: string;
  /** UTC time. */
  at: string;
  /** Who made it (the signed-in user). */
  clinician: string;
}
