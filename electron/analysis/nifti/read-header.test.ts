import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { diagonalAffine, sharedDataFile, tempDir } from '../../../test-support/nifti-fixtures';
import { readNiftiHeader } from './read-header';
import { writeNifti } from './write-nifti';
import { refusedWith } from '../../../test-support/assertions';


const AFFINE = diagonalAffine(2, 2, 2, [-96, -132, -78]);

/** A small valid 4D NIfTI-1 (.nii, little-endian int16 5×4×3×25) as bytes. */
async function validNiiBytes(dir: string, extra: Partial<Parameters<typeof writeNifti>[1]> = {}): Promise<Buffer> {
  const path = join(dir, `valid-${Math.random()}.nii`);
  await writeNifti(path, { dims: [5, 4, 3, 25], affine: AFFINE, datatype: 'int16', data: new Int16Array(1500), trSeconds: 2, ...extra });
  return readFileSync(path);
}

test('reads every header field of a written NIfTI-2 big-endian .nii.gz', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = join(dir, 'v2.nii.gz');
    await writeNifti(path, { dims: [5, 4, 3, 25], affine: AFFINE, datatype: 'uint16', data: new Uint16Array(1500), trSeconds: 0.72, sclSlope: 0.25, sclInter: 10, sformCode: 2, description: 'hello' }, { niftiVersion: 2, littleEndian: false });
    const h = await readNiftiHeader(path);
    assert.deepEqual(h, {
      niftiVersion: 2, dims: [5, 4, 3, 25], ndim: 4, voxelSizeMm: [2, 2, 2], datatype: 'uint16', datatypeCode: 512, bitpix: 16,
      littleEndian: false, voxOffset: 544, sclSlope: 0.25, sclInter: 10, sformCode: 2, qformCode: 2,
      sform: AFFINE, qform: AFFINE, affine: AFFINE, affineSource: 'sform', spaceCode: 2, trSeconds: 0.72, timeUnits: 'sec',
      description: 'hello', gzipped: true, fileBytes: readFileSync(path).length, dataBytes: 5 * 4 * 3 * 25 * 2,
    });
  } finally {
    cleanup();
  }
});

test('gzip is detected by magic bytes, not by the name', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const bytes = await validNiiBytes(dir);
    writeFileSync(join(dir, 'compressed-but-named.nii'), gzipSync(bytes));
    writeFileSync(join(dir, 'plain-but-named.nii.gz'), bytes);
    const a = await readNiftiHeader(join(dir, 'compressed-but-named.nii'));
    const b = await readNiftiHeader(join(dir, 'plain-but-named.nii.gz'));
    assert.equal(a.gzipped, true);
    assert.equal(b.gzipped, false);
    assert.deepEqual(a.dims, [5, 4, 3, 25]);
    assert.deepEqual(b.dims, [5, 4, 3, 25]);
  } finally {
    cleanup();
  }
});

test('TR from pixdim[4] and xyzt_units: s, ms, µs, unknown unit, zero', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const base = await validNiiBytes(dir);
    const cases: [number, number, number | null, string][] = [
      [2.5, 8, 2.5, 'sec'], [2000, 16, 2, 'msec'], [800000, 24, 0.8, 'usec'], [2, 0, 2, 'unknown'], [2000, 0, null, 'unknown'], [0, 8, null, 'sec'],
    ];
    for (const [pixdim4, units, tr, unitName] of cases) {
      const bytes = Buffer.from(base);
      bytes.writeFloatLE(pixdim4, 76 + 4 * 4);
      bytes[123] = 2 | units;
      const path = join(dir, `tr-${pixdim4}-${units}.nii`);
      writeFileSync(path, bytes);
      const h = await readNiftiHeader(path);
      assert.equal(h.trSeconds, tr, `pixdim4 ${pixdim4} units ${units}`);
      assert.equal(h.timeUnits, unitName);
    }
  } finally {
    cleanup();
  }
});

