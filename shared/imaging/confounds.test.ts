import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isKrpError } from '../errors';
import { get } from './matrix';
import { parseConfounds } from './confounds';

const dataDir = fileURLToPath(new URL('../../../shared/data/confounds/', import.meta.url));
const realFile = (name: string) => (existsSync(dataDir + name) ? readFileSync(dataDir + name, 'utf8') : null);

function throwsCode(fn: () => unknown, code: string, ...inMessage: string[]) {
  assert.throws(fn, (e: unknown) => {
    assert.ok(isKrpError(e), `not a KrpError: ${String(e)}`);
    assert.equal(e.code, code);
    for (const s of inMessage) assert.ok(e.message.includes(s), `message "${e.message}" lacks "${s}"`);
    return true;
  });
}

test('SPM rp text: 6 whitespace-separated numbers a line, scientific notation', () => {
  const p = parseConfounds('  1.0e-01  0 -2 0.001 0 0\n0.2 0.1 -2.5 0.002 -1e-3 0\n\n', '/x/rp_bold.txt');
  assert.equal(p.format, 'spm-rp');
  assert.equal(p.rows, 2);
  assert.deepEqual(Array.from(p.motion!.data), [0.1, 0, -2, 0.001, 0, 0, 0.2, 0.1, -2.5, 0.002, -0.001, 0]);
  assert.equal(p.acompcor, null);
  assert.deepEqual(p.outlierScans, []);
});

test('FSL .par: rotations first, reordered to translations then rotations', () => {
  const p = parseConfounds('0.01 0.02 0.03 1 2 3\r\n', 'prefiltered_func_data_mcf.par');
  assert.equal(p.format, 'fsl-par');
  assert.deepEqual(Array.from(p.motion!.data), [1, 2, 3, 0.01, 0.02, 0.03]);
});

test('bad realignment files: line and column named', () => {
  throwsCode(() => parseConfounds('', 'rp_a.txt'), 'confounds.empty', 'rp_a.txt');
  throwsCode(() => parseConfounds(' \n\n', 'rp_a.txt'), 'confounds.empty');
  throwsCode(() => parseConfounds('0 0 0 0 0 0\n0 0 0 0 0\n', 'rp_a.txt'), 'confounds.column-count', 'Line 2', '5 values');
  throwsCode(() => parseConfounds('0 0 0 0 0 0\n0 0 abc 0 0 0\n', 'rp_a.txt'), 'confounds.not-numeric', 'Line 2', 'column 3', '"abc"');
  throwsCode(() => parseConfounds('0 0 0 0 0 0\n\n0 0 0 0 0 0\n', 'rp_a.txt'), 'confounds.blank-line', 'Line 2');
  throwsCode(() => parseConfounds('hello world\n', 'notes.txt'), 'confounds.unknown-format', 'notes.txt');
});

const TSV = [
  'global_signal\ttrans_x\ttrans_y\ttrans_z\trot_x\trot_y\trot_z\ttrans_x_derivative1\ta_comp_cor_10\ta_comp_cor_00\ta_comp_cor_01\tmotion_outlier00\tnon_steady_state_outlier00',
  '100\t0.1\t0.2\t0.3\t0.01\t0.02\t0.03\tn/a\t9\t1\t2\t0\t1',
  '101\t0.2\t0.2\t0.3\t0.01\t0.02\t0.03\t0.1\t9\t3\t4\t1\t0',
  '102\t0.3\t0.2\t0.3\t0.01\t0.02\t0.03\t0.1\t9\t5\t6\t0\t0',
].join('\n');

test('fMRIPrep TSV by hand: motion order, n/a in unused columns, aCompCor sorted by number, one-hot outliers', () => {
  const p = parseConfounds(TSV, 'sub-01_task-rest_desc-confounds_timeseries.tsv', { acompcorComponents: 2, fmriprep: { sidecar: null, version: '20.1.0' } });
  assert.equal(p.format, 'fmriprep-tsv');
  assert.equal(p.rows, 3);
  assert.deepEqual(Array.from(p.motion!.data.subarray(0, 6)), [0.1, 0.2, 0.3, 0.01, 0.02, 0.03]);
  assert.equal(get(p.motion!, 2, 0), 0.3);
  assert.deepEqual(p.acompcor!.names, ['a_comp_cor_00', 'a_comp_cor_01']);
  assert.deepEqual(Array.from(p.acompcor!.matrix.data), [1, 2, 3, 4, 5, 6]);
  assert.deepEqual(p.outlierScans, [0, 1]);
  assert.deepEqual(p.columnsUsed, ['trans_x', 'trans_y', 'trans_z', 'rot_x', 'rot_y', 'rot_z', 'a_comp_cor_00', 'a_comp_cor_01', 'motion_outlier00', 'non_steady_state_outlier00']);
  // Default: up to 5 components → all three present, in numeric order.
  assert.deepEqual(parseConfounds(TSV, 'c.tsv', { fmriprep: { sidecar: null, version: '20.1.0' } }).acompcor!.names, ['a_comp_cor_00', 'a_comp_cor_01', 'a_comp_cor_10']);
  // Without sidecar or version the set is not guessed (fmriprep-acompcor.ts).
  assert.equal(parseConfounds(TSV, 'c.tsv').acompcor, null);
});

