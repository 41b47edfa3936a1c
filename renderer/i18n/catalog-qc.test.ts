/** The QC plot labels use the glossary's terms (docs/glossary.md) in Japanese, and both catalogues have every QC key. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { ja } from './catalog-ja';
import { en } from './catalog-en';
import { qcEn } from './catalog-qc-en';

test('QC plot labels use the glossary terms', () => {
  const glossary = readFileSync(new URL('../../docs/glossary.md', import.meta.url), 'utf8');
  const uses: [keyof typeof ja, string][] = [
    ['qcPlots.carpetBefore', 'カーペットプロット'], ['qcPlots.carpetBefore', 'ノイズ除去'], ['qcPlots.gsz', '全脳平均信号'], ['qc.outliersValue', '全脳平均信号'],
    ['qcPlots.fd', 'フレーム変位'], ['qcPlots.dvars', 'DVARS'], ['qcPlots.group.grey', '灰白質'], ['qcPlots.group.white', '白質'], ['qcPlots.group.csf', '脳脊髄液'],
    ['qcPlots.fdRule', '外れ値の基準'], ['qcPlots.fdReference', '参考線'], ['viewer.overlay', '重ね表示'], ['qcPlots.carpetAfter', '帯域通過フィルタ'],
  ];
  for (const [key, term] of uses) {
    assert.ok(ja[key].includes(term), `${key} uses ${term}: "${ja[key]}"`);
    assert.ok(glossary.includes(term), `docs/glossary.md defines ${term}`);
  }
});

test('every QC key is in both catalogues with the same placeholders', () => {
  for (const key of Object.keys(qcEn) as (keyof typeof qcEn)[]) {
    const names = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
    assert.deepEqual(names(ja[key]), names(en[key]), key);
  }
});
