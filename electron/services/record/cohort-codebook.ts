/**
 * The codebook of the cohort export (cohort-csv.ts; both tables have the same columns): one line
 * per column with its meaning, unit or coding, as a CSV (UTF-8 with BOM) written beside the
 * export (`<name>.codebook.csv`).
 */
import { cohortColumns, csvCell, CSV_BOM, HADS_ITEMS, PCS_ITEMS } from './cohort-csv';

const FIXED: Record<string, string> = {
  id: 'Identified: the display code. Pseudonymized: a code drawn at random for this export only (P-0001…); it links to nothing outside the file',
  hospital_id: 'Hospital patient ID (identified export only)',
  birth_year: 'Year of birth (identified export only)',
  age_at_infusion: 'Age in whole years on the infusion day; pseudonymized: 90 means 90 or older',
  sex: 'female | male | other | unknown',
  diagnosis: 'Pain diagnosis, free text (identified export only)',
  pain_duration_months: 'Pain duration in months',
  psychiatric_history: 'Psychiatric history: true | false | empty (not recorded)',
  abnormal_mri: 'Abnormal structural MRI: true | false | empty (not recorded)',
  scan_date: 'Acquisition date(-time) of the scan of the latest analysis (identified export only)',
  z: 'ROI-to-ROI Fisher z of the mPFC–precuneus correlation (sphere-mean signals) of the patient\'s latest analysis',
  seed_to_voxel_z: 'Seed-to-voxel mean z of the latest analysis: mean over precuneus voxels of the voxel-wise Fisher z with the mPFC seed, voxels smoothed 8 mm FWHM (the study\'s metric); empty for analyses made before the app computed it',
  r: 'Pearson r of the same analysis',
  settings_hash: 'SHA-256 of the analysis settings (the model uses only patients analysed with the same settings)',
  analysis_id: 'Record id of the analysis (identified export only)',
  infusion_number: '1 = the patient\'s first recorded infusion, 2 = the second, …; empty when the patient has none',
  infusions_total: 'Number of live infusions of the patient',
  infusion_id: 'Record id of the infusion (identified export only)',
  infusion_start: 'Infusion start, local date-time as entered (identified export only)',
  infusion_day_from_scan: 'Days from the scan day to the infusion day (pseudonymized export only; replaces all dates)',
  weight_kg: 'Body weight, kg',
  dose_mg_per_kg: 'Ketamine dose, mg/kg',
  total_mg: 'Total dose, mg (weight × dose, rounded to 0.01 mg)',
  duration_min: 'Infusion duration, minutes',
  minutes_from_scan: 'Minutes from the linked scan to the infusion start (empty when no scan is linked)',
  nrs_pre: 'Pain NRS 0–10 before the infusion',
  nrs_post: 'Pain NRS 0–10 60 minutes after the infusion',
  nrs_reduction_pct: 'Reduction (pre − post) / pre × 100; empty when pre is 0 or a value is missing',
  outcome_status: 'complete | missing-pre | missing-post | missing-both | zero-baseline',
  responder: 'true when the reduction is at least 50 %',
  hads_anxiety_pre: 'HADS anxiety subscale 0–21 before the infusion (odd items 1, 3, …, 13)',
  hads_depression_pre: 'HADS depression subscale 0–21 before the infusion (even items 2, 4, …, 14)',
  pcs_total_pre: 'PCS total 0–52 before the infusion',
  hads_anxiety_post60: 'HADS anxiety subscale 0–21 at 60 minutes',
  hads_depression_post60: 'HADS depression subscale 0–21 at 60 minutes',
  pcs_total_post60: 'PCS total 0–52 at 60 minutes',
  eligibility: 'Eligibility of the patient\'s latest infusion: eligible | ineligible | incomplete',
};

function describe(column: string): string {
  if (FIXED[column]) return FIXED[column];
  const m = /^(hads|pcs)(\d+)_(pre|post60)$/.exec(column);
  if (!m) return '';
  const when = m[3] === 'pre' ? 'before the infusion' : 'at 60 minutes';
  return m[1] === 'hads'
    ? `HADS item ${m[2]} of ${HADS_ITEMS} ${when}, as scored on the form 0–3 (item ${m[2]} belongs to the ${Number(m[2]) % 2 ? 'anxiety' : 'depression'} subscale); empty = not answered`
    : `PCS item ${m[2]} of ${PCS_ITEMS} ${when}, 0 (not at all) – 4 (all the time); empty = not answered`;
}

/** The codebook CSV for the identified or pseudonymized export. */
export function cohortCodebook(pseudonymized: boolean): string {
  const lines = ['column,meaning', ...cohortColumns(pseudonymized).map((c) => `${c},${csvCell(describe(c))}`)];
  return `${CSV_BOM}${lines.join('\r\n')}\r\n`;
}
