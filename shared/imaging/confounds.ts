/**
 * Parsers for confound files the user may give with a BOLD image (text in, data out):
 *  - SPM realignment parameters `rp_*.txt`: whitespace-separated, 6 numbers a line
 *    (x, y, z translations in mm, then rotations about x, y, z in radians);
 *  - FSL MCFLIRT `*.par`: 6 numbers a line, rotations (rad) first, then translations (mm);
 *    reordered here to the SPM order;
 *  - fMRIPrep `*_desc-confounds_timeseries.tsv` (≥ 1.2 and ≥ 21 layouts) and the older
 *    `*_desc-confounds_regressors.tsv`: a header row, tab-separated, `n/a` for missing cells.
 * The aCompCor choice for fMRIPrep tables without their JSON sidecar is explained in
 * docs/denoising.md ("Confound files").
 */
import { KrpError } from '../errors';
import { zeros, type Matrix } from './matrix';
import { chooseFmriprepAcompcor, type FmriprepAcompcorChoice, type FmriprepAcompcorSkip, type FmriprepContext } from './fmriprep-acompcor';

export type ConfoundsFormat = 'spm-rp' | 'fsl-par' | 'fmriprep-tsv';

export interface ParsedConfounds {
  format: ConfoundsFormat;
  /** Number of scans (data rows). */
  rows: number;
  /** rows × 6: trans x, y, z (mm), rot x, y, z (rad); null when the file has none. */
  motion: Matrix | null;
  /** fMRIPrep aCompCor components chosen (fmriprep-acompcor.ts, docs/denoising.md), or null. */
  acompcor: ({ matrix: Matrix } & FmriprepAcompcorChoice) | null;
  /** Why the table's aCompCor columns were not used although it has some (null otherwise). */
  acompcorSkipped?: FmriprepAcompcorSkip | null;
  /** Sorted unique 0-based scans marked in fMRIPrep's one-hot outlier columns. */
  outlierScans: number[];
  /** The file's columns that were read, in the order used. */
  columnsUsed: string[];
}

export interface ParseConfoundsOptions {
  /** How many fMRIPrep aCompCor columns to use per mask (default 5, CONN's count per tissue). */
  acompcorComponents?: number;
  /** The table's JSON sidecar and the fMRIPrep version, read beside it (fmriprep-acompcor.ts). */
  fmriprep?: FmriprepContext;
}

/** Motion column names in the output order, as fMRIPrep ≥ 1.2 writes them. */
export const MOTION_COLUMNS = ['trans_x', 'trans_y', 'trans_z', 'rot_x', 'rot_y', 'rot_z'] as const;
/** The same six columns as fMRIPrep < 1.2 named them. */
export const LEGACY_MOTION_COLUMNS = ['X', 'Y', 'Z', 'RotX', 'RotY', 'RotZ'] as const;

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const MISSING = new Set(['n/a', 'N/A', 'NaN', 'nan', '']);

function baseName(fileName: string): string {
  const parts = fileName.split(/[\\/]/);
  return parts[parts.length - 1];
}

function parseNumber(cell: string, where: () => { line: number; column: string }, file: string): number {
  if (NUMBER.test(cell)) return Number(cell);
  const { line, column } = where();
  throw new KrpError('confounds.not-numeric',
    `Line ${line}, column ${column} of ${file} is "${cell.length > 20 ? `${cell.slice(0, 20)}…` : cell}", not a number. Check that this is an unedited confounds file.`,
    { file, line, column });
}

/** Lines without the trailing empty ones; rejects an empty file and blank lines in the middle. */
function contentLines(text: string, file: string): string[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1].trim() === '') lines.pop();
  if (lines.length === 0) {
    throw new KrpError('confounds.empty', `${file} is empty. Choose the motion/confounds file that belongs to this scan.`, { file });
  }
  const blank = lines.findIndex((l) => l.trim() === '');
  if (blank >= 0) {
    throw new KrpError('confounds.blank-line', `Line ${blank + 1} of ${file} is blank; a confounds file has one line per scan. Remove the blank line or use the original file.`, { file, line: blank + 1 });
  }
  return lines;
}

function parseSixColumnText(lines: string[], file: string, format: 'spm-rp' | 'fsl-par'): ParsedConfounds {
  const motion = zeros(lines.length, 6);
  const labels = format === 'spm-rp'
    ? ['1 (x, mm)', '2 (y, mm)', '3 (z, mm)', '4 (pitch, rad)', '5 (roll, rad)', '6 (yaw, rad)']
    : ['1 (rot x, rad)', '2 (rot y, rad)', '3 (rot z, rad)', '4 (x, mm)', '5 (y, mm)', '6 (z, mm)'];
  const describe = format === 'spm-rp'
    ? 'an SPM realignment file (rp_*.txt) has 6 per line: 3 translations in mm, then 3 rotations in radians'
    : 'an FSL MCFLIRT .par file has 6 per line: 3 rotations in radians, then 3 translations in mm';
  lines.forEach((line, i) => {
    const cells = line.trim().split(/\s+/);
    if (cells.length !== 6) {
      throw new KrpError('confounds.column-count', `Line ${i + 1} of ${file} has ${cells.length} values; ${describe}.`, { file, line: i + 1, values: cells.length });
    }
    const values = cells.map((c, j) => parseNumber(c, () => ({ line: i + 1, column: labels[j] }), file));
    // .par: rotations first → reorder to translations, rotations.
    const ordered = format === 'spm-rp' ? values : [values[3], values[4], values[5], values[0], values[1], values[2]];
    motion.data.set(ordered, i * 6);
  });
  return { format, rows: lines.length, motion, acompcor: null, outlierScans: [], columnsUsed: [...MOTION_COLUMNS] };
}

