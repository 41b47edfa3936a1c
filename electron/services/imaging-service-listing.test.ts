/**
 * `imaging.listSeries` reads the headers in a worker thread (the analysis worker script), never on
 * the main process's thread: the result equals the same-thread reading of a planted folder, progress
 * arrives while the files are read, and cancel (or a new listing) stops it with
 * dicom.listing-cancelled.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DicomListingProgress } from '../../shared/api-imaging';
import { isKrpError } from '../../shared/errors';
import { syntheticSeries } from '../analysis/preprocess/dicom-test-writer';
import { listSeriesForPicker } from './dicom-listing';
import { ImagingService } from './imaging-service';

function plantedFolder(t: { after: (fn: () => void) => void }, boldVolumes: number, slices: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'krp-listing-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const add = (sub: string, files: Map<string, Buffer>) => {
    mkdirSync(join(dir, sub), { recursive: true });
    for (const [name, bytes] of files) writeFileSync(join(dir, sub, name), bytes);
  };
  add('bold', syntheticSeries({ seriesUid: '1.7.7', seriesNumber: 7, description: 'ep2d_bold_rest' }, boldVolumes, slices));
  add('t1', syntheticSeries({ seriesUid: '1.7.3', seriesNumber: 3, description: 'T1_mprage' }, 1, 40));
  return dir;
}

function service(progress: DicomListingProgress[]): ImagingService {
  const unused = () => { throw new Error('not used'); };
  return new ImagingService({ record: unused, dataDir: tmpdir(), onProgress: unused, onFinished: unused, onListingProgress: (p) => progress.push(p) });
}

test('the series are read in a worker: same list as reading them here, with progress up to the end', async (t) => {
  const dir = plantedFolder(t, 30, 4);
  const progress: DicomListingProgress[] = [];
  const list = await service(progress).listSeries(dir);
  assert.deepEqual(list, await listSeriesForPicker(dir));
  assert.deepEqual(list.series.map((s) => [s.seriesNumber, s.kind, s.volumes]), [[3, 't1', 1], [7, 'bold', 30]]);
  assert.equal(list.boldSeries, 7);
  assert.equal(list.t1Series, 3);
  assert.ok(progress.length >= 1, 'progress arrived');
  assert.ok(progress.every((p) => p.path === dir && p.fraction > 0 && p.fraction <= 1));
});

test('cancel while a large folder is read rejects with dicom.listing-cancelled; so does a listing replaced by a new one', async (t) => {
  const dir = plantedFolder(t, 400, 10); // 4040 files
  const progress: DicomListingProgress[] = [];
  const imaging = service(progress);
  let cancelledAt: number | null = null;
  const listing = imaging.listSeries(dir);
  // Cancel at the first progress event: the listing is then under way, far from its end.
  await new Promise<void>((resolve) => {
    const wait = setInterval(() => { if (progress.length > 0) { clearInterval(wait); resolve(); } }, 5);
  });
  cancelledAt = progress[0]!.fraction;
  imaging.cancelListing();
  await assert.rejects(listing, (e: unknown) => isKrpError(e) && e.code === 'dicom.listing-cancelled');
  assert.ok(cancelledAt < 1, 'cancelled midway');

  const first = imaging.listSeries(dir);
  const second = imaging.listSeries(dir);
  await assert.rejects(first, { code: 'dicom.listing-cancelled' });
  assert.equal((await second).series.length, 2);
});
