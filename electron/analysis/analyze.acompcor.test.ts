/**
 * Planted truth for aCompCor (issue 11): the phantom's ROI signal lives in grey matter only and two
 * nuisance sets, one in white matter and one in CSF, leak into both ROIs (partial volume by the MNI
 * 2009c tissue maps). With the default denoising (aCompCor from the bundled MNI maps) the planted z
 * comes back within 0.02; with aCompCor explicitly off it is far off.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_ANALYSIS_SETTINGS, type AnalysisSettings } from '../../shared/imaging/analysis-types';
import { settingsKeyText } from '../../shared/imaging/settings-key';
import { analyze } from './analyze';
import { writePhantom } from './phantom/write-phantom';

for (const c of [{ z: -0.4, gridMm: 3 as const, volumes: 160 }, { z: 0.6, gridMm: 3 as const, volumes: 120 }]) {
  test(`aCompCor planted truth (${c.gridMm} mm, ${c.volumes} volumes, z ${c.z}): default within 0.02, off far off`, async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'krp-acompcor-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const phantom = await writePhantom({ z: c.z, gridMm: c.gridMm, volumes: c.volumes, seed: 7 + c.volumes }, dir);
    const run = (settings: AnalysisSettings) => analyze({ boldPath: phantom.boldPath, confoundsPath: phantom.motionPath, wmMaskPath: null, csfMaskPath: null, settings });
    const on = await run(structuredClone(DEFAULT_ANALYSIS_SETTINGS));
    assert.equal(on.result.qc.acompcor?.code, 'mni-tissue-maps');
    assert.ok(on.result.qc.confoundColumns.includes('wm_pc4') && on.result.qc.confoundColumns.includes('csf_mean'), on.result.qc.confoundColumns.join(','));
    assert.ok(Math.abs(on.result.z - c.z) < 0.02, `aCompCor on: z ${on.result.z} vs planted ${c.z}`);
    const off = await run({ ...structuredClone(DEFAULT_ANALYSIS_SETTINGS), acompcorDefaultMasks: 'none' });
    assert.equal(off.result.qc.acompcor?.code, 'off-disabled');
    assert.ok(off.result.qc.warnings.some((w) => w.code === 'no-acompcor'));
    assert.ok(Math.abs(off.result.z - c.z) > 0.3, `aCompCor off: z ${off.result.z} vs planted ${c.z} (the nuisance must bias it)`);
    // Zero components is off too, and the choice changes the settings hash.
    const zero = await run({ ...structuredClone(DEFAULT_ANALYSIS_SETTINGS), acompcorComponents: 0 });
    assert.equal(zero.result.qc.acompcor?.code, 'off-zero-components');
    assert.ok(Math.abs(zero.result.z - off.result.z) < 1e-12);
    const hashes = new Set([on, off, zero].map((o) => o.result.provenance.settingsHash));
    assert.equal(hashes.size, 3, 'each aCompCor choice has its own settings hash');
  });
}

test('the settings key holds the aCompCor choice; analyses stored before the default count as none', () => {
  const key = (s: AnalysisSettings) => JSON.parse(settingsKeyText(s)) as Record<string, unknown>;
  assert.equal(key(DEFAULT_ANALYSIS_SETTINGS).acompcorDefaultMasks, 'mni');
  const { acompcorDefaultMasks: _dropped, ...old } = DEFAULT_ANALYSIS_SETTINGS;
  assert.equal(key(old as AnalysisSettings).acompcorDefaultMasks, 'none');
});
