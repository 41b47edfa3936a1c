/**
 * loadBold on a native-space NIfTI: slice timing comes from the BIDS sidecar beside it; a sidecar
 * larger than any real one (or not a regular file) is not read and the header's TR is used instead.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { writeNifti } from '../nifti/write-nifti';
import { loadBold } from './load-inputs';

const dir = mkdtempSync(join(tmpdir(), 'krp-load-inputs-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const DIMS = [4, 4, 3, 20];
const AFFINE = [3, 0, 0, -6, 0, 3, 0, -6, 0, 0, 3, -3, 0, 0, 0, 1];

async function boldAt(name: string): Promise<string> {
  const path = join(dir, name);
  const data = Float32Array.from({ length: 4 * 4 * 3 * 20 }, (_, i) => 100 + (i % 7));
  await writeNifti(path, { dims: DIMS, affine: AFFINE, datatype: 'float32', data, trSeconds: 2.5, sformCode: 1, qformCode: 1 });
  return path;
}

test('the sidecar beside the NIfTI gives TR and slice timing', async () => {
  const path = await boldAt('sub_bold.nii');
  writeFileSync(join(dir, 'sub_bold.json'), JSON.stringify({ RepetitionTime: 2, SliceTiming: [0, 1, 0.5] }));
  const loaded = await loadBold({ kind: 'nifti', path });
  assert.equal(loaded.timingSource, 'bids-sidecar');
  assert.equal(loaded.timing.repetitionTime, 2);
  assert.deepEqual(loaded.timing.sliceTiming, [0, 1, 0.5]);
});

test('an oversized sidecar or a folder named like one is not read: the header TR, no slice timing', async () => {
  const big = await boldAt('big_bold.nii');
  // Valid JSON (trailing whitespace), so only the size bound keeps it out.
  writeFileSync(join(dir, 'big_bold.json'), JSON.stringify({ RepetitionTime: 2, SliceTiming: [0, 1, 0.5] }).padEnd(4 * 1024 * 1024 + 1, ' '));
  const fromBig = await loadBold({ kind: 'nifti', path: big });
  assert.equal(fromBig.timingSource, 'header');
  assert.equal(fromBig.timing.repetitionTime, 2.5);
  assert.equal(fromBig.timing.sliceTiming, null);

  const folder = await boldAt('dir_bold.nii');
  mkdirSync(join(dir, 'dir_bold.json'));
  const fromFolder = await loadBold({ kind: 'nifti', path: folder });
  assert.equal(fromFolder.timingSource, 'header');
});
