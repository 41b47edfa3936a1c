/**
 * English strings of issue 14's screens a physician signs off (compact chart header, report
 * header/signature/footer/legends, cohort patient table, list sort direction, institution name),
 * spread into catalog-en.ts; catalog-ja-polish.ts has the same keys.
 */
export const enPolish = {
  'common.listSeparator': ', ',
  'chart.ageParen': ' ({age})',
  'elig.count': '{status}: {count}',
  'elig.counts': '({counts})',

  'hads.itemAnxiety': 'A',
  'hads.itemDepression': 'D',

  'list.direction': 'Order',
  'direction.asc': 'Ascending (smallest first)',
  'direction.desc': 'Descending (largest first)',

  'settings.institution': 'Institution name (report header)',
  'settings.institutionHint': 'Kept in the record (it travels with backups) and printed at the top of every report. Administrators change it.',
  'settings.institutionSave': 'Save name',
  'settings.institutionSaved': 'Institution name saved.',
  'settings.institutionTooLong': 'The institution name is at most 120 characters.',
  'settings.institutionControl': 'The institution name contains a control or invisible character. Type it again.',

  'report.institutionMissing': 'Institution name not set (Settings)',
  'report.provisionalLabel': ' ({label})',
  'report.hadsBands': 'HADS bands (each subscale 0–21): normal 0–7 · borderline 8–10 · abnormal 11–21',
  'report.pcsNote': 'PCS total 0–52; 30 or more is clinically relevant.',
  'report.nrsNote': 'NRS 0 = no pain, 10 = worst pain imaginable. Responder: reduction of 50% or more 60 min after the infusion start.',
  'report.pcsHigh': 'high',
  'report.rParen': '(r = {r})',
  'report.legend': 'Colour key',
  'report.legendZ': 'Seed map: Fisher z from the mPFC',
  'report.legendRois': 'ROI outlines',
  'report.scatter': 'Site calibration patients and this patient',
  'report.scatterNone': 'No site calibration patients yet.',
  'report.signature': 'Reviewed by (physician, signature)',
  'report.signatureDate': 'Date',
  'report.page': 'Page {page} of {pages}',
  'report.auditHead': 'Record audit head {head}',
  'report.footerNotice': 'Research use only; not a medical device.',

  'cohort.patients': 'Patients with an analysis',
  'cohort.patientsIntro': 'Click a row, or a point in the scatter, to open that patient’s chart.',
  'cohort.sortBy': 'Sort by {column}',
  'cohort.pointLabel': '{code}: z = {z}, reduction {pct}',
  'cohort.pointPatient': 'patient {id}',
} as const;
