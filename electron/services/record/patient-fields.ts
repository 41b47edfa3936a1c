/**
 * The store's checks of a patient's fields (split from record-store.ts): identifiers and names by
 * the shared input rules (NFKC, no control/bidi/invisible characters), numbers and dates by range,
 * and uniqueness of hospital ID and display code on their normalized, case-insensitive form.
 */
import type { PatientInput } from '../../../shared/record/types';
import type { PatientFields, PatientsRepo } from './patients-repo';
import { checkCleanText, checkFlag, checkInstant, checkInteger, checkNumber, checkSex, refuse } from './validate';

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checked and normalized stored fields of a patient input. */
export function patientFields(input: PatientInput, nowMs: number): PatientFields {
  if (!isPlainObject(input)) refuse('invalid-input', 'patient', 'Patient details are missing.');
  const hospitalRaw = input.hospitalId ?? null;
  const hospitalId = hospitalRaw === null ? null : checkCleanText(hospitalRaw, 'Hospital ID', 64) || null;
  const displayCode = checkCleanText(input.displayCode, 'Display code', 64, { required: true });
  let birthDate: string | null = null;
  let birthYear: number | null = null;
  const thisYear = new Date(nowMs).getFullYear();
  if (input.birthYear !== null && input.birthYear !== undefined) birthYear = checkInteger(input.birthYear, 'Birth year', 1900, thisYear);
  if (input.birthDate !== null && input.birthDate !== undefined && input.birthDate !== '') {
    const parsed = checkInstant(input.birthDate, 'Birth date', 'date', nowMs);
    birthDate = parsed.day;
    const year = Number(parsed.day.slice(0, 4));
    if (year < 1900) refuse('out-of-range', 'Birth date', `Birth date ${parsed.day} is before 1900. Check the year.`);
    if (birthYear !== null && birthYear !== year) {
      refuse('inconsistent-birth', 'Birth year', `Birth year ${birthYear} does not match birth date ${parsed.day}. Correct one of them.`);
    }
    birthYear = year;
  }
  return {
    hospitalId, displayCode, birthYear, birthDate, sex: checkSex(input.sex),
    diagnosis: checkCleanText(input.diagnosis ?? '', 'Diagnosis', 500),
    painDurationMonths: input.painDurationMonths === null || input.painDurationMonths === undefined
      ? null : checkNumber(input.painDurationMonths, 'Pain duration', 0, 1200, 'months'),
    psychiatricHistory: checkFlag(input.psychiatricHistory, 'Psychiatric history'),
    abnormalMri: checkFlag(input.abnormalMri, 'Abnormal MRI'),
    notes: checkCleanText(input.notes ?? '', 'Notes', 20_000, { multiline: true }),
  };
}

/**
 * Refuses a hospital ID or display code another patient (live or deleted) holds. Values are stored
 * NFKC-normalized and the columns compare case-insensitively, so look-alikes collide here.
 */
export function checkUniquePatient(patients: PatientsRepo, fields: PatientFields, selfId: number | null): void {
  if (fields.hospitalId !== null) {
    const other = patients.findByHospitalId(fields.hospitalId);
    if (other && other.id !== selfId) {
      refuse('duplicate-hospital-id', 'Hospital ID',
        `Hospital ID ${fields.hospitalId} already belongs to another patient${other.deleted_at ? ' (deleted)' : ''}. Open that patient's chart instead, or check the ID.`,
        { otherPatientId: other.id });
    }
  }
  const other = patients.findByDisplayCode(fields.displayCode);
  if (other && other.id !== selfId) {
    refuse('duplicate-display-code', 'Display code',
      `Display code ${fields.displayCode} is already used by another patient${other.deleted_at ? ' (deleted)' : ''}. Choose a different code.`,
      { otherPatientId: other.id });
  }
}