test('fMRIPrep < 1.2 legacy motion names X, Y, Z, RotX, RotY, RotZ', () => {
  const p = parseConfounds('X\tY\tZ\tRotX\tRotY\tRotZ\taCompCor00\n1\t2\t3\t4\t5\t6\t7\n', 'old_confounds.tsv', { fmriprep: { sidecar: null, version: '1.1.8' } });
  assert.deepEqual(Array.from(p.motion!.data), [1, 2, 3, 4, 5, 6]);
  assert.deepEqual(p.acompcor!.names, ['aCompCor00']);
});

test('bad fMRIPrep tables: line and column named', () => {
  const lines = TSV.split('\n');
  throwsCode(() => parseConfounds(lines[0] + '\n', 'c.tsv'), 'confounds.empty');
  throwsCode(() => parseConfounds([lines[0], lines[1], lines[2].replace('\t9\t', '\t')].join('\n'), 'c.tsv'), 'confounds.column-count', 'Line 3', '12 tab-separated cells', '13 columns');
  throwsCode(() => parseConfounds([lines[0], lines[1].replace('0.2\t0.3', 'x\t0.3')].join('\n'), 'c.tsv'), 'confounds.not-numeric', 'Line 2', 'column trans_y', '"x"');
  throwsCode(() => parseConfounds([lines[0], lines[1].replace('\t0.1\t', '\tn/a\t')].join('\n'), 'c.tsv'), 'confounds.missing-value', 'Line 2', 'trans_x');
  throwsCode(() => parseConfounds('global_signal\tcsf\n1\t2\n', 'c.tsv'), 'confounds.missing-motion', 'no motion columns');
  throwsCode(() => parseConfounds('trans_x\ttrans_y\trot_x\n1\t2\t3\n', 'c.tsv'), 'confounds.missing-motion', 'trans_z, rot_y, rot_z');
  throwsCode(() => parseConfounds('trans_x\ttrans_y\ttrans_z\trot_x\trot_y\trot_z\tmotion_outlier00\n0\t0\t0\t0\t0\t0\t2\n', 'c.tsv'), 'confounds.bad-outlier-value', 'motion_outlier00');
  throwsCode(() => parseConfounds('trans_x\ttrans_x\n1\t2\n', 'c.tsv'), 'confounds.duplicate-column', 'trans_x');
});

test('real fMRIPrep ≥ 21 table (nilearn test data)', (t) => {
  const text = realFile('nilearn_fmriprep-v21_desc-confounds_timeseries.tsv');
  if (text === null) { t.skip('../shared/data/confounds absent'); return; }
  const p = parseConfounds(text, 'nilearn_fmriprep-v21_desc-confounds_timeseries.tsv');
  assert.equal(p.rows, 30);
  // First data row: trans_x 6.79825e-06, rot_x −0.00100801 (read from the file with awk).
  assert.equal(get(p.motion!, 0, 0), 6.79825e-06);
  // ≥ 21 names its masks: w_comp_cor_00–03 (WM) and c_comp_cor_00–02 (CSF) are in the header.
  assert.deepEqual(p.acompcor!.names, ['w_comp_cor_00', 'w_comp_cor_01', 'w_comp_cor_02', 'w_comp_cor_03', 'c_comp_cor_00', 'c_comp_cor_01', 'c_comp_cor_02']);
  // motion_outlier00–15 mark scans 1–4, 7, 10–17, 24–26; non_steady_state_outlier00–02 mark 0–2.
  assert.deepEqual(p.outlierScans, [0, 1, 2, 3, 4, 7, 10, 11, 12, 13, 14, 15, 16, 17, 24, 25, 26]);
  assert.ok(p.columnsUsed.includes('non_steady_state_outlier02'));
  for (const v of p.motion!.data) assert.ok(Number.isFinite(v));
});

test('real fMRIPrep 1.x table: trans_x… names, 126 aCompCor columns of which the first 5 (combined mask, version 1.5) are used', (t) => {
  const text = realFile('nilearn_fmriprep-v1x_desc-confounds_regressors.tsv');
  if (text === null) { t.skip('../shared/data/confounds absent'); return; }
  const p = parseConfounds(text, 'nilearn_fmriprep-v1x_desc-confounds_regressors.tsv', { fmriprep: { sidecar: null, version: '1.5.0' } });
  assert.equal(p.rows, 30);
  assert.equal(p.motion!.cols, 6);
  assert.deepEqual(p.acompcor!.names, ['a_comp_cor_00', 'a_comp_cor_01', 'a_comp_cor_02', 'a_comp_cor_03', 'a_comp_cor_04']);
  assert.deepEqual(p.outlierScans, [0]); // non_steady_state_outlier00 marks the first scan
});

test('real SPM rp file and the Haxby motion estimates (6 columns)', (t) => {
  const rp = realFile('nilearn_spm_rp_confounds.txt');
  const haxby = realFile('haxby2001_sub001_run001_bold_moest.txt');
  if (rp === null || haxby === null) { t.skip('../shared/data/confounds absent'); return; }
  const p = parseConfounds(rp, 'nilearn_spm_rp_confounds.txt');
  assert.equal(p.format, 'spm-rp');
  assert.equal(p.rows, 20);
  assert.deepEqual(Array.from(p.motion!.data.subarray(6, 12)), [8.3399495e-03, 4.5724100e-02, 8.9636794e-02, -5.9161869e-04, -5.2376386e-04, 6.0683764e-05]);
  const h = parseConfounds(haxby, 'haxby2001_sub001_run001_bold_moest.txt');
  assert.equal(h.rows, 121);
  assert.equal(get(h.motion!, 0, 3), 0.110484);
});
