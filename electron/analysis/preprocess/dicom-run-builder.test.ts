import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { convertDicomSeries } from './convert-dicom';
import { parseDicomFile, serializeDicomFile } from './dicom-dataset-tree';
import { shiftDicomTime, writePlantedDicomRun } from './dicom-run-builder';
import { listDicomSeriesWithIdentity, pickDefaultSeries } from './dicom-series';
import { BOLD_SERIES, SKIP_MESSAGE, xa30Dir, xa30Files, xa30Reference } from './dicom-test-data';
import { gentleMotion, seriesWithPlantedMotion } from './realign-test-support';

test('DICOM times shift across seconds, minutes and the date', () => {
  assert.equal(shiftDicomTime('20220711120905.225000', 0.775), '20220711120906.000000');
  assert.equal(shiftDicomTime('20220711120905.225000', 59), '20220711121004.225000');
  assert.equal(shiftDicomTime('20221231235959.500000', 1.25), '20230101000000.750000');
  assert.equal(shiftDicomTime('120905.225000', 2), '120907.225000');
  assert.equal(shiftDicomTime('120905', 0.5), '120905.500000');
});

test('a real Siemens file reads into the element tree and writes back byte for byte', (t) => {
  if (!xa30Dir()) { t.skip(SKIP_MESSAGE); return; }
  const bytes = readFileSync(xa30Files(BOLD_SERIES)[0]);
  assert.equal(Buffer.compare(serializeDicomFile(parseDicomFile(bytes)), bytes), 0);
});

for (const slices of [33, 36]) {
  test(`a planted ${slices}-slice DICOM run from the real session lists as a BOLD + T1 session and converts back to the planted volumes`, async (t) => {
    if (!xa30Dir()) { t.skip(SKIP_MESSAGE); return; }
    const dir = mkdtempSync(join(tmpdir(), 'krp-dicom-run-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const volumes = 21;
    const run = await writePlantedDicomRun(dir, { volumes, slices });
    assert.deepEqual(run.dims, [64, 64, slices, volumes]);

    // Listed as the scanner's session: the BOLD and the untouched T1 pre-selected, one identity.
    const listing = await listDicomSeriesWithIdentity(dir);
    const picked = pickDefaultSeries(listing.series);
    assert.equal(picked.bold?.volumes, volumes);
    assert.equal(picked.bold?.slices, slices);
    assert.equal(picked.bold?.repetitionTime, 1);
    assert.equal(picked.bold?.problem, null);
    assert.equal(picked.t1?.kind, 't1');
    assert.equal(listing.identities.length, 1, 'the BOLD files keep the real session\'s identity');

    // dcm2niix reads the geometry, TR and slice times back.
    const real = await convertDicomSeries(xa30Files(BOLD_SERIES));
    const files = readdirSync(run.boldFolder).sort().map((f) => join(run.boldFolder, f));
    const converted = await convertDicomSeries(files);
    assert.deepEqual(converted.series.dims, [64, 64, slices]);
    assert.equal(converted.series.volumes.length, volumes);
    for (let i = 0; i < 16; i++) assert.ok(Math.abs(converted.series.affine[i] - real.series.affine[i]) < 1e-3, `affine[${i}]`);
    assert.deepEqual(converted.timing.sliceTiming, run.sliceTiming);
    if (slices === 33) assert.deepEqual(converted.timing.sliceTiming, xa30Reference(BOLD_SERIES)?.SliceTiming, 'the real slice times');
    assert.equal(converted.timing.phaseEncodingDirection, 'j-');

    // Every voxel is the planted volume (computed here on its own, in memory), rounded to the stored integers.
    const n = 64 * 64 * 33;
    const mean = new Float32Array(n);
    for (const v of real.series.volumes) for (let i = 0; i < n; i++) mean[i] += v[i] / real.series.volumes.length;
    const planted = seriesWithPlantedMotion({ dims: real.series.dims, affine: real.series.affine, data: mean }, volumes,
      { grid: { dims: [64, 64, slices], affine: real.series.affine }, motion: gentleMotion });
    assert.deepEqual(run.truth, planted.truth);
    let worst = 0, nonzero = 0;
    for (let v = 0; v < volumes; v++) {
      const a = converted.series.volumes[v], b = planted.series.volumes[v];
      for (let i = 0; i < a.length; i++) {
        worst = Math.max(worst, Math.abs(a[i] - Math.min(4095, Math.max(0, Math.round(b[i])))));
        if (a[i] > 0) nonzero++;
      }
    }
    assert.equal(worst, 0, 'converted voxels equal the planted ones');
    assert.ok(nonzero > volumes * n * 0.3, 'the volumes hold the real anatomy');
    if (slices > 33) {
      // Slices beyond the real field of view are empty.
      const top = converted.series.volumes[0].subarray(64 * 64 * 34);
      assert.ok(top.every((x) => x === 0));
    }
  });
}
