/**
 * Which images preprocessing gets: the pre-selected T1, another series of the folder chosen by
 * number, none on request, and the specific refusals (a functional run or a localizer as T1, an
 * unknown number, conflicting choices) — on planted DICOM layouts whose series are known.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { chooseInputs, type InputSpec } from './run-analysis';
import { syntheticSeries } from './dicom-test-writer';

const root = mkdtempSync(join(tmpdir(), 'krp-choose-inputs-'));
after(() => rmSync(root, { recursive: true, force: true }));

/** A session: localizer (1), BOLD (7, 20 volumes), two T1s (3: 'T1_mprage', 40 slices; 9: 't1_tfl_repeat', 30 slices). */
function session(): string {
  const dir = join(root, 'session');
  const add = (sub: string, files: Map<string, Buffer>) => {
    mkdirSync(join(dir, sub), { recursive: true });
    for (const [name, bytes] of files) writeFileSync(join(dir, sub, name), bytes);
  };
  add('loc', syntheticSeries({ seriesUid: '1.9.1', seriesNumber: 1, description: 'AAHead_Scout', imageType: 'ORIGINAL\\PRIMARY\\LOCALIZER' }, 1, 3));
  add('bold', syntheticSeries({ seriesUid: '1.9.7', seriesNumber: 7, description: 'ep2d_bold_rest' }, 20, 4));
  add('t1a', syntheticSeries({ seriesUid: '1.9.3', seriesNumber: 3, description: 'T1_mprage', repetitionTimeMs: 2300 }, 1, 40));
  add('t1b', syntheticSeries({ seriesUid: '1.9.9', seriesNumber: 9, description: 't1_tfl_repeat', repetitionTimeMs: 2300 }, 1, 30));
  return dir;
}

const dir = session();
const spec = (over: Partial<InputSpec>): InputSpec => ({ path: dir, t1Path: null, series: null, noPreprocess: false, ...over });
const seriesOf = (files: string[]) => new Set(files.map((f) => f.split(/[\\/]/).at(-2)));

test('the pre-selected T1 by default, another T1 series of the folder by number, none on request', async () => {
  const byDefault = await chooseInputs(spec({}));
  assert.equal(byDefault.bold.kind, 'dicom');
  assert.deepEqual(byDefault.bold.kind === 'dicom' && [...seriesOf(byDefault.bold.files)], ['bold']);
  assert.deepEqual(byDefault.t1?.kind === 'dicom' && [...seriesOf(byDefault.t1.files)], ['t1a'], 'the largest T1 is pre-selected');
  const other = await chooseInputs(spec({ t1Series: 9 }));
  assert.deepEqual(other.t1?.kind === 'dicom' && [...seriesOf(other.t1.files)], ['t1b']);
  assert.equal(other.t1?.kind === 'dicom' && other.t1.files.length, 30);
  const none = await chooseInputs(spec({ noT1: true }));
  assert.equal(none.t1, null);
  // A T1 chosen in another folder by number.
  const fromOther = await chooseInputs(spec({ t1Path: dir, t1Series: 9 }));
  assert.deepEqual(fromOther.t1?.kind === 'dicom' && [...seriesOf(fromOther.t1.files)], ['t1b']);
});

test('a T1 choice that cannot be a structural image, or that contradicts another, is refused with its own code', async () => {
  await assert.rejects(chooseInputs(spec({ t1Series: 7 })), (e: Error & { code?: string }) => e.code === 'dicom.not-structural' && /20 volumes/.test(e.message));
  await assert.rejects(chooseInputs(spec({ t1Series: 1 })), { code: 'dicom.not-structural' });
  await assert.rejects(chooseInputs(spec({ t1Series: 42 })), (e: Error & { code?: string }) => e.code === 'dicom.series-not-found' && /1, 7, 3, 9|1, 3, 7, 9/.test(e.message));
  await assert.rejects(chooseInputs(spec({ noT1: true, t1Series: 9 })), { code: 'input.t1-conflict' });
  await assert.rejects(chooseInputs(spec({ noT1: true, t1Path: dir })), { code: 'input.t1-conflict' });
  await assert.rejects(chooseInputs(spec({ t1Path: join(root, 't1.nii.gz'), t1Series: 9 })), { code: 'input.t1-series-with-nifti' });
});