const OUTLIER = /^(?:motion_outlier|non_steady_state_outlier|NonSteadyStateOutlier)_?\d+$/;

function parseFmriprep(lines: string[], file: string, options: ParseConfoundsOptions): ParsedConfounds {
  const header = lines[0].split('\t').map((h) => h.trim());
  const seen = new Set<string>();
  for (const h of header) {
    if (seen.has(h)) throw new KrpError('confounds.duplicate-column', `${file} has the column "${h}" twice in its header. Use the original fMRIPrep file.`, { file, column: h });
    seen.add(h);
  }
  const rows = lines.length - 1;
  if (rows === 0) throw new KrpError('confounds.empty', `${file} has a header but no data rows. Choose the confounds file that belongs to this scan.`, { file });
  const cells = lines.slice(1).map((line, i) => {
    const c = line.split('\t');
    if (c.length !== header.length) {
      throw new KrpError('confounds.column-count', `Line ${i + 2} of ${file} has ${c.length} tab-separated cells but the header has ${header.length} columns. The file may be truncated or edited; use the original fMRIPrep file.`, { file, line: i + 2, cells: c.length, columns: header.length });
    }
    return c;
  });
  const index = new Map(header.map((h, j) => [h, j]));
  /** A numeric column; `allowMissing` turns n/a into NaN, otherwise n/a is an error. */
  const readColumn = (name: string, allowMissing: boolean): Float64Array => {
    const j = index.get(name)!;
    const out = new Float64Array(rows);
    for (let i = 0; i < rows; i++) {
      const cell = cells[i][j].trim();
      if (MISSING.has(cell)) {
        if (allowMissing) { out[i] = NaN; continue; }
        throw new KrpError('confounds.missing-value', `Line ${i + 2}, column ${name} of ${file} is "${cell || '(empty)'}"; this column must have a value for every scan. Use the original fMRIPrep file.`, { file, line: i + 2, column: name });
      }
      out[i] = parseNumber(cell, () => ({ line: i + 2, column: name }), file);
    }
    return out;
  };

  // Motion: the six current names, else the six legacy names.
  let motionNames: readonly string[] | null = null;
  for (const set of [MOTION_COLUMNS, LEGACY_MOTION_COLUMNS]) {
    const present = set.filter((n) => index.has(n));
    if (present.length === 6) { motionNames = set; break; }
    if (present.length > 0) {
      const missing = set.filter((n) => !index.has(n));
      throw new KrpError('confounds.missing-motion', `${file} has only some motion columns: ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing. Use the original fMRIPrep file.`, { file, missing: missing.join(',') });
    }
  }
  if (!motionNames) {
    throw new KrpError('confounds.missing-motion', `${file} has no motion columns (expected ${MOTION_COLUMNS.join(', ')}). Choose fMRIPrep's desc-confounds_timeseries.tsv or the SPM rp_*.txt file for this scan.`, { file });
  }
  const motion = zeros(rows, 6);
  motionNames.forEach((name, k) => {
    const col = readColumn(name, false);
    for (let i = 0; i < rows; i++) motion.data[i * 6 + k] = col[i];
  });

  // aCompCor: by the sidecar's masks, else the version (fmriprep-acompcor.ts).
  const decision = chooseFmriprepAcompcor(header, options.acompcorComponents ?? 5, options.fmriprep ?? { sidecar: null, version: null });
  const acompcorNames = decision.choice?.names ?? [];
  let acompcor: ParsedConfounds['acompcor'] = null;
  if (decision.choice !== null && acompcorNames.length > 0) {
    const matrix = zeros(rows, acompcorNames.length);
    acompcorNames.forEach((name, k) => {
      const col = readColumn(name, false);
      for (let i = 0; i < rows; i++) matrix.data[i * acompcorNames.length + k] = col[i];
    });
    acompcor = { matrix, ...decision.choice };
  }

  // One-hot outlier columns → their scans.
  const outlierNames = header.filter((h) => OUTLIER.test(h));
  const scans = new Set<number>();
  for (const name of outlierNames) {
    const col = readColumn(name, false);
    col.forEach((v, i) => {
      if (v !== 0 && v !== 1) {
        throw new KrpError('confounds.bad-outlier-value', `Line ${i + 2}, column ${name} of ${file} is ${v}; outlier columns hold 0 or 1. Use the original fMRIPrep file.`, { file, line: i + 2, column: name });
      }
      if (v === 1) scans.add(i);
    });
  }

  return {
    format: 'fmriprep-tsv',
    rows,
    motion,
    acompcor,
    acompcorSkipped: decision.skipped,
    outlierScans: [...scans].sort((a, b) => a - b),
    columnsUsed: [...motionNames, ...acompcorNames, ...outlierNames],
  };
}

/**
 * Parses a confounds file's text. The format is recognised from the content (a first line of
 * numbers: realignment parameters; a tab-separated header: fMRIPrep) and the name (`.par`: FSL
 * order). Throws KrpError naming the file, line and column for anything malformed.
 */
export function parseConfounds(text: string, fileName: string, options: ParseConfoundsOptions = {}): ParsedConfounds {
  const file = baseName(fileName);
  const lines = contentLines(text, file);
  const first = lines[0].trim().split(/\s+/);
  if (first.every((c) => NUMBER.test(c))) {
    return parseSixColumnText(lines, file, /\.par$/i.test(file) ? 'fsl-par' : 'spm-rp');
  }
  if (lines[0].includes('\t')) return parseFmriprep(lines, file, options);
  throw new KrpError('confounds.unknown-format',
    `${file} is neither realignment parameters (6 numbers a line, as SPM's rp_*.txt) nor an fMRIPrep confounds table (tab-separated with a header row). Choose one of those files.`,
    { file });
}
