/**
 * The engine agrees with an independent CONN-style computation (test-support/conn-reference.ts:
 * plain loops, float64, CONN 17's RegBP order) within 0.005 in z: on every phantom kind the planted
 * tests use, and on a real SPM-normalized resting-state run when ../shared/data holds one (its
 * README lists none today: that case skips with a message). The reference gets the engine's
 * outlier scans (the ART rule is tested on its own) and computes everything else itself, including
 * the WM/CSF masks (bundled MNI maps > 0.5, 6-connected erosion by one voxel).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_ANALYSIS_SETTINGS } from '../../shared/imaging/analysis-types';
import { connReferenceZ } from '../../test-support/conn-reference';
import { analyze } from './analyze';
import { readNiftiImage } from './nifti/read-image';
import { writePhantom } from './phantom/write-phantom';
import { tissueProbabilities } from './phantom/tissue-maps';

const TOLERANCE = 0.005;

function erode6(mask: Uint8Array, [nx, ny, nz]: readonly number[]): Uint8Array {
  const out = new Uint8Array(mask.length);
  for (let k = 1; k < nz - 1; k++) for (let j = 1; j < ny - 1; j++) for (let i = 1; i < nx - 1; i++) {
    const p = i + nx * (j + ny * k);
    if (mask[p] && mask[p - 1] && mask[p + 1] && mask[p - nx] && mask[p + nx] && mask[p - nx * ny] && mask[p + nx * ny]) out[p] = 1;
  }
  return out;
}

/** Engine z vs reference z for one image (+ rp text) under the default settings. */
async function compare(boldPath: string, motionPath: string | null): Promise<{ engine: number; reference: number }> {
  const settings = structuredClone(DEFAULT_ANALYSIS_SETTINGS);
  const { result } = await analyze({ boldPath, confoundsPath: motionPath, wmMaskPath: null, csfMaskPath: null, settings });
  const image = await readNiftiImage(boldPath);
  const [nx, ny, nz, n] = image.header.dims;
  const grid = { dims: [nx, ny, nz], affine: image.header.affine! };
  const tissue = tissueProbabilities(grid);
  const noiseMasks = [tissue.wm, tissue.csf].map((p) => erode6(Uint8Array.from(p, (v) => (v > 0.5 ? 1 : 0)), grid.dims));
  const motionRows = motionPath === null ? null : readFileSync(motionPath, 'utf8').trim().split(/\r?\n/).map((l) => l.trim().split(/\s+/).map(Number));
  const roi = (spec: typeof settings.rois.mpfc) => {
    assert.equal(spec.kind, 'sphere');
    return spec.kind === 'sphere' ? { centreMm: spec.centreMm, radiusMm: spec.radiusMm } : { centreMm: [0, 0, 0] as const, radiusMm: 0 };
  };
  const reference = connReferenceZ({
    data: image.data, dims: [nx, ny, nz, n], affine: image.header.affine!, trSeconds: result.qc.trSeconds,
    rois: [roi(settings.rois.mpfc), roi(settings.rois.precuneus)],
    noiseMasks, components: settings.acompcorComponents,
    motion: motionRows === null ? null : Float64Array.from(motionRows.flat()),
    outlierScans: result.qc.outlierScans, band: settings.band!,
  });
  assert.equal(result.qc.acompcor?.code, 'mni-tissue-maps');
  assert.deepEqual([result.qc.acompcor?.wmVoxels, result.qc.acompcor?.csfVoxels], noiseMasks.map((m) => m.reduce((s, v) => s + v, 0)), 'the same WM/CSF masks');
  return { engine: result.z, reference: reference.z };
}

const phantoms = [
  { z: -0.5, gridMm: 3, datatype: 'float32', gzip: true, volumes: 150 },
  { z: 0.7, gridMm: 3, datatype: 'int16', gzip: false, volumes: 120 },
  { z: 0.25, gridMm: 2, datatype: 'float32', gzip: false, volumes: 110 },
] as const;

for (const c of phantoms) {
  test(`engine = CONN-style reference within ${TOLERANCE} in z (phantom ${c.gridMm} mm, ${c.datatype}, ${c.volumes} volumes)`, async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'krp-conn-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const phantom = await writePhantom({ ...c, seed: 11 + c.volumes }, dir);
    const { engine, reference } = await compare(phantom.boldPath, phantom.motionPath);
    t.diagnostic(`z engine ${engine.toFixed(6)}, reference ${reference.toFixed(6)}, |Δ| ${Math.abs(engine - reference).toExponential(2)}`);
    assert.ok(Math.abs(engine - reference) <= TOLERANCE, `engine ${engine} vs reference ${reference}`);
  });
}

const boldDir = fileURLToPath(new URL('../../../shared/data/bold/', import.meta.url));

test(`engine = CONN-style reference within ${TOLERANCE} in z on a real SPM-normalized run (../shared/data)`, async (t) => {
  // An SPM-normalized run is named w*/sw*.nii[.gz] (SPM's prefixes) with its rp_*.txt beside it.
  const candidates = existsSync(boldDir) ? readdirSync(boldDir).filter((f) => /^s?w.*\.nii(\.gz)?$/.test(f)) : [];
  if (candidates.length === 0) { t.skip('no SPM-normalized resting-state run (w*.nii[.gz]) in ../shared/data/bold: real-data agreement skipped'); return; }
  for (const name of candidates) {
    const stem = name.replace(/\.nii(\.gz)?$/, '').replace(/^s?w/, '');
    const rp = readdirSync(boldDir).find((f) => f === `rp_${stem}.txt`) ?? null;
    const { engine, reference } = await compare(join(boldDir, name), rp === null ? null : join(boldDir, rp));
    t.diagnostic(`${name}: z engine ${engine.toFixed(6)}, reference ${reference.toFixed(6)}`);
    assert.ok(Math.abs(engine - reference) <= TOLERANCE, `${name}: engine ${engine} vs reference ${reference}`);
  }
});
