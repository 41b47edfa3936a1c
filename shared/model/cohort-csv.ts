/**
 * Reads a cohort CSV for the response model (`krp model --cohort FILE.csv`): a header with the
 * columns `id, z, nrs_pre, nrs_post` (any order, case-insensitive, extra columns ignored,
 * optional `settings_hash`), then one patient per line. For the seed-to-voxel metric the z is read
 * from the column `seed_to_voxel_z` instead (the app's export writes both), so one file can never
 * mix the two scales. Empty z or NRS cells mean "not
 * recorded" (the patient is excluded and counted); anything else that is not a valid value is
 * an error reported with its 1-based line number, and the caller fits nothing.
 */
import type { CalibrationCandidate } from './calibration-set';
import { DEFAULT_MODEL_METRIC, type ModelMetric } from './model-input';

export type CohortCsvError = { line: number; message: string };

export type CohortCsv = {
  candidates: CalibrationCandidate[];
  /** 1-based file line of each candidate. */
  lines: number[];
  /** Distinct non-empty settings_hash values, in order of first appearance ([] without the column). */
  settingsHashes: string[];
  hasSettingsColumn: boolean;
  errors: CohortCsvError[];
};

export const COHORT_CSV_COLUMNS = ['id', 'z', 'nrs_pre', 'nrs_post'] as const;
/** The column holding each metric's z. */
export const METRIC_Z_COLUMN: Record<ModelMetric, string> = { 'roi-to-roi': 'z', 'seed-to-voxel-mean': 'seed_to_voxel_z' };
const SETTINGS_COLUMN = 'settings_hash';
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Splits one CSV line into fields (RFC 4180 quoting: "a,b" and "" for a quote); null if a quote is unterminated. */
export function splitCsvLine(line: string): string[] | null {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  let wasQuoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"') {
        if (line[i + 1] === '"') { field += '"'; i++; } else quoted = false;
      } else field += ch;
    } else if (ch === '"' && field.trim() === '' && !wasQuoted) {
      quoted = true;
      wasQuoted = true;
      field = '';
    } else if (ch === ',') {
      fields.push(wasQuoted ? field : field.trim());
      field = '';
      wasQuoted = false;
    } else if (!wasQuoted || ch.trim() !== '') {
      field += ch;
    }
  }
  if (quoted) return null;
  fields.push(wasQuoted ? field : field.trim());
  return fields;
}

/** Parses the cohort CSV text; never throws for bad content (see `errors`). */
export function parseCohortCsv(text: string, options: { metric?: ModelMetric } = {}): CohortCsv {
  const zColumn = METRIC_Z_COLUMN[options.metric ?? DEFAULT_MODEL_METRIC];
  const required = COHORT_CSV_COLUMNS.map((c) => (c === 'z' ? zColumn : c));
  const result: CohortCsv = { candidates: [], lines: [], settingsHashes: [], hasSettingsColumn: false, errors: [] };
  const rawLines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  const headerIndex = rawLines.findIndex((l) => l.trim() !== '');
  if (headerIndex < 0) {
    result.errors.push({ line: 1, message: `the file is empty: expected a header line "${COHORT_CSV_COLUMNS.join(',')}" and one line per patient` });
    return result;
  }
  const header = splitCsvLine(rawLines[headerIndex]);
  const headerLine = headerIndex + 1;
  if (!header) {
    result.errors.push({ line: headerLine, message: 'the header has an unterminated quote' });
    return result;
  }
  const names = header.map((h) => h.toLowerCase());
  const column: Record<string, number> = {};
  names.forEach((name, i) => {
    if (name in column && required.concat(SETTINGS_COLUMN).includes(name)) {
      result.errors.push({ line: headerLine, message: `column "${name}" appears twice in the header` });
    }
    if (!(name in column)) column[name] = i;
  });
  const missing = required.filter((c) => !(c in column));
  if (missing.length > 0) {
    const why = zColumn === 'z' ? '' : ` (the seed-to-voxel metric reads its z from "${zColumn}", which the app's cohort export writes)`;
    result.errors.push({ line: headerLine, message: `the header lacks ${missing.map((m) => `"${m}"`).join(', ')}: expected the columns ${required.join(', ')}${why} (found ${header.map((h) => `"${h}"`).join(', ')})` });
  }
  if (result.errors.length > 0) return result;
  result.hasSettingsColumn = SETTINGS_COLUMN in column;

  const firstLineOfId = new Map<string, number>();
  for (let i = headerIndex + 1; i < rawLines.length; i++) {
    const lineNo = i + 1;
    if (rawLines[i].trim() === '') continue;
    const fields = splitCsvLine(rawLines[i]);
    if (!fields) { result.errors.push({ line: lineNo, message: 'unterminated quote (a quoted value must close on the same line)' }); continue; }
    if (fields.length !== header.length) {
      result.errors.push({ line: lineNo, message: `${fields.length} values but the header has ${header.length} columns` });
      continue;
    }
    const problems: string[] = [];
    const id = fields[column.id];
    if (id === '') problems.push('id is empty');
    else if (firstLineOfId.has(id)) problems.push(`id "${id}" already appears on line ${firstLineOfId.get(id)}: one line per patient`);
    const z = parseZ(fields[column[zColumn]], problems, zColumn);
    const nrsPre = parseNrs(fields[column.nrs_pre], 'nrs_pre', problems);
    const nrsPost = parseNrs(fields[column.nrs_post], 'nrs_post', problems);
    const settingsHash = result.hasSettingsColumn ? fields[column[SETTINGS_COLUMN]] : '';
    if (problems.length > 0) {
      result.errors.push({ line: lineNo, message: problems.join('; ') });
      continue;
    }
    firstLineOfId.set(id, lineNo);
    if (settingsHash !== '' && !result.settingsHashes.includes(settingsHash)) result.settingsHashes.push(settingsHash);
    result.candidates.push({ patientId: id, z, settingsHash: settingsHash === '' ? null : settingsHash, nrsPre, nrsPost });
    result.lines.push(lineNo);
  }
  return result;
}

function parseZ(text: string, problems: string[], name: string): number | null {
  if (text === '') return null;
  const value = Number(text);
  if (!DECIMAL.test(text) || !Number.isFinite(value)) {
    problems.push(`${name} is "${text}": expected a decimal number such as -0.12 (the Fisher z of the analysis)`);
    return null;
  }
  return value;
}

function parseNrs(text: string, name: string, problems: string[]): number | null {
  if (text === '') return null;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value > 10) {
    problems.push(`${name} is "${text}": NRS is a whole number from 0 to 10`);
    return null;
  }
  return value;
}
