/**
 * The QC outputs of a whole analysis of a planted phantom: the stored series are the FD of the
 * motion file and the engine's flags, the tSNR image is mean/SD of the data at every in-brain
 * voxel, the carpet is within its bound with the ROIs on top; writeAnalysisOutputs writes the
 * tSNR NIfTI and the carpet PNG and hashes them.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createHash } from 'node:crypto';
import { DEFAULT_ANALYSIS_SETTINGS } from '../../shared/imaging/analysis-types';
import { parseConfounds } from '../../shared/imaging/confounds';
import { framewiseDisplacement } from '../../shared/imaging/motion';
import { analyze } from './analyze';
import { readNiftiImage } from './nifti/read-image';
import { writePhantom } from './phantom/write-phantom';
import { CARPET_MAX_ROWS } from './qc-carpet';
import { writeAnalysisOutputs } from './write-outputs';

test('a phantom analysis stores FD, flags, tSNR and carpet that match the data', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'krp-qc-outputs-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const phantom = await writePhantom({ z: 0.3, gridMm: 3, volumes: 90, seed: 5 }, dir);
  const outcome = await analyze({ boldPath: phantom.boldPath, confoundsPath: phantom.motionPath, wmMaskPath: null, csfMaskPath: null, settings: structuredClone(DEFAULT_ANALYSIS_SETTINGS) });
  const series = outcome.result.qc.series!;
  assert.equal(series.scans, 90);

  const motion = parseConfounds(readFileSync(phantom.motionPath!, 'utf8'), 'rp_bold.txt').motion!;
  const fd = framewiseDisplacement(motion);
  series.fdMm!.forEach((v, i) => assert.ok(Math.abs(v - fd[i]!) < 1e-4, `FD ${i}: ${v} vs ${fd[i]}`));
  const flagged = [...new Set([...series.flagged.motion, ...series.flagged.globalSignal, ...series.flagged.confoundsFile])].sort((a, b) => a - b);
  assert.deepEqual(flagged, outcome.result.qc.outlierScans, 'the flags are the scans regressed out');
  assert.deepEqual(flagged, phantom.truth.outlierScans, 'the planted outliers');
  for (const s of [series.globalSignalPct, series.globalSignalZ, series.dvarsPct]) assert.equal(s.length, 90);
  for (const s of phantom.truth.outlierScans) assert.ok(series.globalSignalZ[s]! > 5 || series.flagged.motion.includes(s), `scan ${s} stands out`);

  // DVARS at every scan from the image itself (the voxels where tSNR is finite are the brain's
  // usable ones): the engine must compute it from the series, not after the seed map overwrote them.
  const image = await readNiftiImage(phantom.boldPath);
  const perVolume = image.data.length / 90;
  const members: number[] = [];
  outcome.tsnrImage.forEach((v, i) => { if (Number.isFinite(v)) members.push(i); });
  let grand = 0;
  for (let t = 0; t < 90; t++) for (const i of members) grand += image.data[t * perVolume + i]! / members.length / 90;
  for (let t = 1; t < 90; t++) {
    let ss = 0;
    for (const i of members) ss += (image.data[t * perVolume + i]! - image.data[(t - 1) * perVolume + i]!) ** 2;
    const expected = (100 * Math.sqrt(ss / members.length)) / Math.abs(grand);
    assert.ok(Math.abs(series.dvarsPct[t]! - expected) < 1e-3 * expected + 1e-4, `DVARS scan ${t}: ${series.dvarsPct[t]} vs ${expected}`);
  }

  // tSNR: finite exactly where the seed map is (in-brain usable voxels), and > 1 there.
  let finite = 0;
  for (let i = 0; i < outcome.tsnrImage.length; i++) {
    assert.equal(Number.isFinite(outcome.tsnrImage[i]), Number.isFinite(outcome.seedMap[i]), `voxel ${i}`);
    if (Number.isFinite(outcome.tsnrImage[i])) { finite++; assert.ok(outcome.tsnrImage[i]! > 1); }
  }
  assert.ok(finite > 1000);

  const carpet = outcome.carpet!;
  assert.ok(carpet.layout.rows <= CARPET_MAX_ROWS && carpet.layout.rows > 100);
  assert.equal(carpet.layout.scans, 90);
  assert.deepEqual(carpet.layout.groups.slice(0, 2).map((g) => g.group), ['mpfc', 'precuneus']);
  assert.equal(carpet.layout.groups.reduce((s, g) => s + g.rows, 0), carpet.layout.rows);
  assert.deepEqual(series.carpet, carpet.layout);

  const files = await writeAnalysisOutputs(outcome, { tsnrPath: join(dir, 'tsnr.nii.gz'), carpetPath: join(dir, 'carpet.png') });
  assert.equal(files.tsnr!.sha256, createHash('sha256').update(await readFile(join(dir, 'tsnr.nii.gz'))).digest('hex'));
  assert.equal(files.carpet!.sha256, createHash('sha256').update(await readFile(join(dir, 'carpet.png'))).digest('hex'));
  const back = await readNiftiImage(join(dir, 'tsnr.nii.gz'));
  assert.deepEqual(back.header.dims.slice(0, 3), [...outcome.grid.dims]);
  const i = outcome.tsnrImage.findIndex((v) => Number.isFinite(v));
  assert.ok(Math.abs(back.data[i]! - outcome.tsnrImage[i]!) < 1e-6);
  const png = await readFile(join(dir, 'carpet.png'));
  assert.equal(png.readUInt32BE(16), 90, 'PNG width = scans');
  assert.equal(png.readUInt32BE(20), 2 * carpet.layout.rows, 'PNG height = both panels');
});
