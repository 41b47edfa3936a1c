import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isKrpError } from '../errors';
import { acompcorComponents } from './acompcor';
import { column, fromColumns, zeros } from './matrix';
import { orthonormalColumns, projectOnto } from './linear-algebra';

function rng(seed: number) {
  let s = seed >>> 0;
  return () => { s = (s * 1664525 + 1013904223) >>> 0; return s / 4294967296 - 0.5; };
}

function detrend(x: Float64Array): Float64Array {
  const n = x.length;
  const { Q } = orthonormalColumns(fromColumns([new Float64Array(n).fill(1), Float64Array.from({ length: n }, (_, t) => t)]));
  const p = projectOnto(Q, x);
  return x.map((v, i) => v - p[i]);
}

const dot = (a: Float64Array, b: Float64Array) => a.reduce((s, v, i) => s + v * b[i], 0);

test('two planted time courses + tiny noise: the mean and first PC span them (R² ≈ 1)', () => {
  const r = rng(3);
  const n = 80, m = 300;
  const c1 = Float64Array.from({ length: n }, (_, t) => Math.sin(t / 3) + r());
  const c2 = Float64Array.from({ length: n }, (_, t) => Math.cos(t / 7) + 0.02 * t + r());
  const Y = zeros(n, m);
  for (let v = 0; v < m; v++) {
    const a = 1 + r(), b = 2 * r(), base = 500 + 100 * r(), drift = r();
    for (let t = 0; t < n; t++) Y.data[t * m + v] = base + drift * t + a * c1[t] + b * c2[t] + 1e-4 * r();
  }
  const comps = acompcorComponents(Y, 5);
  assert.equal(comps.rows, n);
  assert.equal(comps.cols, 5);
  const { Q } = orthonormalColumns(fromColumns([column(comps, 0), column(comps, 1)]));
  for (const c of [c1, c2]) {
    const d = detrend(c);
    const p = projectOnto(Q, d);
    const r2 = dot(p, p) / dot(d, d); // squared canonical correlation of c with span(comp0, comp1)
    assert.ok(r2 > 0.999999, `R² = ${r2}`);
  }
  // Column 0 is the voxel mean of the detrended series (zero mean); PCs are unit norm and orthogonal to it.
  const mean = column(comps, 0);
  assert.ok(Math.abs(mean.reduce((s, v) => s + v, 0)) < 1e-9);
  for (let k = 1; k < 5; k++) {
    const pc = column(comps, k);
    assert.ok(Math.abs(dot(pc, pc) - 1) < 1e-10);
    assert.ok(Math.abs(dot(pc, mean)) < 1e-9 * Math.sqrt(dot(mean, mean)));
  }
});

test('fewer voxels than components: M = 3 gives the mean + 2 PCs, M = 1 only the mean', () => {
  const r = rng(9);
  const n = 20;
  const Y3 = zeros(n, 3);
  for (let i = 0; i < Y3.data.length; i++) Y3.data[i] = r();
  assert.equal(acompcorComponents(Y3, 5).cols, 3);
  const Y1 = zeros(n, 1);
  for (let i = 0; i < n; i++) Y1.data[i] = r();
  const one = acompcorComponents(Y1, 5);
  assert.equal(one.cols, 1);
  // With a single voxel the "mean" is that voxel's detrended series.
  const d = detrend(column(Y1, 0));
  for (let t = 0; t < n; t++) assert.ok(Math.abs(one.data[t] - d[t]) < 1e-12);
});

test('an empty tissue mask is a KrpError', () => {
  assert.throws(() => acompcorComponents(zeros(10, 0)), (e) => isKrpError(e) && e.code === 'analysis.empty-noise-mask');
});
