import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, readlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { constants, gunzipSync } from 'node:zlib';
import { diagonalAffine, sharedDataFile, tempDir } from '../../../test-support/nifti-fixtures';
import { volumeToFloat32 } from './convert-voxels';
import { readNiftiHeader } from './read-header';
import { streamVolumes } from './stream-volumes';
import { writeNifti } from './write-nifti';
import { refusedWith } from '../../../test-support/assertions';

const AFFINE = diagonalAffine(2, 2, 2, [-96, -132, -78]);
const NX = 10, NY = 10, NZ = 10, NT = 200;
const PER_VOLUME = NX * NY * NZ;
const VOLUME_BYTES = PER_VOLUME * 2; // int16

/** Stored value of voxel v in volume t: distinct per volume and voxel, within int16. */
const stored = (t: number, v: number) => ((t * 131 + v * 7) % 60000) - 30000;

async function writeSeries(path: string, gzip: boolean): Promise<void> {
  const data = new Int16Array(PER_VOLUME * NT);
  for (let t = 0; t < NT; t++) for (let v = 0; v < PER_VOLUME; v++) data[t * PER_VOLUME + v] = stored(t, v);
  await writeNifti(path, { dims: [NX, NY, NZ, NT], affine: AFFINE, datatype: 'int16', data, trSeconds: 2, sclSlope: 0.5, sclInter: 1 }, { gzip });
}


/** Whether this process still has `path` open (Linux /proc). */
function isOpen(path: string): boolean {
  for (const fd of readdirSync('/proc/self/fd')) {
    try { if (readlinkSync(`/proc/self/fd/${fd}`) === path) return true; } catch { /* fd closed meanwhile */ }
  }
  return false;
}

async function waitClosed(path: string): Promise<boolean> {
  for (let i = 0; i < 50; i++) {
    if (!isOpen(path)) return true;
    await new Promise((r) => setTimeout(r, 10));
  }
  return false;
}

for (const gzip of [false, true]) {
  const ext = gzip ? 'nii.gz' : 'nii';
  test(`streams every volume of a .${ext} in order, scaled, with progress`, async () => {
    const { dir, cleanup } = tempDir();
    try {
      const path = join(dir, `series.${ext}`);
      await writeSeries(path, gzip);
      const header = await readNiftiHeader(path);
      const seen: number[] = [];
      const progress: number[] = [];
      const out = new Float32Array(PER_VOLUME);
      let firstBuffer: Uint8Array | null = null;
      const count = await streamVolumes(path, header, {
        onVolume: async (t, bytes) => {
          firstBuffer ??= bytes;
          assert.equal(bytes, firstBuffer, 'the volume buffer is reused');
          assert.equal(bytes.byteLength, VOLUME_BYTES);
          volumeToFloat32(bytes, header, out);
          for (const v of [0, 1, 537, PER_VOLUME - 1]) assert.equal(out[v], stored(t, v) * 0.5 + 1, `t=${t} v=${v}`);
          seen.push(t);
          if (t % 50 === 0) await new Promise((r) => setTimeout(r, 1)); // an async consumer
        },
        onProgress: (f) => progress.push(f),
      });
      assert.equal(count, NT);
      assert.deepEqual(seen, Array.from({ length: NT }, (_, t) => t));
      assert.equal(progress.length, NT);
      assert.equal(progress[0], 1 / NT);
      assert.equal(progress[NT - 1], 1);
      assert.ok(await waitClosed(path), 'file closed');
    } finally {
      cleanup();
    }
  });

  test(`volumes.start/end deliver only the requested volumes of a .${ext}`, async () => {
    const { dir, cleanup } = tempDir();
    try {
      const path = join(dir, `series.${ext}`);
      await writeSeries(path, gzip);
      const header = await readNiftiHeader(path);
      const out = new Float32Array(PER_VOLUME);
      const seen: number[] = [];
      const count = await streamVolumes(path, header, {
        volumes: { start: 195 },
        onVolume: (t, bytes) => { volumeToFloat32(bytes, header, out); assert.equal(out[3], stored(t, 3) * 0.5 + 1); seen.push(t); },
      });
      assert.equal(count, 5);
      assert.deepEqual(seen, [195, 196, 197, 198, 199]);
      const middle: number[] = [];
      await streamVolumes(path, header, { volumes: { start: 10, end: 13 }, onVolume: (t) => { middle.push(t); } });
      assert.deepEqual(middle, [10, 11, 12]);
      assert.ok(await waitClosed(path), 'file closed after stopping early');
    } finally {
      cleanup();
    }
  });
}

test('a truncated .nii: the file ends after 37 of 200 volumes', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = join(dir, 'cut.nii');
    await writeSeries(path, false);
    const header = await readNiftiHeader(path); // read before the copy was cut short
    truncateSync(path, 352 + 37 * VOLUME_BYTES + 500);
    let delivered = 0;
    await assert.rejects(streamVolumes(path, header, { onVolume: () => { delivered++; } }),
      refusedWith('nifti.truncated', /^cut\.nii: the file ends after 37 of 200 volumes: it is incomplete — copy it again\.$/));
    assert.equal(delivered, 37);
  } finally {
    cleanup();
  }
});

