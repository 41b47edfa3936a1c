// Bad inputs end to end through the checks the analysis runs before reading voxels:
// readNiftiHeader → validateBoldHeader → decideSpace, on real files written to disk.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { decideSpace } from '../../../shared/imaging/space';
import { validateBoldHeader } from '../../../shared/imaging/validate-bold';
import { diagonalAffine, sharedDataFile, tempDir } from '../../../test-support/nifti-fixtures';
import { readNiftiHeader } from './read-header';
import { writeNifti } from './write-nifti';
import { refusedWith } from '../../../test-support/assertions';

/** What the analysis does first; resolves with the TR and space basis, or rejects with the first refusal. */
async function checkBold(path: string, trOverride: number | null = null, assumeMni = false) {
  const header = await readNiftiHeader(path);
  const tr = validateBoldHeader(header, { trOverride });
  const space = decideSpace(header, { assumeMni });
  return { tr, basis: space.basis };
}


const MNI2 = diagonalAffine(2, 2, 2, [-96, -132, -78]);
const SMALL = [8, 8, 8];

test('a good MNI series passes; 3D, 19 volumes, no TR, scanner space and an unknown FOV are refused', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const write = (name: string, dims: number[], extra: Record<string, unknown> = {}) =>
      writeNifti(join(dir, name), { dims, affine: MNI2, datatype: 'int16', data: new Int16Array(dims.reduce((a, b) => a * b)), trSeconds: 2, ...extra });
    await write('good.nii.gz', [...SMALL, 20]);
    assert.deepEqual(await checkBold(join(dir, 'good.nii.gz')), { tr: 2, basis: 'mni-code' });

    await write('t1.nii.gz', SMALL);
    await assert.rejects(checkBold(join(dir, 't1.nii.gz')), refusedWith('nifti.single-volume', /single volume.*bring the 4D resting-state series/));

    await write('short.nii.gz', [...SMALL, 19]);
    await assert.rejects(checkBold(join(dir, 'short.nii.gz')), refusedWith('nifti.too-few-volumes', /only 19 volumes/));

    await write('no-tr.nii.gz', [...SMALL, 30], { trSeconds: 0 });
    await assert.rejects(checkBold(join(dir, 'no-tr.nii.gz')), refusedWith('nifti.no-tr', /enter the repetition time/));
    assert.deepEqual(await checkBold(join(dir, 'no-tr.nii.gz'), 1.5), { tr: 1.5, basis: 'mni-code' });

    await write('scanner.nii.gz', [...SMALL, 30], { sformCode: 1 });
    await assert.rejects(checkBold(join(dir, 'scanner.nii.gz')), refusedWith('space.scanner', /scanner space/));
    assert.deepEqual(await checkBold(join(dir, 'scanner.nii.gz'), null, true), { tr: 2, basis: 'override' });

    // Code 2 on an 8×8×8 grid of 2 mm: a 14 mm field of view matches no MNI box.
    await write('aligned.nii.gz', [...SMALL, 30], { sformCode: 2 });
    await assert.rejects(checkBold(join(dir, 'aligned.nii.gz')), refusedWith('space.not-mni', /matches no standard MNI bounding box/));
  } finally {
    cleanup();
  }
});

test('the two real non-MNI BOLD runs are refused with their specific reasons', async (t) => {
  const haxby = sharedDataFile('bold/haxby2001_sub001_run001_bold_25mm.nii.gz');
  const feeds = sharedDataFile('bold/feeds_filtered_func_data_oro-nifti.nii.gz');
  if (!haxby || !feeds) { t.skip('../shared/data absent'); return; }
  await assert.rejects(checkBold(haxby), refusedWith('space.scanner', /scanner space.*space-MNI152NLin2009cAsym_desc-preproc_bold/));
  await assert.rejects(checkBold(feeds), refusedWith('space.no-orientation', /no usable orientation/));
  await assert.rejects(checkBold(feeds, null, true), refusedWith('space.no-orientation', /even when MNI space is assumed/));
});
