// Hostile files are refused by readNiftiHeader before anything is allocated for their voxels:
// each with its own code and a message naming what is wrong.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { diagonalAffine, tempDir } from '../../../test-support/nifti-fixtures';
import { refusedWith } from '../../../test-support/assertions';
import { imageLimits } from '../input/image-limits';
import { readNiftiHeader } from './read-header';
import { streamVolumes } from './stream-volumes';
import { writeNifti } from './write-nifti';

const AFFINE = diagonalAffine(2, 2, 2, [-96, -132, -78]);

async function validNii(dir: string, extra: Partial<Parameters<typeof writeNifti>[1]> = {}): Promise<Buffer> {
  const path = join(dir, `valid-${Math.random()}.nii`);
  await writeNifti(path, { dims: [5, 4, 3, 25], affine: AFFINE, datatype: 'int16', data: new Int16Array(1500), trSeconds: 2, ...extra });
  return readFileSync(path);
}

test('a .nii longer than its header promises is refused (not analysed on the wrong geometry)', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const bytes = await validNii(dir);
    writeFileSync(join(dir, 'long.nii'), Buffer.concat([bytes, Buffer.alloc(120)]));
    await assert.rejects(readNiftiHeader(join(dir, 'long.nii')), refusedWith('nifti.size-mismatch', /promises 3352 bytes .* but the file has 3472/));
    writeFileSync(join(dir, 'long.nii.gz'), gzipSync(Buffer.concat([bytes, Buffer.alloc(120)])));
    await assert.rejects(readNiftiHeader(join(dir, 'long.nii.gz')), refusedWith('nifti.size-mismatch', /gzip trailer records 3472 bytes/));
    writeFileSync(join(dir, 'ok.nii.gz'), gzipSync(bytes));
    assert.equal((await readNiftiHeader(join(dir, 'ok.nii.gz'))).dataBytes, 3000);
  } finally {
    cleanup();
  }
});

test('the 4th magic byte is checked: "n+1X" is refused', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const bytes = await validNii(dir);
    bytes.write('X', 347, 'latin1');
    writeFileSync(join(dir, 'magic.nii'), bytes);
    await assert.rejects(readNiftiHeader(join(dir, 'magic.nii')), refusedWith('nifti.bad-magic', /damaged NIfTI signature/));
  } finally {
    cleanup();
  }
});

test('implausible affines are refused: infinite, 1e30 shear, 0.001 mm voxels, singular', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const bad: [string, number[], RegExp][] = [
      ['inf', [2, Infinity, 0, 0, 0, 2, 0, 0, 0, 0, 2, 0, 0, 0, 0, 1], /not finite/],
      ['huge', [2, -1e30, 0, 0, 0, 2, 0, 0, 0, 0, 2, 0, 0, 0, 0, 1], /voxel sizes are 2 × 1e\+30 × 2 mm/],
      ['tiny', [0.001, 0, 0, 0, 0, 2, 0, 0, 0, 0, 2, 0, 0, 0, 0, 1], /voxel sizes are 0.001 × 2 × 2 mm/],
      ['flat', [2, 2, 0, 0, 2, 2.0001, 0, 0, 0, 0, 2, 0, 0, 0, 0, 1], /singular or extremely sheared/],
      ['far', [2, 0, 0, 1e9, 0, 2, 0, 0, 0, 0, 2, 0, 0, 0, 0, 1], /origin lies more than 10 m away/],
    ];
    for (const [name, affine, why] of bad) {
      const bytes = await validNii(dir, { qformCode: 0, sformCode: 4 });
      // writeNifti stores float32 srows: write the row again exactly as given.
      for (let i = 0; i < 12; i++) bytes.writeFloatLE(affine[i], 280 + 4 * i);
      writeFileSync(join(dir, `${name}.nii`), bytes);
      await assert.rejects(readNiftiHeader(join(dir, `${name}.nii`)), refusedWith('nifti.implausible-affine', why), name);
    }
  } finally {
    cleanup();
  }
});

