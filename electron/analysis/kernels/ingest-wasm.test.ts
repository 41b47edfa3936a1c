/**
 * The per-volume work in WebAssembly (ingest-kernel.wat) gives the same bits as load-bold.ts's
 * TypeScript loop: the kept series, every voxel sum, min and max, the non-finite flags, the brain
 * sums per scan and the mean image — on native float32 data (read in place) and on scaled int16
 * and big-endian data (converted first), with NaN/Inf voxels, a constant voxel and voxel counts
 * that are not multiples of 4.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NiftiDatatype } from '../../../shared/imaging/nifti-header';
import { diagonalAffine, tempDir } from '../../../test-support/nifti-fixtures';
import { seededRandom } from '../../../test-support/seeded-random';
import { readNiftiHeader } from '../nifti/read-header';
import { writeNifti } from '../nifti/write-nifti';
import { loadBold, type LoadedBold } from '../steps/load-bold';
import { WasmSeedMap } from './seed-map-wasm';
import { WASM_BASE64 } from './ingest-kernel.wasm';

const DIMS: [number, number, number, number] = [7, 6, 5, 33]; // 210 voxels per volume

test('the committed ingest kernel bytes are what the .wat compiles to', async () => {
  const { compileWat } = await import('../../../scripts/build-wasm.mjs');
  const wat = readFileSync(new URL('./ingest-kernel.wat', import.meta.url), 'utf8');
  assert.equal(compileWat(wat, 'ingest-kernel.wat').toString('base64'), WASM_BASE64);
});

/** Raw stored values: smooth brain-like intensities, one constant voxel, a few NaN/Inf when float. */
function storedValues(datatype: NiftiDatatype, seed: number): Float64Array {
  const n = DIMS[0] * DIMS[1] * DIMS[2];
  const random = seededRandom(seed);
  const values = new Float64Array(n * DIMS[3]);
  for (let t = 0; t < DIMS[3]; t++) {
    for (let i = 0; i < n; i++) {
      const inside = i % 6 !== 0;
      const v = (inside ? 700 + (i % 11) * 30 : 5) + 25 * random() + 8 * Math.sin(t / 4 + i);
      values[t * n + i] = datatype === 'int16' ? Math.round(v) : v;
    }
    values[t * n + 13] = 640; // constant, inside
  }
  if (datatype !== 'int16') {
    values[3 * n + 20] = NaN; // scan 1 after the two dropped
    values[7 * n + 41] = Infinity;
    values[9 * n + 41] = -Infinity;
    values[0 * n + 55] = NaN; // a dropped volume: no effect
  }
  return values;
}

async function loadBoth(datatype: NiftiDatatype, options: { sclSlope?: number; sclInter?: number; littleEndian?: boolean; brainMask?: boolean }) {
  const { dir, cleanup } = tempDir();
  try {
    const path = join(dir, 'bold.nii.gz');
    await writeNifti(path, {
      dims: DIMS, affine: diagonalAffine(3, 3, 3, [-9, -9, -6]), datatype, data: storedValues(datatype, 17), trSeconds: 2,
      sclSlope: options.sclSlope, sclInter: options.sclInter,
    }, { littleEndian: options.littleEndian ?? true });
    const header = await readNiftiHeader(path);
    const n = DIMS[0] * DIMS[1] * DIMS[2];
    const brainMask = options.brainMask ? Uint8Array.from({ length: n }, (_, i) => (i % 6 !== 0 ? 1 : 0)) : null;
    const alsoKeep = Uint8Array.from({ length: n }, (_, i) => (i % 6 === 0 && i % 4 === 0 ? 1 : 0)); // some voxels outside the brain
    const common = { dropInitialVolumes: 2, alsoKeep, brainMask };
    const wasm = WasmSeedMap.create(DIMS[3] - 2);
    assert.ok(wasm !== null, 'WebAssembly SIMD is available in this Node');
    const viaWasm = await loadBold(path, header, { ...common, wasm });
    const viaTs = await loadBold(path, header, common);
    assert.ok(viaWasm.data.buffer instanceof SharedArrayBuffer, 'the WebAssembly path streamed into the shared heap');
    assert.ok(!(viaTs.data.buffer instanceof SharedArrayBuffer));
    return { viaWasm, viaTs };
  } finally {
    cleanup();
  }
}

function assertSameBits(a: LoadedBold, b: LoadedBold): void {
  const arrays: Array<[string, ArrayLike<number>, ArrayLike<number>]> = [
    ['kept', a.kept, b.kept], ['data', a.data, b.data], ['offset', a.offset, b.offset],
    ['sum', a.sums.sum, b.sums.sum], ['sumSq', a.sums.sumSq, b.sums.sumSq], ['min', a.sums.min, b.sums.min], ['max', a.sums.max, b.sums.max],
    ['nonFinite', a.nonFinite, b.nonFinite], ['inBrain', a.inBrain, b.inBrain], ['brainMask', a.brainMask, b.brainMask], ['meanImage', a.meanImage, b.meanImage],
  ];
  for (const [name, x, y] of arrays) {
    assert.equal(x.length, y.length, `${name}: length`);
    for (let i = 0; i < x.length; i++) assert.ok(Object.is(x[i], y[i]), `${name}[${i}]: ${x[i]} vs ${y[i]}`);
  }
  assert.equal(a.scans, b.scans);
  assert.equal(a.brainVoxels, b.brainVoxels);
  assert.equal(a.extremeVoxels, b.extremeVoxels);
  assert.deepEqual(a.brainScanSums, b.brainScanSums);
}

test('float32 read in place, with NaN/Inf and a constant voxel: same bits as the TypeScript loop', async () => {
  const { viaWasm, viaTs } = await loadBoth('float32', { brainMask: true });
  assertSameBits(viaWasm, viaTs);
  assert.ok(viaWasm.nonFinite.some((f) => f === 1), 'the NaN/Inf voxels are flagged');
  assert.equal(viaWasm.brainScanSums, null, 'an in-brain NaN withholds the brain sums on both paths');
  assert.ok(Number.isFinite(viaWasm.meanImage[20]) && viaWasm.meanImage[20] > 600, 'the NaN voxel\'s mean skips the NaN');
});

test('scaled int16 (converted first), brain mask from the first volume: same bits, brain sums taken', async () => {
  const { viaWasm, viaTs } = await loadBoth('int16', { sclSlope: 0.5, sclInter: 10 });
  assertSameBits(viaWasm, viaTs);
  assert.ok(viaWasm.brainScanSums !== null && viaWasm.brainScanSums.diffSquares[1] > 0);
  assert.ok(viaWasm.kept.length % 4 !== 0 || DIMS[0] * DIMS[1] * DIMS[2] % 4 !== 0, 'a count that is not a multiple of 4 is covered');
});

test('big-endian float32 (converted first): same bits', async () => {
  const { viaWasm, viaTs } = await loadBoth('float32', { littleEndian: false, brainMask: true });
  assertSameBits(viaWasm, viaTs);
});
