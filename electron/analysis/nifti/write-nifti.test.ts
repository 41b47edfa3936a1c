import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { NiftiDatatype } from '../../../shared/imaging/nifti-header';
import { diagonalAffine, tempDir } from '../../../test-support/nifti-fixtures';
import { encodeNiftiHeader } from './encode-header';
import { readNiftiHeader } from './read-header';
import { readNiftiImage } from './read-image';
import { encodeVoxels, writeNifti } from './write-nifti';

/** Values that exercise each type's extremes and sign (raw stored values). */
const SAMPLES: Record<NiftiDatatype, number[]> = {
  uint8: [0, 1, 127, 128, 255],
  int8: [-128, -1, 0, 1, 127],
  int16: [-32768, -1234, 0, 1, 32767],
  uint16: [0, 1, 40000, 65534, 65535],
  int32: [-2147483648, -70000, 0, 1, 2147483647],
  uint32: [0, 1, 3000000000, 4294967295, 16777217],
  float32: [-1.5, 0, 0.1, 3.25e10, -7e-20],
  float64: [-1.5, 0, 0.1, 3.25e10, 1e-30],
};

const DIMS = [3, 2, 2, 5];
const COUNT = 3 * 2 * 2 * 5;
const AFFINE = diagonalAffine(2, 3, 4, [-90, -126, -72]);

function pattern(datatype: NiftiDatatype): number[] {
  const s = SAMPLES[datatype];
  return Array.from({ length: COUNT }, (_, i) => s[i % s.length]);
}

for (const datatype of Object.keys(SAMPLES) as NiftiDatatype[]) {
  test(`writeNifti → readNiftiImage round-trips ${datatype} in every version, byte order and compression`, async () => {
    const { dir, cleanup } = tempDir();
    try {
      const raw = pattern(datatype);
      for (const niftiVersion of [1, 2] as const) {
        for (const littleEndian of [true, false]) {
          for (const gzip of [false, true]) {
            const path = join(dir, `img-v${niftiVersion}-${littleEndian ? 'le' : 'be'}.${gzip ? 'nii.gz' : 'nii'}`);
            const scaled = niftiVersion === 2; // check scaling on half the files, unscaled values on the others
            await writeNifti(path, {
              dims: DIMS, affine: AFFINE, datatype, data: raw, trSeconds: 2.5,
              ...(scaled ? { sclSlope: 0.5, sclInter: -3 } : {}),
            }, { niftiVersion, littleEndian, gzip });
            const bytes = readFileSync(path);
            assert.equal(bytes[0] === 0x1f && bytes[1] === 0x8b, gzip, 'gzip magic matches the option');
            const { header, data } = await readNiftiImage(path);
            assert.equal(header.niftiVersion, niftiVersion);
            assert.equal(header.littleEndian, littleEndian);
            assert.equal(header.gzipped, gzip);
            assert.equal(header.datatype, datatype);
            assert.deepEqual(header.dims, [3, 2, 2, 5]);
            assert.equal(header.trSeconds, 2.5);
            assert.equal(header.voxOffset, niftiVersion === 1 ? 352 : 544);
            assert.equal(data.length, COUNT);
            const slope = scaled ? 0.5 : 1;
            const inter = scaled ? -3 : 0;
            for (let i = 0; i < COUNT; i++) {
              const stored = datatype === 'float32' ? Math.fround(raw[i]) : raw[i];
              assert.equal(data[i], Math.fround(stored * slope + inter), `${path} voxel ${i}`);
            }
          }
        }
      }
    } finally {
      cleanup();
    }
  });
}

test('writeNifti writes sform and a matching qform, units mm+s, codes and strings', async () => {
  const { dir, cleanup } = tempDir();
  try {
    // A 30° rotation about z with 2×3×4 mm voxels and a flipped x axis (det < 0 → qfac −1).
    const c = Math.cos(Math.PI / 6), s = Math.sin(Math.PI / 6);
    const affine = [-2 * c, -3 * s, 0, 10, -2 * s, 3 * c, 0, -20, 0, 0, 4, 30, 0, 0, 0, 1];
    const path = join(dir, 'oblique.nii');
    await writeNifti(path, { dims: [4, 4, 4], affine, datatype: 'uint8', data: new Uint8Array(64), description: 'phantom', intentCode: 0 });
    const h = await readNiftiHeader(path);
    assert.equal(h.sformCode, 4);
    assert.equal(h.qformCode, 4);
    assert.equal(h.affineSource, 'sform');
    assert.equal(h.description, 'phantom');
    assert.equal(h.ndim, 3);
    assert.deepEqual(h.dims, [4, 4, 4, 1]);
    assert.equal(h.trSeconds, null);
    for (let i = 0; i < 16; i++) {
      assert.ok(Math.abs(h.sform![i] - affine[i]) < 1e-5, `sform[${i}]`);
      assert.ok(Math.abs(h.qform![i] - affine[i]) < 1e-5, `qform[${i}] ${h.qform![i]} vs ${affine[i]}`);
    }
    // xyzt_units byte (offset 123) = mm (2) | s (8).
    assert.equal(readFileSync(path)[123], 10);
    for (let i = 0; i < 3; i++) assert.ok(Math.abs(h.voxelSizeMm[i] - [2, 3, 4][i]) < 1e-6);
  } finally {
    cleanup();
  }
});