test('a truncated .nii.gz: refused with the number of complete volumes it holds', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = join(dir, 'cut.nii.gz');
    await writeSeries(path, true);
    const header = await readNiftiHeader(path); // the header is intact: only streaming can tell
    const whole = readFileSync(path);
    const cut = whole.subarray(0, Math.floor(whole.length * 0.4));
    writeFileSync(path, cut);
    // Independently: what a tolerant gunzip recovers from the cut file, in whole volumes.
    const recovered = gunzipSync(cut, { finishFlush: constants.Z_SYNC_FLUSH }).length;
    const expected = Math.floor((recovered - 352) / VOLUME_BYTES);
    assert.ok(expected > 0 && expected < NT);
    // (readNiftiHeader itself now refuses the cut file from its gzip trailer: see read-header.test.ts.)
    await assert.rejects(streamVolumes(path, header, { onVolume: () => undefined }),
      refusedWith('nifti.truncated', new RegExp(`the file ends after ${expected} of 200 volumes: it is incomplete — copy it again`)));
    assert.ok(await waitClosed(path), 'file closed');
  } finally {
    cleanup();
  }
});

test('corrupt compressed data mid-stream is refused as damaged, after the volumes before it', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = join(dir, 'corrupt.nii.gz');
    await writeSeries(path, true);
    const bytes = Buffer.from(readFileSync(path));
    const at = Math.floor(bytes.length / 2);
    for (let i = at; i < at + 64; i++) bytes[i] ^= 0x5a;
    writeFileSync(path, bytes);
    const header = await readNiftiHeader(path);
    let delivered = 0;
    await assert.rejects(streamVolumes(path, header, { onVolume: () => { delivered++; } }),
      refusedWith('nifti.corrupt-gzip', /corrupt\.nii\.gz is damaged: its compressed data cannot be decompressed after volume \d+ of 200\. Copy the file again/));
    assert.ok(delivered < NT, `stopped at ${delivered}`);
  } finally {
    cleanup();
  }
});

test('cancellation: abort rejects with analysis.cancelled, promptly, no further volumes, file closed', async () => {
  const { dir, cleanup } = tempDir();
  try {
    for (const gzip of [false, true]) {
      const path = join(dir, `series.${gzip ? 'nii.gz' : 'nii'}`);
      await writeSeries(path, gzip);
      const header = await readNiftiHeader(path);
      const controller = new AbortController();
      const seen: number[] = [];
      await assert.rejects(streamVolumes(path, header, {
        signal: controller.signal,
        onVolume: (t) => { seen.push(t); if (t === 3) controller.abort(); },
      }), refusedWith('analysis.cancelled', /cancelled/));
      assert.deepEqual(seen, [0, 1, 2, 3]);
      assert.ok(await waitClosed(path), 'file closed after cancel');
      // Abort while a slow async consumer is working on volume 5: rejects as soon as it returns.
      const slow = new AbortController();
      const started = Date.now();
      const seenSlow: number[] = [];
      await assert.rejects(streamVolumes(path, header, {
        signal: slow.signal,
        onVolume: async (t) => {
          seenSlow.push(t);
          if (t === 5) { setTimeout(() => slow.abort(), 20); await new Promise((r) => setTimeout(r, 40)); }
        },
      }), refusedWith('analysis.cancelled', /cancelled/));
      assert.deepEqual(seenSlow, [0, 1, 2, 3, 4, 5]);
      assert.ok(Date.now() - started < 1000);
      // Already aborted: nothing is read.
      await assert.rejects(streamVolumes(path, header, { signal: AbortSignal.abort(), onVolume: () => assert.fail('no volume') }),
        refusedWith('analysis.cancelled', /cancelled/));
    }
  } finally {
    cleanup();
  }
});

test('real Haxby run streams 121 volumes whose values match a whole-file decompression', async (t) => {
  const haxby = sharedDataFile('bold/haxby2001_sub001_run001_bold_25mm.nii.gz');
  if (!haxby) { t.skip('../shared/data absent'); return; }
  const header = await readNiftiHeader(haxby);
  const whole = gunzipSync(readFileSync(haxby));
  const per = 6 * 10 * 10;
  const out = new Float32Array(per);
  let count = 0;
  await streamVolumes(haxby, header, {
    onVolume: (t, bytes) => {
      volumeToFloat32(bytes, header, out);
      for (let v = 0; v < per; v += 37) assert.equal(out[v], whole.readInt16LE(352 + 2 * (t * per + v)));
      count++;
    },
  });
  assert.equal(count, 121);
});

test('volumes are assembled in the caller\'s buffer when one is given (a shared one too); one too small is refused', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = join(dir, 'series.nii.gz');
    await writeSeries(path, true);
    const header = await readNiftiHeader(path);
    const own = new Uint8Array(new SharedArrayBuffer(VOLUME_BYTES + 32), 16, VOLUME_BYTES + 16);
    const seen: number[] = [];
    await streamVolumes(path, header, {
      volumes: { start: 3, end: 6 },
      volumeBuffer: own,
      onVolume: (t, bytes) => {
        assert.equal(bytes.buffer, own.buffer);
        assert.equal(bytes.byteOffset, 16);
        assert.equal(bytes.length, VOLUME_BYTES);
        const values = new Float32Array(PER_VOLUME);
        volumeToFloat32(bytes, header, values);
        assert.equal(values[17], stored(t, 17) * 0.5 + 1);
        seen.push(t);
      },
    });
    assert.deepEqual(seen, [3, 4, 5]);
    await assert.rejects(streamVolumes(path, header, { volumeBuffer: new Uint8Array(VOLUME_BYTES - 1), onVolume: () => undefined }), RangeError);
  } finally {
    cleanup();
  }
});
