/**
 * The aCompCor and motion-unit QC facts reach the Japanese UI in Japanese (no English words outside
 * the allowed names) and the English UI in English, for every code, with their values filled in.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AcompcorQc, AnalysisQc } from '../../shared/imaging/analysis-types';
import { decideRotationUnits } from '../../shared/imaging/motion-units';
import { makeI18n } from '../i18n/i18n';
import { acompcorText, motionUnitsText } from './qc-text';

/** Latin-script tokens allowed in Japanese QC text (the allowed list of catalog-language.test.ts, as far as used here). */
const ALLOWED = new Set(['aCompCor', 'MNI', 'fMRIPrep', 'SPM', 'FSL', 'mm', 'QC']);
function englishIn(text: string): string[] {
  return (text.replace(/\{\w+\}/g, ' ').match(/[A-Za-z][A-Za-z0-9_-]*/g) ?? []).filter((w) => !ALLOWED.has(w));
}

const ja = makeI18n('ja');
const en = makeI18n('en');
const base = { message: 'English engine sentence.', wmVoxels: null, csfVoxels: null, columns: [] };
const acompcorCases: AcompcorQc[] = [
  { ...base, source: 'mni-tissue-maps', code: 'mni-tissue-maps', params: { wm: 5123, csf: 211, components: 5, notEroded: '', skipped: '' } },
  { ...base, source: 'mni-tissue-maps', code: 'mni-tissue-maps', params: { wm: 40, csf: 7, components: 5, notEroded: 'CSF', skipped: 'version-20.2-no-sidecar' } },
  { ...base, source: 'mni-tissue-maps', code: 'mni-tissue-maps', params: { wm: 40, csf: -1, components: 5, notEroded: '', skipped: 'version-unknown' } },
  { ...base, source: 'user-masks', code: 'user-masks', params: { wm: 800, csf: -1, components: 5 } },
  { ...base, source: 'confounds-file', code: 'confounds-file', params: { set: 'wm-csf', basis: 'sidecar', version: '', columns: 10 } },
  { ...base, source: 'confounds-file', code: 'confounds-file', params: { set: 'wm-csf', basis: 'column-names', version: '', columns: 8 } },
  { ...base, source: 'confounds-file', code: 'confounds-file', params: { set: 'combined', basis: 'version', version: '20.1.1', columns: 5 } },
  { ...base, source: 'off', code: 'off-zero-components', params: {} },
  { ...base, source: 'off', code: 'off-disabled', params: { skipped: '' } },
  { ...base, source: 'off', code: 'off-masks-too-small', params: { wm: -1, csf: -1, components: 5, notEroded: '', skipped: '' } },
  { ...base, source: 'user-masks' }, // stored before the codes existed
];

test('aCompCor QC: Japanese without English words, English in English, values filled in', () => {
  for (const qc of acompcorCases) {
    const j = acompcorText(qc, ja.t, 'ja');
    const e = acompcorText(qc, en.t, 'en');
    assert.deepEqual(englishIn(j), [], `ja for ${qc.code ?? qc.source}: ${j}`);
    assert.ok(!j.includes('{') && !e.includes('{'), `placeholders filled: ${j} / ${e}`);
    assert.ok(!/[\u3040-\u30ff\u4e00-\u9fff]/.test(e), `en has no Japanese: ${e}`);
  }
  assert.equal(acompcorText(acompcorCases[0], ja.t, 'ja'), '同梱の MNI 組織確率マップから（確率 0.5 超、1 ボクセル収縮）：白質 5123 ボクセル、脳脊髄液 211 ボクセル。各 5 成分。');
  assert.match(acompcorText(acompcorCases[1], en.t, 'en'), /^The confounds table’s aCompCor columns were not used: fMRIPrep 20\.2 .* CSF 7 voxels\(not eroded/);
  assert.match(acompcorText(acompcorCases[6], en.t, 'en'), /combined white-matter \+ CSF mask, column order of fMRIPrep 20\.1\.1; 5 columns/);
  assert.equal(acompcorText(acompcorCases[10], en.t, 'en'), 'English engine sentence.', 'old analyses keep their sentence in English');
  assert.equal(acompcorText(acompcorCases[10], ja.t, 'ja'), '指定されたマスクから。');
});

test('motion units QC: every code in both languages, from the engine\'s real decisions', () => {
  const matrix = (rot: number, trans: number) => ({ rows: 3, cols: 6, data: Float64Array.from([0, 0, 0, 0, 0, 0, trans, 0, 0, rot, 0, 0, 0, 0, 0, 0, 0, 0]) });
  const decisions = [
    decideRotationUnits(matrix(2, 0.1), 'spm-rp'), // |rot| > 0.3: degrees
    decideRotationUnits(matrix(0.1, 0.05), 'spm-rp'), // 5 mm of rotation vs 0.05 mm of translation: degrees
    decideRotationUnits(matrix(0.001, 0.1), 'spm-rp'),
    decideRotationUnits(matrix(0.001, 0.1), 'fmriprep-tsv'),
    decideRotationUnits(matrix(0.001, 0.1), 'spm-rp', 'degrees'),
    decideRotationUnits(matrix(0.001, 0.1), 'spm-rp', 'radians'),
  ];
  assert.deepEqual(decisions.map((d) => d.code), ['detected-large', 'detected-ratio', 'detected-radians', 'fmriprep', 'option-degrees', 'option-radians']);
  const units: NonNullable<AnalysisQc['motionUnits']>[] = [...decisions, { rotations: 'radians', basis: 'format', message: 'x', code: 'preprocessing', params: {} }, { rotations: 'degrees', basis: 'detected', message: 'Old sentence.' }];
  for (const u of units) {
    const j = motionUnitsText(u, ja.t, 'ja');
    assert.deepEqual(englishIn(j), [], `ja for ${u.code}: ${j}`);
    assert.ok(!j.includes('{'), j);
  }
  assert.match(motionUnitsText(decisions[0], ja.t, 'ja'), /最大の回転が 2\.00 で/);
  assert.match(motionUnitsText(decisions[1], en.t, 'en'), /move the head surface by 5\.00 mm while the translations span only 0\.0500 mm/);
  assert.equal(motionUnitsText(units[7], en.t, 'en'), 'Old sentence.');
  assert.equal(motionUnitsText(units[7], ja.t, 'ja'), '度。');
});
