/** The QC panel's aCompCor line is built from the structured QC (not the engine's English sentence), in each language. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { en } from '../i18n/catalog-en';
import { ja } from '../i18n/catalog-ja';
import { acompcorText } from './qc-panel';

const fill = (catalog: Record<string, string>) => (key: string, values: Record<string, string | number> = {}) =>
  catalog[key]!.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name]));

test('aCompCor source in Japanese and English, with voxel counts and columns', () => {
  const masks = { source: 'mni-tissue-maps' as const, message: 'English', wmVoxels: 1234, csfVoxels: 56, columns: [] };
  assert.equal(acompcorText(masks, fill(ja), String), '同梱の MNI 組織確率マップから：白質 1234 ボクセル、脳脊髄液 56 ボクセル（1 ボクセル収縮）。');
  assert.equal(acompcorText(masks, fill(en), String), 'From the bundled MNI tissue maps: white matter 1234 voxels, CSF 56 voxels (eroded by 1 voxel).');
  const file = { source: 'confounds-file' as const, message: 'English', wmVoxels: null, csfVoxels: null, columns: ['a_comp_cor_00', 'a_comp_cor_01'] };
  assert.equal(acompcorText(file, fill(en), String), 'From the confounds file columns: a_comp_cor_00, a_comp_cor_01.');
  assert.equal(acompcorText({ ...file, source: 'off', columns: [] }, fill(ja), String), ja['qc.acompcor.off']);
});
