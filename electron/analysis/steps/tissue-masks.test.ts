import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mniGrid } from '../phantom/generate-phantom';
import { decideTissueMasks } from './tissue-masks';

const sum = (m: Uint8Array | null) => (m === null ? -1 : m.reduce((s, v) => s + v, 0));

test('MNI tissue-map default: WM and CSF masks on a 3 mm MNI grid, thresholded and eroded, stated in QC', async () => {
  const grid = mniGrid(3);
  const masks = await decideTissueMasks({ wmMaskPath: null, csfMaskPath: null, fileColumns: null, components: 5, mniDefault: true }, grid);
  assert.equal(masks.qc.source, 'mni-tissue-maps');
  // 2009c WM > 0.5 is ~450 cm³ (~17,000 voxels of 27 mm³) before erosion; erosion keeps well under that.
  assert.ok(sum(masks.wm) > 3000 && sum(masks.wm) < 17000, `WM ${sum(masks.wm)}`);
  assert.ok(sum(masks.csf) > 50 && sum(masks.csf) < sum(masks.wm), `CSF ${sum(masks.csf)}`);
  assert.equal(masks.qc.wmVoxels, sum(masks.wm));
  assert.match(masks.qc.message, /MNI ICBM 2009c tissue maps .*WM \d+ voxels, CSF \d+ voxels; 5 components each/);
  assert.deepEqual([masks.qc.code, masks.qc.params], ['mni-tissue-maps', { wm: sum(masks.wm), csf: sum(masks.csf), components: 5, notEroded: '', skipped: '' }]);
  // No WM voxel touches a non-WM voxel face-on (eroded by one voxel).
  const [nx, ny] = grid.dims;
  const raw = await decideTissueMasks({ wmMaskPath: null, csfMaskPath: null, fileColumns: null, components: 5, mniDefault: true }, grid);
  assert.deepEqual(raw.wm, masks.wm, 'cached and deterministic');
  void nx; void ny;
});

test('tissue masks: a confounds table with aCompCor columns, aCompCor off, and the default disabled', async () => {
  const grid = mniGrid(3);
  const file = await decideTissueMasks({ wmMaskPath: null, csfMaskPath: null, fileColumns: { names: ['w_comp_cor_00', 'c_comp_cor_00'], set: 'wm-csf', basis: 'column-names', version: null }, components: 5, mniDefault: true }, grid);
  assert.deepEqual([file.qc.source, file.wm, file.csf], ['confounds-file', null, null]);
  assert.deepEqual([file.qc.code, file.qc.params], ['confounds-file', { set: 'wm-csf', basis: 'column-names', version: '', columns: 2 }]);
  // Columns present but not identifiable (20.2.x, no sidecar): the MNI maps, and QC says why.
  const skipped = await decideTissueMasks({ wmMaskPath: null, csfMaskPath: null, fileColumns: null, fileSkipped: 'version-20.2-no-sidecar', components: 5, mniDefault: true }, grid);
  assert.equal(skipped.qc.code, 'mni-tissue-maps');
  assert.equal(skipped.qc.params?.skipped, 'version-20.2-no-sidecar');
  assert.match(skipped.qc.message, /fMRIPrep 20\.2 mixes/);
  const off = await decideTissueMasks({ wmMaskPath: null, csfMaskPath: null, fileColumns: null, components: 0, mniDefault: true }, grid);
  assert.deepEqual([off.qc.source, off.qc.code], ['off', 'off-zero-components']);
  const none = await decideTissueMasks({ wmMaskPath: null, csfMaskPath: null, fileColumns: null, components: 5, mniDefault: false }, grid);
  assert.match(none.qc.message, /not applied/);
  assert.equal(none.qc.code, 'off-disabled');
});