test('sform preferred; qform used when sform code is 0; none when both are 0; slope 0 means no scaling', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const base = await validNiiBytes(dir, { sclSlope: 3, sclInter: 4 });
    const qOnly = Buffer.from(base);
    qOnly.writeInt16LE(0, 254); // sform_code 0
    qOnly.writeInt16LE(1, 252); // qform_code 1
    writeFileSync(join(dir, 'q.nii'), qOnly);
    const q = await readNiftiHeader(join(dir, 'q.nii'));
    assert.equal(q.affineSource, 'qform');
    assert.equal(q.spaceCode, 1);
    assert.equal(q.sform, null);
    assert.deepEqual(q.affine, AFFINE);
    assert.equal(q.sclSlope, 3);
    assert.equal(q.sclInter, 4);
    const none = Buffer.from(qOnly);
    none.writeInt16LE(0, 252);
    none.writeFloatLE(0, 112); // scl_slope 0: no scaling, whatever scl_inter says
    writeFileSync(join(dir, 'none.nii'), none);
    const n = await readNiftiHeader(join(dir, 'none.nii'));
    assert.equal(n.affineSource, 'none');
    assert.equal(n.affine, null);
    assert.equal(n.spaceCode, 0);
    assert.equal(n.sclSlope, 1);
    assert.equal(n.sclInter, 0);
  } finally {
    cleanup();
  }
});

test('not a NIfTI: a PNG, a text file, an empty file, a gzipped text file, a folder, a missing file', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const png = Buffer.alloc(600);
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(png);
    writeFileSync(join(dir, 'scan.nii'), png);
    await assert.rejects(readNiftiHeader(join(dir, 'scan.nii')),
      refusedWith('nifti.not-nifti', /scan\.nii is not a NIfTI image \(it looks like a PNG image\)\. Choose the resting-state series as a \.nii or \.nii\.gz file/));
    const text = 'subject,age\n'.repeat(100);
    writeFileSync(join(dir, 'notes.nii'), text);
    await assert.rejects(readNiftiHeader(join(dir, 'notes.nii')), refusedWith('nifti.not-nifti', /looks like a text file/));
    writeFileSync(join(dir, 'notes.nii.gz'), gzipSync(text));
    await assert.rejects(readNiftiHeader(join(dir, 'notes.nii.gz')), refusedWith('nifti.not-nifti', /looks like a text file/));
    writeFileSync(join(dir, 'empty.nii'), '');
    await assert.rejects(readNiftiHeader(join(dir, 'empty.nii')), refusedWith('nifti.not-nifti', /an empty file/));
    const dicom = Buffer.alloc(600);
    dicom.write('DICM', 128, 'latin1');
    writeFileSync(join(dir, 'IM0001'), dicom);
    await assert.rejects(readNiftiHeader(join(dir, 'IM0001')), refusedWith('nifti.not-nifti', /DICOM.*dcm2niix/));
    mkdirSync(join(dir, 'folder.nii'));
    await assert.rejects(readNiftiHeader(join(dir, 'folder.nii')), refusedWith('nifti.not-nifti', /is a folder/));
    await assert.rejects(readNiftiHeader(join(dir, 'missing.nii.gz')), refusedWith('nifti.not-found', /missing\.nii\.gz was not found/));
  } finally {
    cleanup();
  }
});

test('corrupt gzip in the header region, and a .gz cut inside the header', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const gz = gzipSync(await validNiiBytes(dir));
    const corrupt = Buffer.from(gz);
    corrupt.fill(0xff, 10, 40); // deflate data right after the 10-byte gzip header
    writeFileSync(join(dir, 'corrupt.nii.gz'), corrupt);
    await assert.rejects(readNiftiHeader(join(dir, 'corrupt.nii.gz')),
      refusedWith('nifti.corrupt-gzip', /corrupt\.nii\.gz is damaged: its compressed data cannot be decompressed.*Copy the file again/));
    writeFileSync(join(dir, 'cut.nii.gz'), gz.subarray(0, 12));
    await assert.rejects(readNiftiHeader(join(dir, 'cut.nii.gz')), refusedWith('nifti.truncated', /decompresses to only \d+ bytes, less than a NIfTI header/));
  } finally {
    cleanup();
  }
});

test('unsupported datatypes are named', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const base = await validNiiBytes(dir);
    for (const [code, name] of [[32, 'complex64'], [128, 'rgb24'], [1024, 'int64'], [4000, 'code 4000']] as const) {
      const bytes = Buffer.from(base);
      bytes.writeInt16LE(code, 70);
      writeFileSync(join(dir, 'dt.nii'), bytes);
      await assert.rejects(readNiftiHeader(join(dir, 'dt.nii')),
        refusedWith('nifti.unsupported-datatype', new RegExp(`stores voxels as ${name} \\(NIfTI datatype ${code}\\).*Convert it to float32`)));
    }
  } finally {
    cleanup();
  }
});

