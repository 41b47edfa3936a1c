/**
 * Planted truth: phantoms with a known mPFC–precuneus Fisher z (plus noise, drift, spikes and
 * motion, and the tissue-aware phantom's WM/CSF nuisance that the default aCompCor removes) must come
 * back within 0.02, on 2 mm and 3 mm MNI grids, float32 and int16-with-scaling, .nii and .nii.gz,
 * and the engine must flag exactly the planted outlier scans. (At least ~100 volumes: aCompCor's
 * 10 regressors and the phantom's 10 nuisance courses need the in-band room.)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_ANALYSIS_SETTINGS } from '../../shared/imaging/analysis-types';
import { analyze } from './analyze';
import { writePhantom } from './phantom/write-phantom';

const cases = [
  { z: -0.5, gridMm: 3, datatype: 'float32', gzip: true, volumes: 150 },
  { z: 0.7, gridMm: 3, datatype: 'int16', gzip: false, volumes: 120 },
  { z: 0, gridMm: 3, datatype: 'float32', gzip: false, volumes: 100 },
  { z: 0.25, gridMm: 2, datatype: 'float32', gzip: false, volumes: 110 },
  { z: -0.3, gridMm: 2, datatype: 'int16', gzip: true, volumes: 110 },
] as const;

for (const c of cases) {
  test(`planted z ${c.z} recovered within 0.02 (${c.gridMm} mm, ${c.datatype}, ${c.gzip ? '.nii.gz' : '.nii'}, ${c.volumes} volumes)`, async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'krp-planted-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const phantom = await writePhantom({ z: c.z, gridMm: c.gridMm, datatype: c.datatype, gzip: c.gzip, volumes: c.volumes, seed: 11 + c.volumes }, dir);
    const { result, seedMap } = await analyze({
      boldPath: phantom.boldPath,
      confoundsPath: phantom.motionPath,
      wmMaskPath: null,
      csfMaskPath: null,
      settings: structuredClone(DEFAULT_ANALYSIS_SETTINGS),
    });
    assert.ok(Math.abs(result.z - phantom.truth.plantedZ) < 0.02, `z ${result.z} vs planted ${phantom.truth.plantedZ}`);
    assert.deepEqual(result.qc.outlierScans, phantom.truth.outlierScans, 'the planted outlier scans, no more, no less');
    assert.equal(result.qc.volumes.total, c.volumes);
    assert.equal(result.qc.volumes.used, c.volumes - phantom.truth.outlierScans.length);
    assert.equal(result.qc.motion.modelled, true);
    assert.equal(result.qc.space.basis, 'mni-code');
    assert.ok(result.qc.rois.mpfc.voxels > (c.gridMm === 2 ? 400 : 120), `mPFC voxels ${result.qc.rois.mpfc.voxels}`);
    assert.ok(result.qc.rois.precuneus.voxels > (c.gridMm === 2 ? 400 : 120));
    // The seed map agrees with the ROI result at the precuneus centre's voxel neighbourhood:
    // the voxel nearest the precuneus centre carries the planted signal plus its own noise.
    const finite = seedMap.filter((v) => Number.isFinite(v));
    assert.ok(finite.length > 1000, 'the seed map covers the brain');
  });
}
