import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { after, test } from 'node:test';
import { isKrpError } from '../../../shared/errors';
import { checkBoldSeries, listDicomSeries, listDicomSeriesWithIdentity, pickDefaultSeries, type DicomSeriesSummary } from './dicom-series';
import { BOLD_SERIES, SKIP_MESSAGE, T1_SERIES, xa30Dir, xa30Files } from './dicom-test-data';
import { buildZip, syntheticSeries, syntheticSlice } from './dicom-test-writer';

const root = mkdtempSync(join(tmpdir(), 'krp-dicom-series-'));
after(() => rmSync(root, { recursive: true, force: true }));

function folder(name: string, files: Map<string, Buffer>, sub = ''): string {
  const dir = join(root, name, sub);
  mkdirSync(dir, { recursive: true });
  for (const [file, bytes] of files) writeFileSync(join(dir, file), bytes);
  return join(root, name);
}

function code(error: unknown): string {
  return isKrpError(error) ? error.code : `not a KrpError: ${String(error)}`;
}

function checkCode(series: DicomSeriesSummary): string {
  try { checkBoldSeries(series); return 'accepted'; } catch (e) { return code(e); }
}

test('nested folders of the real Siemens session: BOLD and T1 found, described and pre-selected', async (t) => {
  if (!xa30Dir()) { t.skip(SKIP_MESSAGE); return; }
  const dir = join(root, 'nested');
  mkdirSync(join(dir, 'DICOM', 'S7', 'deeper'), { recursive: true });
  mkdirSync(join(dir, 'DICOM', 'S5'), { recursive: true });
  for (const f of xa30Files(BOLD_SERIES)) copyFileSync(f, join(dir, 'DICOM', 'S7', 'deeper', basename(f).slice(0, 4)));
  for (const f of xa30Files(T1_SERIES)) copyFileSync(f, join(dir, 'DICOM', 'S5', 'IM0001'));
  writeFileSync(join(dir, 'README.txt'), 'exported by the PACS');
  const listing = await listDicomSeriesWithIdentity(dir);
  assert.equal(listing.series.length, 2);
  const [t1, bold] = listing.series;
  assert.deepEqual([t1.seriesNumber, t1.kind, t1.volumes, t1.slices, t1.matrix], [5, 't1', 1, 96, [128, 128]]);
  assert.deepEqual([bold.seriesNumber, bold.kind, bold.volumes, bold.slices, bold.matrix], [7, 'bold', 20, 33, [64, 64]]);
  assert.equal(bold.repetitionTime, 1);
  assert.equal(bold.description, 'func-bold_task-fa_run-1');
  assert.deepEqual(bold.voxelSizeMm?.map((v) => Math.round(v * 100) / 100), [3.38, 3.38, 3.4]);
  assert.equal(bold.files.length, 20);
  assert.equal(bold.problem, null);
  assert.equal(checkCode(bold), 'accepted');
  assert.equal(checkCode(t1), 'dicom.single-volume');
  const picked = pickDefaultSeries(listing.series);
  assert.equal(picked.bold?.seriesNumber, 7);
  assert.equal(picked.t1?.seriesNumber, 5);
  assert.equal(listing.skippedFiles, 1);
  // Identity comes back separately and only there.
  assert.deepEqual(listing.identities, [{ name: 'XAtest_sub-July11', id: '12343@hucheng', birthDate: '1991-01-01' }]);
  assert.ok(!JSON.stringify(listing.series).includes('XAtest') && !JSON.stringify(listing.series).includes('12343'));
});

test('a .zip of the real session lists the same series, and its entries convert by reference', async (t) => {
  if (!xa30Dir()) { t.skip(SKIP_MESSAGE); return; }
  const entries = [...xa30Files(BOLD_SERIES), ...xa30Files(T1_SERIES)].map((f, i) => ({ name: `export/${i < 20 ? 'func' : 'anat'}/${basename(f)}`, data: readFileSync(f) }));
  const zipPath = join(root, 'session.zip');
  writeFileSync(zipPath, buildZip(entries));
  const series = await listDicomSeries(zipPath);
  assert.deepEqual(series.map((s) => [s.seriesNumber, s.kind, s.volumes]), [[5, 't1', 1], [7, 'bold', 20]]);
  assert.ok(series[1].files[0].startsWith(zipPath + '!/export/func/'));
  const { convertDicomSeries } = await import('./convert-dicom');
  const converted = await convertDicomSeries(series[1].files);
  assert.deepEqual([...converted.series.dims, converted.series.volumes.length], [64, 64, 33, 20]);
});

