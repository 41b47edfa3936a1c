/** fMRIPrep aCompCor columns by sidecar, column names and version, on tables in each layout. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chooseFmriprepAcompcor, fmriprepVersionOf, parseVersion } from './fmriprep-acompcor';
import { parseConfounds } from './confounds';

const MOTION = ['trans_x', 'trans_y', 'trans_z', 'rot_x', 'rot_y', 'rot_z'];
const names = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}_comp_cor_${String(i).padStart(2, '0')}`);
/** A table whose column k holds the value k + row/100, so the chosen columns are seen in the matrix. */
function table(header: string[], rows = 3): string {
  const lines = [header.join('\t')];
  for (let r = 0; r < rows; r++) lines.push(header.map((_, k) => String(k + r / 100)).join('\t'));
  return lines.join('\n');
}

// 20.2.x layout: one a_comp_cor_NN sequence, CSF (3 kept), then WM (4), then combined (6).
const layout202 = [...MOTION, ...names('a', 13)];
const sidecar202: Record<string, { Mask: string }> = {};
layout202.slice(6).forEach((name, i) => { sidecar202[name] = { Mask: i < 3 ? 'CSF' : i < 7 ? 'WM' : 'combined' }; });

test('sidecar first: each column\'s Mask picks the WM and CSF sets (WM first), whatever the order', () => {
  const d = chooseFmriprepAcompcor(layout202, 2, { sidecar: sidecar202, version: '20.2.3' });
  assert.deepEqual(d.choice, { names: ['a_comp_cor_03', 'a_comp_cor_04', 'a_comp_cor_00', 'a_comp_cor_01'], set: 'wm-csf', basis: 'sidecar', version: null });
  // More components than a mask kept: all of that mask's.
  assert.deepEqual(chooseFmriprepAcompcor(layout202, 5, { sidecar: sidecar202, version: null }).choice!.names,
    ['a_comp_cor_03', 'a_comp_cor_04', 'a_comp_cor_05', 'a_comp_cor_06', 'a_comp_cor_00', 'a_comp_cor_01', 'a_comp_cor_02']);
  // A sidecar naming only the combined mask (fMRIPrep < 1.4 style).
  const combinedOnly = { a_comp_cor_00: { Mask: 'combined' }, a_comp_cor_01: { Mask: 'combined' } };
  assert.deepEqual(chooseFmriprepAcompcor([...MOTION, ...names('a', 2)], 5, { sidecar: combinedOnly, version: null }).choice,
    { names: ['a_comp_cor_00', 'a_comp_cor_01'], set: 'combined', basis: 'sidecar', version: null });
  // Through parseConfounds: the matrix holds exactly those columns (values = header index).
  const p = parseConfounds(table(layout202), 'sub-01_desc-confounds_timeseries.tsv', { acompcorComponents: 2, fmriprep: { sidecar: sidecar202, version: null } });
  assert.deepEqual(Array.from(p.acompcor!.matrix.data.subarray(0, 4)), [9, 10, 6, 7]);
  assert.equal(p.acompcor!.set, 'wm-csf');
});

test('no sidecar, by version: 1.4–20.1 combined first; 20.2.x and unknown versions are not guessed', () => {
  const header = [...MOTION, ...names('a', 8)];
  const v = (version: string | null) => chooseFmriprepAcompcor(header, 5, { sidecar: null, version });
  assert.deepEqual(v('20.1.1').choice, { names: names('a', 5), set: 'combined', basis: 'version', version: '20.1.1' });
  assert.deepEqual(v('1.4.0').choice!.set, 'combined');
  assert.deepEqual([v('20.2.0').choice, v('20.2.0').skipped], [null, 'version-20.2-no-sidecar']);
  assert.deepEqual([v('20.2.7').choice, v('20.2.7').skipped], [null, 'version-20.2-no-sidecar']);
  assert.deepEqual([v(null).choice, v(null).skipped], [null, 'version-unknown']);
  assert.deepEqual([v('garbage').choice, v('garbage').skipped], [null, 'version-unknown']);
  // fMRIPrep < 1.2: aCompCorNN (the combined mask only).
  const legacy = ['X', 'Y', 'Z', 'RotX', 'RotY', 'RotZ', 'aCompCor00', 'aCompCor01'];
  assert.deepEqual(chooseFmriprepAcompcor(legacy, 5, { sidecar: null, version: '1.1.8' }).choice!.names, ['aCompCor00', 'aCompCor01']);
  const parsed = parseConfounds(table(header), 'x_desc-confounds_regressors.tsv', { fmriprep: { sidecar: null, version: '20.2.1' } });
  assert.deepEqual([parsed.acompcor, parsed.acompcorSkipped], [null, 'version-20.2-no-sidecar']);
});

test('≥ 21: c_comp_cor (CSF) and w_comp_cor (WM) by name; a_comp_cor is the combined mask and is not used', () => {
  const header = [...MOTION, ...names('c', 3), ...names('w', 6), ...names('a', 5)];
  assert.deepEqual(chooseFmriprepAcompcor(header, 5, { sidecar: null, version: null }).choice,
    { names: [...names('w', 5), ...names('c', 3)], set: 'wm-csf', basis: 'column-names', version: null });
  // No aCompCor columns, or 0 components: nothing, nothing skipped.
  assert.deepEqual(chooseFmriprepAcompcor(MOTION, 5, { sidecar: null, version: null }), { choice: null, skipped: null });
  assert.deepEqual(chooseFmriprepAcompcor(header, 0, { sidecar: null, version: null }), { choice: null, skipped: null });
});

test('versions from dataset_description.json (GeneratedBy and PipelineDescription)', () => {
  assert.equal(fmriprepVersionOf({ GeneratedBy: [{ Name: 'fMRIPrep', Version: '20.2.7' }] }), '20.2.7');
  assert.equal(fmriprepVersionOf({ PipelineDescription: { Name: 'fMRIPrep', Version: '1.5.0' } }), '1.5.0');
  assert.equal(fmriprepVersionOf({ GeneratedBy: [{ Name: 'xcp_d', Version: '0.5' }] }), null);
  assert.equal(fmriprepVersionOf('nonsense'), null);
  assert.deepEqual(parseVersion('v21.0.2'), [21, 0]);
  assert.equal(parseVersion('x'), null);
});

const dataDir = fileURLToPath(new URL('../../../shared/data/confounds/', import.meta.url));

test('real tables (nilearn test data): v21 by column names; v1.x by version only', (t) => {
  const v21 = dataDir + 'nilearn_fmriprep-v21_desc-confounds_timeseries.tsv';
  const v1x = dataDir + 'nilearn_fmriprep-v1x_desc-confounds_regressors.tsv';
  if (!existsSync(v21) || !existsSync(v1x)) { t.skip('../shared/data/confounds absent'); return; }
  const p21 = parseConfounds(readFileSync(v21, 'utf8'), 'v21.tsv');
  // The file has w_comp_cor_00–03 and c_comp_cor_00–02 (read from its header).
  assert.deepEqual(p21.acompcor!.names, [...names('w', 4), ...names('c', 3)]);
  const p1 = parseConfounds(readFileSync(v1x, 'utf8'), 'v1x.tsv', { fmriprep: { sidecar: null, version: '1.5.0' } });
  assert.deepEqual(p1.acompcor!.names, names('a', 5));
  assert.equal(parseConfounds(readFileSync(v1x, 'utf8'), 'v1x.tsv').acompcorSkipped, 'version-unknown');
});
