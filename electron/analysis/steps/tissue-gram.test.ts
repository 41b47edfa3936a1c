import { test } from 'node:test';
import assert from 'node:assert/strict';
import { acompcorFromGram, tissueGramOf } from '../../../shared/imaging/acompcor';
import { symmetricEigen } from '../../../shared/imaging/linear-algebra';
import { zeros } from '../../../shared/imaging/matrix';
import { seededRng } from '../phantom/rng';
import { tissueGramFromData } from './tissue-gram';

/**
 * The engine's time-major float32 data with 300 tissue voxels (not a multiple of the 128-voxel
 * block) among 500 kept voxels; the reference is aCompCor written out directly in float64:
 * detrend each voxel, project the voxel mean out of each, Y Yᵀ, Jacobi eigenvectors.
 */
test('tissue sums from the float32 data give the aCompCor of the direct float64 computation', () => {
  const rng = seededRng(41);
  const N = 90, V = 500;
  const data = new Float32Array(N * V);
  const c1 = Float64Array.from({ length: N }, (_, t) => Math.sin(t / 4));
  const c2 = Float64Array.from({ length: N }, (_, t) => Math.cos(t / 9) + 0.01 * t);
  for (let j = 0; j < V; j++) {
    const a = rng.normal(), b = rng.normal(), drift = 0.02 * rng.normal();
    for (let t = 0; t < N; t++) data[t * V + j] = a * c1[t] + b * c2[t] + drift * t + 0.3 * rng.normal();
  }
  const members = Int32Array.from({ length: 300 }, (_, m) => (m * 5) % V + (m * 5 >= V ? 1 : 0));
  const got = acompcorFromGram(tissueGramFromData(data, N, V, members), 5);

  // Reference.
  const M = members.length;
  const Y = zeros(N, M);
  const tc = Float64Array.from({ length: N }, (_, t) => t - (N - 1) / 2);
  const tss = tc.reduce((s, v) => s + v * v, 0);
  for (let m = 0; m < M; m++) {
    let mean = 0, slope = 0;
    for (let t = 0; t < N; t++) { const y = data[t * V + members[m]]; mean += y / N; slope += tc[t] * y / tss; }
    for (let t = 0; t < N; t++) Y.data[t * M + m] = data[t * V + members[m]] - mean - slope * tc[t];
  }
  const meanSignal = Float64Array.from({ length: N }, (_, t) => { let s = 0; for (let m = 0; m < M; m++) s += Y.data[t * M + m]; return s / M; });
  const mm = meanSignal.reduce((s, v) => s + v * v, 0);
  for (let m = 0; m < M; m++) {
    let c = 0;
    for (let t = 0; t < N; t++) c += meanSignal[t] * Y.data[t * M + m] / mm;
    for (let t = 0; t < N; t++) Y.data[t * M + m] -= c * meanSignal[t];
  }
  const C = zeros(N, N);
  for (let i = 0; i < N; i++) for (let j = 0; j < N; j++) { let s = 0; for (let m = 0; m < M; m++) s += Y.data[i * M + m] * Y.data[j * M + m]; C.data[i * N + j] = s; }
  const { vectors } = symmetricEigen(C);

  assert.equal(got.cols, 5);
  for (let t = 0; t < N; t++) assert.ok(Math.abs(got.data[t * 5] - meanSignal[t]) < 1e-12, `mean signal at ${t}`);
  for (let k = 1; k < 5; k++) {
    let dot = 0;
    for (let t = 0; t < N; t++) dot += got.data[t * 5 + k] * vectors.data[t * N + (k - 1)];
    assert.ok(Math.abs(Math.abs(dot) - 1) < 1e-9, `PC ${k}: |cos| = ${Math.abs(dot)}`);
  }
});

test('tissue sums: the same from blocks of the float32 data and from the matrix of the same values', () => {
  const rng = seededRng(5);
  const N = 31, V = 260;
  const data = Float32Array.from({ length: N * V }, () => 10 * rng.normal());
  const members = Int32Array.from({ length: V }, (_, j) => j);
  const series = zeros(N, V);
  for (let i = 0; i < N * V; i++) series.data[i] = data[i];
  const a = tissueGramFromData(data, N, V, members);
  const b = tissueGramOf(series);
  assert.equal(a.voxels, 260);
  for (let i = 0; i < N * N; i++) assert.ok(Math.abs(a.gram[i] - b.gram[i]) <= 1e-12 * Math.abs(b.gram[0]));
});

test('tissue sums: the WebAssembly SIMD products equal the TypeScript loop (odd scans, odd voxel count)', async () => {
  const { readFileSync } = await import('node:fs');
  const { compileWat } = await import('../../../scripts/build-wasm.mjs');
  const { WASM_BASE64 } = await import('../kernels/gram-kernel.wasm');
  const wat = readFileSync(new URL('../kernels/gram-kernel.wat', import.meta.url), 'utf8');
  assert.equal(compileWat(wat, 'gram-kernel.wat').toString('base64'), WASM_BASE64, 'the committed kernel bytes are what the .wat compiles to');
  const rng = seededRng(77);
  const N = 45, V = 301;
  const data = Float32Array.from({ length: N * V }, () => 5 * rng.normal());
  const members = Int32Array.from({ length: 299 }, (_, m) => m + 1);
  const simd = tissueGramFromData(data, N, V, members);
  const js = tissueGramFromData(data, N, V, members, { simd: false });
  assert.equal(simd.voxels, 299);
  let scale = 0;
  for (let i = 0; i < N; i++) scale = Math.max(scale, js.gram[i * N + i]);
  assert.ok(scale > 0);
  for (let i = 0; i < N * N; i++) assert.ok(Math.abs(simd.gram[i] - js.gram[i]) <= 1e-13 * scale, `entry ${i}: ${simd.gram[i]} vs ${js.gram[i]}`);
  for (let t = 0; t < N; t++) assert.equal(simd.sums[t], js.sums[t]);
});
