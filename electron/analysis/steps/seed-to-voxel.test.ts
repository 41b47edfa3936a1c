/**
 * The study's metric on planted voxel-level correlation: precuneus voxels with known, varying r
 * to the seed. The mean of the voxel z's and the z of the mean signal are checked against values
 * derived by hand (float64, written out here independently of the engine), without smoothing
 * (exact planted r) and with CONN's 8 mm smoothing (a direct 3D Gaussian sum as reference), on
 * both the WebAssembly and the JavaScript path.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cleaningOperator } from '../../../shared/imaging/cleaning-operator';
import { fromColumns } from '../../../shared/imaging/matrix';
import { WasmSeedMap } from '../kernels/seed-map-wasm';
import { AnalysisHelper } from '../parallel/analysis-helper';
import { seededRng } from '../phantom/rng';
import { seedToVoxel } from './seed-to-voxel';

const N = 64;
const DIMS: [number, number, number] = [12, 11, 10];
const VOXEL_MM = 2;
const AFFINE = [VOXEL_MM, 0, 0, 0, 0, VOXEL_MM, 0, 0, 0, 0, VOXEL_MM, 0, 0, 0, 0, 1];
const NVOX = DIMS[0] * DIMS[1] * DIMS[2];
const at = (x: number, y: number, z: number) => x + DIMS[0] * (y + DIMS[1] * z);

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}
/** Least-squares residual of y on a constant and a linear trend (what G does without a band). */
function detrend(y: ArrayLike<number>): Float64Array {
  const n = y.length;
  const tMean = (n - 1) / 2;
  let yMean = 0;
  for (let t = 0; t < n; t++) yMean += y[t] / n;
  let sty = 0;
  let stt = 0;
  for (let t = 0; t < n; t++) { sty += (t - tMean) * (y[t] - yMean); stt += (t - tMean) ** 2; }
  const b = sty / stt;
  return Float64Array.from({ length: n }, (_, t) => y[t] - yMean - b * (t - tMean));
}
function corr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  return dot(a, b) / Math.sqrt(dot(a, a) * dot(b, b));
}
/** Unit vectors orthogonal to each other and to the constant and the trend (Gram–Schmidt, float64). */
function orthonormalSeries(count: number, rng: ReturnType<typeof seededRng>): Float64Array[] {
  const basis: Float64Array[] = [Float64Array.from({ length: N }, () => 1), Float64Array.from({ length: N }, (_, t) => t)];
  const out: Float64Array[] = [];
  const all: Float64Array[] = [];
  for (const b of basis) { project(b, all); all.push(b); }
  for (let c = 0; c < count; c++) {
    const v = Float64Array.from({ length: N }, () => rng.normal());
    project(v, all);
    project(v, all);
    all.push(v);
    out.push(v);
  }
  return out;
  function project(v: Float64Array, onto: Float64Array[]) {
    for (const u of onto) { const c = dot(v, u); for (let t = 0; t < N; t++) v[t] -= c * u[t]; }
    const norm = Math.sqrt(dot(v, v));
    for (let t = 0; t < N; t++) v[t] /= norm;
  }
}

/** A grid whose precuneus block (4×4×2 = 32 voxels) has planted r_v between −0.1 and 0.9 to the seed. */
function plantedGrid(seedNumber: number) {
  const rng = seededRng(seedNumber);
  const roi: number[] = [];
  for (let z = 4; z < 6; z++) for (let y = 3; y < 7; y++) for (let x = 4; x < 8; x++) roi.push(at(x, y, z));
  const [seed, ...noise] = orthonormalSeries(1 + roi.length, rng);
  const plantedR = roi.map((_, m) => -0.1 + (1.0 * m) / (roi.length - 1));
  const series: Float64Array[] = Array.from({ length: NVOX }, () => {
    const base = 800 + 200 * rng.uniform();
    return Float64Array.from({ length: N }, (_, t) => base + 0.05 * t + 3 * rng.normal());
  });
  roi.forEach((g, m) => {
    const r = plantedR[m];
    series[g] = Float64Array.from({ length: N }, (_, t) => 1000 + 0.1 * t + 10 * (r * seed[t] + Math.sqrt(1 - r * r) * noise[m][t]));
  });
  return { seed, roi, plantedR, series };
}

/** The engine's input: every voxel kept, usable and in the analysis mask; data time-major, float32. */
async function engineRun(series: Float64Array[], seed: Float64Array, roi: number[], fwhmMm: number, useWasm: boolean, helper: AnalysisHelper | null = null) {
  const X = fromColumns([Float64Array.from({ length: N }, () => 1), Float64Array.from({ length: N }, (_, t) => t / N)]);
  const op = cleaningOperator(X, 2, null);
  const wasm = useWasm ? WasmSeedMap.create(N) : null;
  if (useWasm && wasm === null) return null;
  if (wasm !== null && helper !== null) helper.attach(wasm.heap);
  if (helper !== null) assert.ok(await helper.whenReady(), 'the helper thread started');
  const data = wasm ? wasm.allocateData(N * NVOX) : new Float32Array(N * NVOX);
  for (let t = 0; t < N; t++) for (let v = 0; v < NVOX; v++) data[t * NVOX + v] = series[v][t] - series[v][0];
  const seedCoefficients = Float64Array.from({ length: op.G.rows }, (_, k) => dot(op.G.data.subarray(k * N, (k + 1) * N), seed));
  const kept = Int32Array.from({ length: NVOX }, (_, i) => i);
  const ones = new Uint8Array(NVOX).fill(1);
  return seedToVoxel({
    data, scans: N, kept, grid: { dims: DIMS, affine: AFFINE }, G: op.G, seedCoefficients,
    usable: ones, include: ones, precuneus: Int32Array.from(roi), fwhmMm, wasm, helper,
  });
}