test('writeNifti leaves no qform for a sheared affine, and honours explicit codes', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const sheared = [2, 0.5, 0, 0, 0, 2, 0, 0, 0, 0, 2, 0, 0, 0, 0, 1];
    const path = join(dir, 'shear.nii.gz');
    await writeNifti(path, { dims: [2, 2, 2], affine: sheared, datatype: 'int16', data: new Int16Array(8), sformCode: 2 });
    const h = await readNiftiHeader(path);
    assert.equal(h.sformCode, 2);
    assert.equal(h.qformCode, 0);
    assert.equal(h.qform, null);
    assert.deepEqual(h.affine, sheared);
    await assert.rejects(
      writeNifti(join(dir, 'bad.nii'), { dims: [2, 2, 2], affine: sheared, datatype: 'int16', data: new Int16Array(8), qformCode: 1 }),
      (e: Error & { code?: string }) => e.code === 'nifti.write-invalid' && /shear/.test(e.message),
    );
  } finally {
    cleanup();
  }
});

test('writeNifti is atomic: a bad value leaves neither the target nor a temporary file', async () => {
  const { dir, cleanup } = tempDir();
  try {
    // 3 M voxels: the out-of-range value sits in the second ~4 MiB chunk, after the first was written.
    const data = new Float32Array(3_000_000);
    data[2_999_999] = 40000;
    const path = join(dir, 'atomic.nii.gz');
    await assert.rejects(
      writeNifti(path, { dims: [300, 100, 100], affine: AFFINE, datatype: 'int16', data }),
      (e: Error & { code?: string }) => e.code === 'nifti.write-invalid' && /40000/.test(e.message) && /int16/.test(e.message),
    );
    assert.equal(existsSync(path), false);
    assert.deepEqual(readdirSync(dir), []);
    await assert.rejects(
      writeNifti(path, { dims: [2, 2, 2], affine: AFFINE, datatype: 'int16', data: new Int16Array(7) }),
      /need 8 values but 7 were given/,
    );
    await assert.rejects(
      writeNifti(join(dir, 'no-such-folder', 'x.nii'), { dims: [2, 2, 2], affine: AFFINE, datatype: 'int16', data: new Int16Array(8) }),
      (e: Error & { code?: string }) => e.code === 'nifti.write-failed' && /x\.nii: its folder .*no-such-folder does not exist/.test(e.message),
    );
  } finally {
    cleanup();
  }
});

test('writeNifti streams a multi-chunk image (12 MB float32) through gzip intact', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const n = 64 * 64 * 40 * 18; // 2.9 M voxels, 11.8 MB: three 4 MiB chunks
    const data = new Float32Array(n);
    for (let i = 0; i < n; i++) data[i] = (i % 1000) - 500 + i / n;
    const path = join(dir, 'big.nii.gz');
    await writeNifti(path, { dims: [64, 64, 40, 18], affine: AFFINE, datatype: 'float32', data, trSeconds: 0.8 });
    const raw = gunzipSync(readFileSync(path));
    assert.equal(raw.length, 352 + n * 4);
    const back = await readNiftiImage(path);
    assert.deepEqual(back.data, data);
    assert.equal(back.header.trSeconds, 0.8);
  } finally {
    cleanup();
  }
});

test('a hand-assembled file with vox_offset 1000 and bytes in the gap reads from the offset', async () => {
  const { dir, cleanup } = tempDir();
  try {
    for (const littleEndian of [true, false]) {
      const header = encodeNiftiHeader(
        { dims: [2, 3, 1, 2], affine: AFFINE, datatype: 'int16', sclSlope: 2, sclInter: 1, trSeconds: 3 },
        { niftiVersion: 1, littleEndian, voxOffset: 1000 },
      );
      header.fill(0xab, 360); // junk between the header and the data (beyond the 4-byte extension flag)
      const raw = [1, -2, 3, -4, 5, -6, 100, 200, 300, 400, 500, -32768];
      const file = Buffer.concat([header, encodeVoxels(raw, 0, raw.length, 'int16', littleEndian)]);
      assert.equal(file.length, 1000 + 24);
      const path = join(dir, `offset-${littleEndian}.nii`);
      writeFileSync(path, file);
      const { header: h, data } = await readNiftiImage(path);
      assert.equal(h.voxOffset, 1000);
      assert.deepEqual(Array.from(data), raw.map((v) => v * 2 + 1));
    }
  } finally {
    cleanup();
  }
});
