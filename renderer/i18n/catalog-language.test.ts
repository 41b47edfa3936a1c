/**
 * The Japanese catalogue reads as Japanese: no English words outside proper nouns, scale names,
 * file formats and units (the allowed list below, each with a reason in docs/glossary.md), and
 * full-width parentheses in Japanese text. The glossary's clinical terms are the ones used.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { ja } from './catalog-ja';
import { en } from './catalog-en';

/** Latin-script tokens allowed in Japanese text: names of scales, software, formats, units, symbols. */
const ALLOWED = new Set([
  // scales and measures (international abbreviations used as such in Japanese clinical writing)
  'NRS', 'HADS', 'HADS-A', 'HADS-D', 'PCS', 'AUC', 'CI', 'tSNR', 'Fisher', 'z', 'r', 'p', 'n',
  // imaging
  'MNI', 'fMRI', 'MRI', 'BOLD', 'NIfTI', 'TR', 'ROI', 'DVARS', 'DICOM', 'PACS', 'T1', 'FD', 'zip', 'ZIP64', 'sform', 'qform', 'SPM', 'FSL', 'fMRIPrep', 'TSV', 'CSV', 'PDF', 'ID',
  'nii', 'gz', 'par', 'txt', 'hdr', 'img', 'float32', 'int16', 'rp_', 'w', 'D', 'space-MNI152NLin2009cAsym', 'KET-014',
  // units
  'mm', 'mg', 'kg', 'MB', 'kB',
  // method names and value tokens used as such: aCompCor (CONN's denoising method), LOO, QC, NaN/Inf
  'aCompCor', 'LOO', 'QC', 'NaN', 'Inf',
  // the other language's own name on the language switch; the key cap name
  'English', 'Enter', 'Backspace',
]);

function latinTokens(text: string): string[] {
  const withoutPlaceholders = text.replace(/\{\w+\}/g, ' ');
  return withoutPlaceholders.match(/[A-Za-z][A-Za-z0-9_-]*(?:\.[A-Za-z0-9]+)*/g) ?? [];
}

test('no English words in the Japanese catalogue (outside proper nouns, scale names and units)', () => {
  const found: string[] = [];
  for (const [key, value] of Object.entries(ja)) {
    for (const token of latinTokens(value)) {
      const parts = token.split('.').filter((p) => p !== '');
      if (!parts.every((p) => ALLOWED.has(p) || ALLOWED.has(p.replace(/^rp_.*/, 'rp_')))) found.push(`${key}: ${token}`);
    }
  }
  assert.deepEqual(found, []);
});

test('the check has teeth: it finds an English word planted in Japanese text', () => {
  const tokens = latinTokens('解析を Cancel しました（NRS 3）');
  assert.deepEqual(tokens.filter((t) => !ALLOWED.has(t)), ['Cancel']);
});

/** Half-width parentheses around Japanese text (a parenthesis whose content has a kana or kanji). */
function halfWidthParentheses(text: string): string[] {
  return (text.match(/\([^()]*\)/g) ?? []).filter((group) => /[\u3040-\u30ff\u4e00-\u9fff]/.test(group));
}

test('Japanese text uses full-width parentheses', () => {
  assert.deepEqual(halfWidthParentheses('投与量（mg/kg）と (rp_*.txt)'), [], 'full-width and Latin-only groups pass');
  assert.deepEqual(halfWidthParentheses('投与量 (mg/kg、任意)'), ['(mg/kg、任意)'], 'the check finds a planted one');
  const found = Object.entries(ja).filter(([, v]) => halfWidthParentheses(v).length > 0).map(([k]) => k);
  assert.deepEqual(found, []);
});

test('the glossary terms are the catalogue words', () => {
  const glossary = readFileSync(new URL('../../docs/glossary.md', import.meta.url), 'utf8');
  const uses: [keyof typeof ja, string][] = [
    ['nav.clinician', '記録者'], ['audit.who', '記録者'], ['patient.hospitalId', '患者 ID'], ['patient.displayCode', '症例番号'],
    ['score.prorated', '比例配分'], ['chart.estimate', '治療反応'], ['report.outcome', '治療反応'],
    ['assess.hads', '不安・抑うつ尺度'], ['assess.pcs', '破局的思考尺度'], ['assess.nrs', '痛みなし'],
    ['tp.post60', '投与開始 60 分後'], ['report.signature', '確認医師（署名）'], ['settings.institution', '施設名'], ['report.auditHead', '記録の監査ヘッド'],
  ];
  for (const [key, term] of uses) {
    assert.ok(ja[key].includes(term), `${key} uses ${term}: "${ja[key]}"`);
    assert.ok(glossary.includes(term), `docs/glossary.md defines ${term}`);
  }
  assert.ok(!Object.values(ja).some((v) => v.includes('按分') || v.includes('担当医') || v.includes('転帰') || v.includes('病院 ID')), 'old terms are gone');
  assert.ok(!Object.values(ja).some((v) => v.includes('投与 60 分後')), 'the 60-min time point says from the start (投与開始 60 分後)');
  assert.ok(!/\b(Rum|Mag|Help)\.$/.test(en['report.col.pcsR'] + en['report.col.pcsM'] + en['report.col.pcsH']), 'no clipped English abbreviations');
});
