import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Vec3Tuple } from '../../../shared/imaging/affine';
import { smoothVolume } from '../preprocess/smooth';
import { seededRng } from '../phantom/rng';
import { WasmSmoother } from './smooth-wasm';
import { WASM_BASE64 } from './smooth-kernel.wasm';

test('the committed smoothing kernel bytes are what the .wat compiles to', async () => {
  const { compileWat } = await import('../../../scripts/build-wasm.mjs');
  const wat = readFileSync(new URL('./smooth-kernel.wat', import.meta.url), 'utf8');
  assert.equal(compileWat(wat, 'smooth-kernel.wat').toString('base64'), WASM_BASE64);
});

const cases: { dims: Vec3Tuple; voxelMm: Vec3Tuple; fwhm: number }[] = [
  { dims: [13, 11, 9], voxelMm: [2, 2, 2], fwhm: 8 },
  { dims: [30, 7, 21], voxelMm: [3, 2.5, 4], fwhm: 8 },
  { dims: [5, 6, 3], voxelMm: [2, 2, 2], fwhm: 8 },
  { dims: [40, 37, 33], voxelMm: [2, 2, 2], fwhm: 6 },
];

for (const { dims, voxelMm, fwhm } of cases) {
  test(`WebAssembly smoothing equals smoothVolume (${dims.join('×')}, ${voxelMm.join('×')} mm, ${fwhm} mm FWHM), twice in a row`, () => {
    const affine = [-voxelMm[0], 0, 0, 90, 0, voxelMm[1], 0, -126, 0, 0, voxelMm[2], -72, 0, 0, 0, 1];
    const smoother = WasmSmoother.create(dims, affine, fwhm);
    assert.ok(smoother, 'WebAssembly SIMD is available in this Node');
    const rng = seededRng(dims[0] * 7 + dims[2]);
    for (let round = 0; round < 2; round++) {
      const volume = new Float32Array(dims[0] * dims[1] * dims[2]);
      for (let i = 0; i < volume.length; i++) volume[i] = rng.uniform() < 0.3 ? 0 : 100 * rng.normal() + 50;
      const expected = smoothVolume(volume, dims, affine, fwhm);
      smoother.clear();
      for (let z = 0; z < dims[2]; z++) for (let y = 0; y < dims[1]; y++) for (let x = 0; x < dims[0]; x++) {
        smoother.input[smoother.index(x, y, z)] = volume[x + dims[0] * (y + dims[1] * z)];
      }
      const out = smoother.smooth();
      let maxDiff = 0;
      let maxAbs = 0;
      for (let z = 0; z < dims[2]; z++) for (let y = 0; y < dims[1]; y++) for (let x = 0; x < dims[0]; x++) {
        const e = expected[x + dims[0] * (y + dims[1] * z)];
        maxDiff = Math.max(maxDiff, Math.abs(out[smoother.index(x, y, z)] - e));
        maxAbs = Math.max(maxAbs, Math.abs(e));
      }
      assert.ok(maxAbs > 1, 'the smoothed test volume is not flat zero');
      assert.ok(maxDiff <= 2e-6 * maxAbs, `round ${round}: max |Δ| ${maxDiff} of max |value| ${maxAbs}`);
    }
  });
}

test('a constant volume stays constant up to the grid edge (the edge renormalisation)', () => {
  const dims: Vec3Tuple = [9, 10, 11];
  const smoother = WasmSmoother.create(dims, [2, 0, 0, 0, 0, 2, 0, 0, 0, 0, 2, 0, 0, 0, 0, 1], 8)!;
  smoother.clear();
  for (let z = 0; z < 11; z++) for (let y = 0; y < 10; y++) for (let x = 0; x < 9; x++) smoother.input[smoother.index(x, y, z)] = 5;
  const out = smoother.smooth();
  for (let z = 0; z < 11; z++) for (let y = 0; y < 10; y++) for (let x = 0; x < 9; x++) {
    assert.ok(Math.abs(out[smoother.index(x, y, z)] - 5) < 1e-5, `(${x},${y},${z}) = ${out[smoother.index(x, y, z)]}`);
  }
});