test('a folder with no DICOM gives dicom.none-found; a missing folder dicom.not-found', async () => {
  const dir = join(root, 'no-dicom');
  mkdirSync(join(dir, 'sub'), { recursive: true });
  writeFileSync(join(dir, 'notes.txt'), 'hello');
  writeFileSync(join(dir, 'sub', 'image.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0, 1, 2, 3]));
  await assert.rejects(listDicomSeries(dir), (e) => code(e) === 'dicom.none-found' && /2 files looked at/.test((e as Error).message));
  await assert.rejects(listDicomSeries(join(root, 'absent')), (e) => code(e) === 'dicom.not-found');
});

test('planted layouts: localizer, too few volumes, missing slices, mixed geometry, several BOLD runs', async () => {
  const files = new Map<string, Buffer>();
  const add = (prefix: string, m: Map<string, Buffer>) => { for (const [k, v] of m) files.set(prefix + k, v); };
  add('loc', syntheticSeries({ seriesUid: '1.2.3.1', seriesNumber: 1, description: 'AAHead_Scout', imageType: 'ORIGINAL\\PRIMARY\\LOCALIZER' }, 1, 3));
  add('short', syntheticSeries({ seriesUid: '1.2.3.2', seriesNumber: 2, description: 'rest_bold_short' }, 5, 4));
  const gappy = syntheticSeries({ seriesUid: '1.2.3.3', seriesNumber: 3, description: 'ep2d_bold_gappy' }, 20, 4);
  gappy.delete('IM00042'); // one slice of one volume lost in transfer
  add('gap', gappy);
  const mixed = syntheticSeries({ seriesUid: '1.2.3.4', seriesNumber: 4, description: 'ep2d_bold_mixed' }, 20, 4);
  mixed.set('IM99999', syntheticSlice({ seriesUid: '1.2.3.4', seriesNumber: 4, description: 'ep2d_bold_mixed', rows: 16, columns: 16, instance: 999, z: 0 }));
  add('mix', mixed);
  add('runA', syntheticSeries({ seriesUid: '1.2.3.5', seriesNumber: 5, description: 'ep2d_bold_run1' }, 20, 4));
  add('runB', syntheticSeries({ seriesUid: '1.2.3.6', seriesNumber: 6, description: 'ep2d_bold_run2' }, 22, 4));
  const dir = folder('planted', files, 'IMAGES');
  const series = await listDicomSeries(dir);
  const byNumber = new Map(series.map((s) => [s.seriesNumber, s]));
  assert.equal(byNumber.get(1)?.kind, 'localizer');
  assert.equal(checkCode(byNumber.get(1)!), 'dicom.localizer');
  assert.deepEqual([byNumber.get(2)?.volumes, byNumber.get(2)?.slices], [5, 4]);
  assert.equal(checkCode(byNumber.get(2)!), 'dicom.too-few-volumes');
  assert.equal(byNumber.get(3)?.problem?.code, 'dicom.missing-slices');
  assert.equal(checkCode(byNumber.get(3)!), 'dicom.missing-slices');
  assert.equal(byNumber.get(4)?.problem?.code, 'dicom.mixed-series');
  assert.equal(checkCode(byNumber.get(4)!), 'dicom.mixed-series');
  assert.deepEqual([byNumber.get(6)?.volumes, byNumber.get(6)?.repetitionTime, byNumber.get(6)?.voxelSizeMm], [22, 2, [3, 3, 4]]);
  // Two good BOLD runs and none called "rest": nothing pre-selected, both offered.
  const picked = pickDefaultSeries(series);
  assert.equal(picked.bold, null);
  assert.deepEqual(picked.boldCandidates.map((s) => s.seriesNumber), [5, 6]);
  // Renamed to say "rest", one stands out.
  const renamed = series.map((s) => (s.seriesNumber === 6 ? { ...s, description: 'rs_rest_bold' } : s));
  assert.equal(pickDefaultSeries(renamed).bold?.seriesNumber, 6);
});

test('the same files reached twice (a DICOMDIR tree plus a copy) count once', async () => {
  const files = syntheticSeries({ seriesUid: '1.2.9.1', seriesNumber: 9, description: 'ep2d_bold' }, 20, 2);
  const dir = folder('twice', files, 'A');
  folder('twice', files, 'B');
  writeFileSync(join(dir, 'DICOMDIR'), Buffer.concat([Buffer.alloc(128), Buffer.from('DICM'), Buffer.from([2, 0, 0x10, 0, 0x55, 0x49, 2, 0, 0x31, 0])]));
  const [series] = await listDicomSeries(dir);
  assert.deepEqual([series.volumes, series.slices, series.files.length, series.problem], [20, 2, 40, null]);
});

test('listing reports growing progress to 1 and stops when cancelled', async () => {
  const dir = folder('progress', syntheticSeries({ seriesUid: '1.2.7.1', seriesNumber: 1, description: 'ep2d_bold' }, 20, 2));
  const fractions: number[] = [];
  await listDicomSeries(dir, { onProgress: (f) => fractions.push(f) });
  assert.equal(fractions.length, 40);
  assert.equal(fractions.at(-1), 1);
  assert.ok(fractions.every((f, i) => i === 0 || f > fractions[i - 1]));
  const controller = new AbortController();
  await assert.rejects(listDicomSeries(dir, { signal: controller.signal, onProgress: (f) => { if (f > 0.2) controller.abort(); } }),
    (e) => code(e) === 'analysis.cancelled');
});
