/**
 * bgzip and concatenated gzip (several members, each trailer recording only its own size) are
 * accepted: the header check counts the whole stream by capped streaming decompression, and the
 * voxels read back identical to a single-member file. Extra or missing data is still refused.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { diagonalAffine, tempDir } from '../../../test-support/nifti-fixtures';
import { refusedWith } from '../../../test-support/assertions';
import { readNiftiHeader } from './read-header';
import { readNiftiImage } from './read-image';
import { writeNifti } from './write-nifti';

/** Concatenated gzip members of `bytes` cut at `cuts` (bgzip cuts every 64 kB; any cut is valid gzip). */
function members(bytes: Buffer, cuts: number[]): Buffer {
  const edges = [0, ...cuts, bytes.length];
  return Buffer.concat(edges.slice(1).map((end, i) => gzipSync(bytes.subarray(edges[i], end))));
}

test('multi-member .nii.gz (bgzip-style) is read in full, equal to the single-member file', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const data = Float32Array.from({ length: 6 * 5 * 4 * 30 }, (_, i) => Math.sin(i) * 100 + 1000);
    const plain = join(dir, 'plain.nii');
    await writeNifti(plain, { dims: [6, 5, 4, 30], affine: diagonalAffine(2, 2, 2, [-6, -5, -4]), datatype: 'float32', data, trSeconds: 2 });
    const bytes = readFileSync(plain);
    // Cuts inside the header, mid-volume and near the end; the last member is tiny, so its trailer disagrees with the total.
    writeFileSync(join(dir, 'multi.nii.gz'), members(bytes, [100, 5000, 9000, bytes.length - 16]));
    const header = await readNiftiHeader(join(dir, 'multi.nii.gz'));
    assert.equal(header.dataBytes, data.length * 4);
    const image = await readNiftiImage(join(dir, 'multi.nii.gz'));
    assert.deepEqual(Array.from(image.data), Array.from(data));
    // bgzip-like 64 kB blocks of a larger file.
    const big = Float32Array.from({ length: 20 * 20 * 20 * 40 }, (_, i) => (i % 977) - 400);
    await writeNifti(join(dir, 'big.nii'), { dims: [20, 20, 20, 40], affine: diagonalAffine(2, 2, 2, [-20, -20, -20]), datatype: 'float32', data: big, trSeconds: 2 });
    const bigBytes = readFileSync(join(dir, 'big.nii'));
    const cuts = Array.from({ length: Math.floor(bigBytes.length / 65280) }, (_, i) => (i + 1) * 65280);
    writeFileSync(join(dir, 'bgzip.nii.gz'), members(bigBytes, cuts));
    const bigImage = await readNiftiImage(join(dir, 'bgzip.nii.gz'));
    assert.ok(bigImage.data.every((v, i) => v === big[i]));

    // Members that add up to more, or less, than the header promises are refused before any voxel is read.
    writeFileSync(join(dir, 'more.nii.gz'), members(Buffer.concat([bytes, Buffer.alloc(64)]), [100, 5000]));
    await assert.rejects(readNiftiHeader(join(dir, 'more.nii.gz')), refusedWith('nifti.size-mismatch', /decompresses to more than that/));
    writeFileSync(join(dir, 'less.nii.gz'), members(bytes.subarray(0, bytes.length - 400), [100, 5000]));
    await assert.rejects(readNiftiHeader(join(dir, 'less.nii.gz')), refusedWith('nifti.size-mismatch', new RegExp(`decompresses to ${bytes.length - 400} bytes`)));
  } finally {
    cleanup();
  }
});

test('a multi-member .nii.gz cut inside its last trailer is refused (its checksum cannot be verified)', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const data = Float32Array.from({ length: 4 * 4 * 4 * 25 }, (_, i) => i);
    await writeNifti(join(dir, 'p.nii'), { dims: [4, 4, 4, 25], affine: diagonalAffine(2, 2, 2, [-4, -4, -4]), datatype: 'float32', data, trSeconds: 2 });
    const whole = members(readFileSync(join(dir, 'p.nii')), [2000]);
    writeFileSync(join(dir, 'cut.nii.gz'), whole.subarray(0, whole.length - 3));
    await assert.rejects(readNiftiHeader(join(dir, 'cut.nii.gz')), refusedWith('nifti.truncated', /ends before the gzip end marker/));
  } finally {
    cleanup();
  }
});
