import { test } from 'node:test';
import assert from 'node:assert/strict';
import { syntheticHeader } from '../../test-support/nifti-fixtures';
import { validateBoldHeader } from './validate-bold';
import { refusedWith } from '../../test-support/assertions';


test('a 4D series returns the header TR, or the override when given', () => {
  assert.equal(validateBoldHeader(syntheticHeader({ trSeconds: 2 })), 2);
  assert.equal(validateBoldHeader(syntheticHeader({ trSeconds: 2 }), { trOverride: 0.8 }), 0.8);
  assert.equal(validateBoldHeader(syntheticHeader({ trSeconds: null }), { trOverride: 2.5 }), 2.5);
  assert.equal(validateBoldHeader(syntheticHeader({ dims: [97, 115, 97, 20] }), { trOverride: null }), 2);
});

test('a 3D image is refused: bring the 4D series', () => {
  assert.throws(() => validateBoldHeader(syntheticHeader({ dims: [97, 115, 97, 1], ndim: 3 })),
    refusedWith('nifti.single-volume', /single volume \(a 3D image of 97×115×97 voxels\); bring the 4D resting-state series/));
  // A 4D header with one volume is a single volume too.
  assert.throws(() => validateBoldHeader(syntheticHeader({ dims: [97, 115, 97, 1], ndim: 4 })), refusedWith('nifti.single-volume', /single volume/));
});

test('fewer than 20 volumes is refused', () => {
  assert.throws(() => validateBoldHeader(syntheticHeader({ dims: [97, 115, 97, 19] })),
    refusedWith('nifti.too-few-volumes', /only 19 volumes; at least 20/));
});

test('non-positive voxel sizes are refused', () => {
  assert.throws(() => validateBoldHeader(syntheticHeader({ voxelSizeMm: [2, 0, 2] })), refusedWith('nifti.bad-voxel-size', /2 × 0 × 2 mm/));
  assert.throws(() => validateBoldHeader(syntheticHeader({ voxelSizeMm: [-2, 2, 2] })), refusedWith('nifti.bad-voxel-size', /must be positive/));
});

test('no TR in the header and none given: enter the repetition time', () => {
  assert.throws(() => validateBoldHeader(syntheticHeader({ trSeconds: null }), {}),
    refusedWith('nifti.no-tr', /enter the repetition time/));
});

test('implausible TRs (wrong unit) are refused, from the header or the user', () => {
  assert.throws(() => validateBoldHeader(syntheticHeader({ trSeconds: 2000 })), refusedWith('nifti.implausible-tr', /2000 s.*unit/));
  assert.throws(() => validateBoldHeader(syntheticHeader(), { trOverride: 2000 }), refusedWith('nifti.implausible-tr', /did you enter milliseconds\? 2000 ms is 2 s/));
  assert.throws(() => validateBoldHeader(syntheticHeader(), { trOverride: 0 }), refusedWith('nifti.implausible-tr', /0 s is not plausible/));
  assert.throws(() => validateBoldHeader(syntheticHeader(), { trOverride: Number.NaN }), refusedWith('nifti.implausible-tr', /NaN/));
});
