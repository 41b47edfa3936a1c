/**
 * English strings of correct entry, corrections with a reason and identifiers (issue 10), spread
 * into catalog-en.ts; catalog-ja-record.ts has the same keys.
 */
export const enRecord = {
  'input.err.control-character': 'Contains a control character ({codePoint}). Remove it and type the value again.',
  'input.err.line-break': 'Contains a line break ({codePoint}); this field is a single line.',
  'input.err.bidi-control': 'Contains a text-direction control character ({codePoint}) that can make the value look different from what is stored. Remove it.',
  'input.err.invisible-character': 'Contains an invisible character ({codePoint}) that makes look-alike values differ. Remove it and type the value again.',
  'input.err.lone-surrogate': 'Contains a broken character ({codePoint}). Type the value again.',

  'correct.reason': 'Reason for the correction',
  'correct.reasonHint': 'Required. Kept with the old value, your name and the time.',
  'correct.err.reasonRequired': 'Enter why the value is corrected (e.g. "weight mistyped: 72 not 27").',
  'correct.err.reasonTooLong': 'The reason is at most 500 characters.',
  'correct.editPatient': 'Correct details',
  'correct.patientTitle': 'Correct patient details',
  'correct.save': 'Save correction',
  'correct.noChange': 'Nothing was changed. Change a value or cancel.',
  'correct.editInfusion': 'Correct',
  'correct.infusionTitle': 'Correct infusion',
  'correct.delete': 'Remove…',
  'correct.deleteTitle': 'Remove {what} entered by mistake',
  'correct.deleteHint': 'It is hidden from the chart and lists but kept, with the reason, in the audit trail.',
  'correct.deleteConfirm': 'Remove',
  'correct.mark': 'corrected',
  'correct.markTitle': 'Corrected: {history}',
  'correct.history': 'Corrections',
  'correct.historyEntry': '{at} · {who} · {fields}: {reason}',
  'correct.what.patient': 'this patient',
  'correct.what.infusion': 'this infusion',
  'correct.what.assessment': 'these scores',
  'correct.removed': 'Removed: {reason}',

  'assess.hintKeys': 'Type each score; the cursor moves on, also when the digit equals the value already there. NRS 10: type 1 then 0 (for 1, type 1 and go on). Backspace clears; paste a whole row of digits to fill item after item.',

  'infusion.warnDose': 'The dose {dose} mg/kg differs from the protocol (0.3 mg/kg). Check it; it can still be saved.',
  'infusion.totalInvalid': 'Enter a valid weight and dose to see the total.',

  'patient.err.diagnosis': 'Diagnosis is at most 500 characters.',
  'patient.err.notes': 'Notes are at most 5000 characters.',
  'audit.change': 'Change',
  'audit.reason': 'Reason: {reason}',
  'audit.correctionsOnly': 'Corrections and removals only',
  'report.pseudonymised': 'Pseudonymised',
  'report.pseudonymisedNote': 'No name, hospital ID, display code, exact dates or clinician. The clinic can still link it back through its record, so it is pseudonymised, not anonymised.',
  'report.scanLineDeid': 'Scan = day 0 (dates are shown as days from the scan)',
  'report.dayFromScan': 'Day {days} from the scan',
  'report.generatedDeid': '{app} {version}',

  'error.record.control-character': '{field}: contains a control character ({codePoint}). Remove it.',
  'error.record.line-break': '{field}: contains a line break ({codePoint}); it is a single line.',
  'error.record.bidi-control': '{field}: contains a text-direction control character ({codePoint}). Remove it.',
  'error.record.invisible-character': '{field}: contains an invisible character ({codePoint}). Remove it.',
  'error.record.lone-surrogate': '{field}: contains a broken character ({codePoint}). Type it again.',
  'error.record.missing-field': '{field} is required.',
} as const;
