/**
 * The series picker's view of the real Siemens XA30 session: both series listed with their facts,
 * the resting BOLD and the T1 pre-selected, and the patient identity only in `identities` (no row
 * carries a name, ID or birth date, nor a file path). Skips when the shared data is absent.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SKIP_MESSAGE, xa30Dir } from '../analysis/preprocess/dicom-test-data';
import { listSeriesForPicker } from './dicom-listing';

const dir = xa30Dir();

test('the XA30 session lists the BOLD run and the T1, both pre-selected', { skip: dir === null ? SKIP_MESSAGE : false }, async () => {
  const list = await listSeriesForPicker(dir!);
  assert.equal(list.series.length, 2);
  const bold = list.series.find((s) => s.kind === 'bold')!;
  const t1 = list.series.find((s) => s.kind === 't1')!;
  assert.equal(bold.seriesNumber, 7);
  assert.equal(bold.volumes, 20);
  assert.equal(bold.slices, 33);
  assert.ok(bold.trSeconds !== null && Math.abs(bold.trSeconds - 1.4) < 0.5, `TR ${bold.trSeconds}`);
  assert.equal(t1.seriesNumber, 5);
  assert.equal(t1.volumes, 1);
  assert.equal(list.boldSeries, 7);
  assert.equal(list.t1Series, 5);
  assert.ok(list.identities.length >= 1);
  for (const row of list.series) {
    assert.deepEqual(Object.keys(row).sort(), ['description', 'kind', 'matrix', 'modality', 'problem', 'seriesNumber', 'slices', 'trSeconds', 'volumes', 'voxelSizeMm']);
  }
});