for (const useWasm of [true, false]) {
  const path = useWasm ? 'WebAssembly' : 'JavaScript';

  test(`no smoothing: mean of voxel z = mean atanh(planted r), z of the mean by formula, and they differ (${path})`, async (t) => {
    const { seed, roi, plantedR, series } = plantedGrid(7);
    const out = await engineRun(series, seed, roi, 0, useWasm);
    if (out === null) { t.skip('WebAssembly SIMD unavailable'); return; }
    const expectedMean = plantedR.reduce((s, r) => s + Math.atanh(r), 0) / roi.length;
    assert.ok(out.mean !== null);
    assert.equal(out.mean.voxels, roi.length);
    assert.ok(Math.abs(out.mean.meanZ - expectedMean) < 2e-5, `mean z ${out.mean.meanZ} vs hand ${expectedMean}`);
    roi.forEach((g, m) => assert.ok(Math.abs(out.zKept[g] - Math.atanh(plantedR[m])) < 1e-4, `voxel ${m}`));
    // z of the mean: the ROI mean series is r̄·s + (1/M)Σ√(1−r²)·n_m with orthonormal s, n_m.
    const M = roi.length;
    const rBar = plantedR.reduce((s, r) => s + r, 0) / M;
    const rest = plantedR.reduce((s, r) => s + (1 - r * r), 0) / (M * M);
    const zOfMean = Math.atanh(rBar / Math.sqrt(rBar * rBar + rest));
    const meanSeries = Float64Array.from({ length: N }, (_, t) => roi.reduce((s, g) => s + series[g][t], 0) / M);
    assert.ok(Math.abs(Math.atanh(corr(detrend(meanSeries), detrend(seed))) - zOfMean) < 1e-9, 'the formula for the z of the mean');
    assert.ok(zOfMean - expectedMean > 0.5, `z of the mean ${zOfMean} is far above the mean z ${expectedMean}: two different scales`);
  });

  test(`8 mm smoothing: every precuneus voxel z and their mean match a direct 3D Gaussian sum (${path})`, async (t) => {
    const { seed, roi, series } = plantedGrid(11);
    const out = await engineRun(series, seed, roi, 8, useWasm);
    if (out === null) { t.skip('WebAssembly SIMD unavailable'); return; }
    // Hand reference: σ = 8 / (2√(2 ln 2)) mm in voxels, the kernel truncated at ⌈4σ⌉ voxels per axis.
    const sigma = 8 / (2 * Math.sqrt(2 * Math.LN2)) / VOXEL_MM;
    const half = Math.ceil(4 * sigma);
    const w = (d: number) => (Math.abs(d) > half ? 0 : Math.exp(-(d * d) / (2 * sigma * sigma)));
    const cleanSeed = detrend(seed);
    let sum = 0;
    roi.forEach((g) => {
      const [x0, y0, z0] = [g % DIMS[0], Math.floor(g / DIMS[0]) % DIMS[1], Math.floor(g / (DIMS[0] * DIMS[1]))];
      const smoothed = new Float64Array(N);
      for (let z = 0; z < DIMS[2]; z++) for (let y = 0; y < DIMS[1]; y++) for (let x = 0; x < DIMS[0]; x++) {
        const weight = w(x - x0) * w(y - y0) * w(z - z0);
        if (weight === 0) continue;
        const s = series[at(x, y, z)];
        for (let t = 0; t < N; t++) smoothed[t] += weight * s[t];
      }
      const zv = Math.atanh(corr(detrend(smoothed), cleanSeed));
      assert.ok(Math.abs(out.zKept[g] - zv) < 2e-4, `voxel ${g}: ${out.zKept[g]} vs ${zv}`);
      sum += zv;
    });
    assert.ok(out.mean !== null);
    assert.ok(Math.abs(out.mean.meanZ - sum / roi.length) < 1e-4, `mean z ${out.mean.meanZ} vs ${sum / roi.length}`);
    assert.equal(out.mean.fwhmMm, 8);
  });
}

test('a helper thread sharing the coefficient product and the smoothing gives the same bits as one thread', async (t) => {
  const { seed, roi, series } = plantedGrid(5);
  const alone = await engineRun(series, seed, roi, 8, true);
  if (alone === null) { t.skip('WebAssembly SIMD unavailable'); return; }
  const helper = AnalysisHelper.start();
  assert.ok(helper !== null);
  try {
    const shared = await engineRun(series, seed, roi, 8, true, helper);
    assert.ok(shared !== null);
    assert.deepEqual(shared.zKept, alone.zKept);
    assert.deepEqual(shared.mean, alone.mean);
    assert.ok(alone.zKept.some((z) => Math.abs(z) > 0.3), 'the map has sizeable correlations');
  } finally {
    helper.stop();
  }
});

test('too few precuneus voxels in the analysis mask: no metric rather than a mean of a handful', async () => {
  const { seed, roi, series } = plantedGrid(3);
  const out = await engineRun(series, seed, roi.slice(0, 9), 0, false);
  assert.equal(out?.mean, null);
});
