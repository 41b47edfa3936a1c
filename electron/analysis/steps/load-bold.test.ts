/**
 * The brain sums loadBold takes while the data streams in (global signal, DVARS) are exactly what
 * the passes over the data after the read give over the usable in-brain voxels — constant voxels
 * included in the brain mask add exact zeros — and are withheld when an in-brain voxel had a NaN.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { diagonalAffine, tempDir } from '../../../test-support/nifti-fixtures';
import { readNiftiHeader } from '../nifti/read-header';
import { writeNifti } from '../nifti/write-nifti';
import { dvarsFromDiffSquares, dvarsPercent } from '../qc-series';
import { loadBold } from './load-bold';
import { meanSignal, meanSignalFromSums, selectKept, voxelStatsFromSums } from './voxel-stats';

const DIMS: [number, number, number, number] = [7, 6, 5, 40];

async function load(values: Float32Array, brain: Uint8Array) {
  const { dir, cleanup } = tempDir();
  try {
    const path = join(dir, 'bold.nii.gz');
    await writeNifti(path, { dims: DIMS, affine: diagonalAffine(3, 3, 3, [-9, -9, -6]), datatype: 'float32', data: values, trSeconds: 2 });
    return await loadBold(path, await readNiftiHeader(path), { dropInitialVolumes: 2, alsoKeep: null, brainMask: brain });
  } finally {
    cleanup();
  }
}

function image(seed: number): { values: Float32Array; brain: Uint8Array } {
  const n = DIMS[0] * DIMS[1] * DIMS[2];
  let state = seed;
  const next = () => { state = (state * 1103515245 + 12345) % 2147483648; return state / 2147483648; };
  const values = new Float32Array(n * DIMS[3]);
  const brain = new Uint8Array(n);
  for (let i = 0; i < n; i++) brain[i] = i % 5 === 0 ? 0 : 1;
  for (let t = 0; t < DIMS[3]; t++) for (let i = 0; i < n; i++) values[t * n + i] = 800 + 300 * (i % 7) / 7 + 40 * next() + 10 * Math.sin(t / 3 + i);
  for (let t = 0; t < DIMS[3]; t++) values[t * n + 11] = 654.25; // a constant voxel inside the brain
  return { values, brain };
}

test('the sums taken while reading give exactly the global signal and DVARS of the passes after it', async () => {
  const { values, brain } = image(3);
  const loaded = await load(values, brain);
  const stats = voxelStatsFromSums(loaded.sums, loaded.scans, loaded.offset, loaded.nonFinite);
  const members = selectKept(loaded.kept.length, (j) => loaded.inBrain[j] === 1 && stats.usable[j] === 1);
  assert.ok(members.length < selectKept(loaded.kept.length, (j) => loaded.inBrain[j] === 1).length, 'the constant voxel is in the brain but not used');
  assert.ok(loaded.brainScanSums !== null);
  const global = meanSignal(loaded.data, loaded.scans, loaded.offset, members);
  assert.deepEqual(meanSignalFromSums(loaded.brainScanSums.sums, loaded.offset, members), global);
  const grand = global.reduce((a, b) => a + b, 0) / loaded.scans;
  const dvars = dvarsPercent(loaded.data, loaded.scans, loaded.kept.length, members, grand);
  assert.ok(dvars[1]! > 0.1);
  assert.deepEqual(dvarsFromDiffSquares(loaded.brainScanSums.diffSquares, members.length, grand), dvars);
});

test('a NaN in an in-brain voxel withholds the sums (the passes after the read leave that voxel out)', async () => {
  const { values, brain } = image(4);
  values[DIMS[0] * DIMS[1] * DIMS[2] * 10 + 13] = NaN; // scan 10 (8 after the two dropped), voxel 13 (in the brain)
  const loaded = await load(values, brain);
  assert.equal(loaded.brainScanSums, null);
  assert.equal(loaded.nonFinite[loaded.kept.indexOf(13)], 1);
});