test('invalid dims: dim[0] out of range, a zero dimension, a 5th dimension', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const base = await validNiiBytes(dir);
    const cases: [number, number, RegExp][] = [
      [40, 0, /number of dimensions must be 1 to 7/], [40, 9, /number of dimensions must be 1 to 7/],
      [44, 0, /dimension 2 is 0/], [42, -5, /dimension 1 is -5/],
    ];
    for (const [offset, value, pattern] of cases) {
      const bytes = Buffer.from(base);
      bytes.writeInt16LE(value, offset);
      writeFileSync(join(dir, 'dims.nii'), bytes);
      await assert.rejects(readNiftiHeader(join(dir, 'dims.nii')), refusedWith('nifti.dims-invalid', pattern));
    }
    const fiveD = Buffer.from(base);
    fiveD.writeInt16LE(5, 40);
    fiveD.writeInt16LE(2, 50);
    writeFileSync(join(dir, 'five.nii'), fiveD);
    await assert.rejects(readNiftiHeader(join(dir, 'five.nii')), refusedWith('nifti.dims-invalid', /5 dimensions; the app reads 3D images and 4D time series only/));
  } finally {
    cleanup();
  }
});

test('a .nii shorter than vox_offset + data: dimensions disagree with the file size', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = join(dir, 'short.nii');
    writeFileSync(path, await validNiiBytes(dir));
    truncateSync(path, 352 + 2999);
    await assert.rejects(readNiftiHeader(path),
      refusedWith('nifti.size-mismatch', /short\.nii: the header promises 3352 bytes \(5×4×3×25 voxels of int16 after a 352-byte header\) but the file has 3351\./));
  } finally {
    cleanup();
  }
});

test('a two-file .hdr header (magic ni1) is refused with how to convert it', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const bytes = Buffer.from(await validNiiBytes(dir));
    bytes.write('ni1\0', 344, 'latin1');
    writeFileSync(join(dir, 'scan.hdr'), bytes.subarray(0, 348));
    await assert.rejects(readNiftiHeader(join(dir, 'scan.hdr')), refusedWith('nifti.hdr-img-pair', /\.hdr \+ \.img.*single \.nii/));
  } finally {
    cleanup();
  }
});

test('real files: Haxby (int16, TR 2.5 s, scanner space) and FEEDS (header stripped, extensions, no orientation)', async (t) => {
  const haxby = sharedDataFile('bold/haxby2001_sub001_run001_bold_25mm.nii.gz');
  const feeds = sharedDataFile('bold/feeds_filtered_func_data_oro-nifti.nii.gz');
  const mask = sharedDataFile('templates/MNI152NLin2009cAsym_1mm_brainmask_niworkflows.nii.gz');
  if (!haxby || !feeds || !mask) { t.skip('../shared/data absent'); return; }
  const h = await readNiftiHeader(haxby);
  assert.deepEqual(h.dims, [6, 10, 10, 121]);
  assert.equal(h.datatype, 'int16');
  assert.equal(h.trSeconds, 2.5);
  assert.equal(h.sformCode, 1);
  assert.equal(h.qformCode, 1);
  assert.deepEqual(h.affine, [-25, 0, 0, 62.5, 0, 25, 0, -112.5, 0, 0, 25, -112.5, 0, 0, 0, 1]);
  for (let i = 0; i < 16; i++) assert.ok(Math.abs(h.qform![i] - h.sform![i]) < 1e-6, 'qform agrees with sform');
  assert.equal(h.gzipped, true);
  assert.equal(h.description, 'FSL5.0');
  const f = await readNiftiHeader(feeds);
  assert.deepEqual(f.dims, [64, 64, 21, 64]);
  assert.equal(f.voxOffset, 1296);
  assert.equal(f.affineSource, 'none');
  assert.equal(f.timeUnits, 'unknown');
  assert.equal(f.trSeconds, 1);
  const m = await readNiftiHeader(mask);
  assert.deepEqual(m.dims, [193, 229, 193, 1]);
  assert.equal(m.ndim, 3);
  assert.equal(m.sclSlope, Math.fround(1 / 255));
  assert.equal(m.spaceCode, 4);
  assert.equal(m.qform, null);
});
