import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readNiftiImage } from '../../electron/analysis/nifti/read-image';
import { diagonalAffine, sharedDataFile } from '../../test-support/nifti-fixtures';
import { resampleNearest } from './resample';

test('a 1 mm mask resampled to a 2 mm grid: each 2 mm voxel takes the 1 mm voxel at its centre', () => {
  // Source: 8×8×8 at 1 mm from the origin; a box of ones at i 2..5, j 0..7, k 0..7.
  const source = { dims: [8, 8, 8], affine: diagonalAffine(1, 1, 1, [0, 0, 0]), data: new Float32Array(512) };
  for (let k = 0; k < 8; k++) for (let j = 0; j < 8; j++) for (let i = 2; i <= 5; i++) source.data[i + 8 * (j + 8 * k)] = 1;
  // Target: 4×4×4 at 2 mm from the origin: voxel i is at x = 2i → source i = 2i (0, 2, 4, 6).
  const out = resampleNearest(source, { dims: [4, 4, 4], affine: diagonalAffine(2, 2, 2, [0, 0, 0]) });
  assert.equal(out.length, 64);
  for (let k = 0; k < 4; k++) for (let j = 0; j < 4; j++) {
    assert.deepEqual(Array.from(out.subarray(4 * (j + 4 * k), 4 * (j + 4 * k) + 4)), [0, 1, 1, 0], `row j=${j} k=${k}`);
  }
});

test('half-voxel ties round up; points outside the source are 0', () => {
  // Target voxel centres at x = 0.5, 2.5, 4.5, 6.5, 8.5 on a 1 mm source of 8 voxels: source 1, 3, 5, 7, outside.
  const data = new Float32Array(8).map((_, i) => i); // value = index
  const out = resampleNearest(
    { dims: [8, 1, 1], affine: diagonalAffine(1, 1, 1, [0, 0, 0]), data },
    { dims: [5, 1, 1], affine: diagonalAffine(2, 1, 1, [0.5, 0, 0]) },
    3,
  );
  // Sampled values 1, 3, 5, 7, (outside): thresholded at ≥ 3 → 0, 1, 1, 1, 0.
  assert.deepEqual(Array.from(out), [0, 1, 1, 1, 0]);
});

test('probabilistic masks: ≥ threshold is inside (0.5 counts), NaN is outside; flipped axes follow the affines', () => {
  const data = [0.2, 0.5, 0.49, 0.9, Number.NaN];
  const src = { dims: [5, 1, 1], affine: diagonalAffine(1, 1, 1, [0, 0, 0]), data };
  assert.deepEqual(Array.from(resampleNearest(src, { dims: [5, 1, 1], affine: diagonalAffine(1, 1, 1, [0, 0, 0]) })), [0, 1, 0, 1, 0]);
  // Target x runs from 4 down to 0: the same world points in reverse order.
  const flipped = [-1, 0, 0, 4, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];
  assert.deepEqual(Array.from(resampleNearest(src, { dims: [5, 1, 1], affine: flipped })), [0, 1, 0, 1, 0].reverse());
  assert.deepEqual(Array.from(resampleNearest(src, { dims: [5, 1, 1], affine: diagonalAffine(1, 1, 1, [0, 0, 0]) }, 0.9)), [0, 0, 0, 1, 0]);
});

test('real templates: the 1 mm brain mask resampled to the 2 mm grid agrees with the 2 mm mask', async (t) => {
  const mask1 = sharedDataFile('templates/MNI152NLin2009cAsym_1mm_brainmask_niworkflows.nii.gz');
  const mask2 = sharedDataFile('templates/MNI152NLin2009cAsym_2mm_brainmask_niworkflows.nii.gz');
  if (!mask1 || !mask2) { t.skip('../shared/data templates absent'); return; }
  const one = await readNiftiImage(mask1);
  const two = await readNiftiImage(mask2);
  const resampled = resampleNearest(
    { dims: one.header.dims, affine: one.header.affine!, data: one.data },
    { dims: two.header.dims, affine: two.header.affine! },
  );
  let agree = 0, inBoth = 0, inEither = 0;
  for (let i = 0; i < resampled.length; i++) {
    const b = two.data[i] >= 0.5 ? 1 : 0;
    if (resampled[i] === b) agree++;
    if (resampled[i] && b) inBoth++;
    if (resampled[i] || b) inEither++;
  }
  const brain = resampled.reduce((s, v) => s + v, 0);
  // ~1.9 M mm³ of brain at 1 mm → ~230 k voxels at 2 mm (8 mm³ each).
  assert.ok(brain > 150_000 && brain < 300_000, `brain voxels ${brain}`);
  assert.ok(agree / resampled.length > 0.99, `agreement ${agree / resampled.length}`);
  assert.ok(inBoth / inEither > 0.97, `Jaccard ${inBoth / inEither}`);
});