test('dims beyond memory or typed-array limits are refused before allocation, from a tiny file', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const bytes = await validNii(dir);
    // 2000 × 2000 × 2000 × 1000 int16: 1.6e13 bytes claimed by a 3 kB file.
    for (const [i, v] of [[42, 2000], [44, 2000], [46, 2000], [48, 1000]]) bytes.writeInt16LE(v, i);
    writeFileSync(join(dir, 'bomb.nii'), bytes);
    await assert.rejects(readNiftiHeader(join(dir, 'bomb.nii')), refusedWith('nifti.too-large', /more than this computer can analyse/));
    writeFileSync(join(dir, 'bomb.nii.gz'), gzipSync(bytes));
    await assert.rejects(readNiftiHeader(join(dir, 'bomb.nii.gz')), refusedWith('nifti.too-large', /8\.00e\+12 voxel-volumes/));
    // A configurable maximum: 1000 voxel-volumes refuses the valid 1500.
    writeFileSync(join(dir, 'ok.nii'), await validNii(dir));
    await assert.rejects(readNiftiHeader(join(dir, 'ok.nii'), { limits: imageLimits(256 << 20, { KRP_MAX_VOXEL_VOLUMES: '1000' }) }), refusedWith('nifti.too-large', /1\.50e\+3 voxel-volumes/));
    // Within the limits, but a 3 kB .gz cannot inflate to the 60 MB the header claims.
    const big = await validNii(dir);
    for (const [i, v] of [[42, 200], [44, 200], [46, 30], [48, 25]]) big.writeInt16LE(v, i);
    writeFileSync(join(dir, 'ratio.nii.gz'), gzipSync(big));
    await assert.rejects(readNiftiHeader(join(dir, 'ratio.nii.gz')), refusedWith('nifti.size-mismatch', /compressed file cannot hold that much/));
  } finally {
    cleanup();
  }
});

test('FIFOs, devices, folders and network (UNC) paths are refused without opening them', async (t) => {
  const { dir, cleanup } = tempDir();
  try {
    await assert.rejects(readNiftiHeader('\\\\server\\share\\bold.nii.gz'), refusedWith('input.network-path', /network share.*only local files/));
    await assert.rejects(readNiftiHeader('//server/share/bold.nii.gz'), refusedWith('input.network-path', /network share/));
    await assert.rejects(readNiftiHeader('/dev/null'), refusedWith('input.not-regular-file', /a device, not a regular file/));
    await assert.rejects(readNiftiHeader(dir), refusedWith('nifti.not-nifti', /is a folder/));
    if (process.platform === 'win32') { t.skip('no mkfifo on Windows'); return; }
    const fifo = join(dir, 'pipe.nii');
    execFileSync('mkfifo', [fifo]);
    // Opening a FIFO for reading would block until a writer appears: this must return at once.
    await assert.rejects(readNiftiHeader(fifo), refusedWith('input.not-regular-file', /named pipe \(FIFO\)/));
  } finally {
    cleanup();
  }
});

test('streaming a .nii.gz that inflates to more than the header promises is refused', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const bytes = await validNii(dir);
    writeFileSync(join(dir, 'a.nii.gz'), gzipSync(bytes));
    const header = await readNiftiHeader(join(dir, 'a.nii.gz'));
    // Same header, 64 extra bytes (as a trailer that wrapped around 2^32 would let through).
    writeFileSync(join(dir, 'a.nii.gz'), gzipSync(Buffer.concat([bytes, Buffer.alloc(64)])));
    let volumes = 0;
    await assert.rejects(streamVolumes(join(dir, 'a.nii.gz'), header, { onVolume: () => { volumes++; } }),
      refusedWith('nifti.size-mismatch', /holds more data than its header promises \(25 volumes\)/));
    assert.equal(volumes, 25);
  } finally {
    cleanup();
  }
});
