import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isKrpError } from '../errors';
import { bandEdgeAboveNyquist, bandpassBasis, connBandpass, dctVector } from './bandpass';
import { fft } from './fft';
import { get, multiply, transpose } from './matrix';

const CONN_BAND = { lowHz: 0.008, highHz: 0.09 };

function rng(seed: number) {
  let s = seed >>> 0;
  return () => { s = (s * 1664525 + 1013904223) >>> 0; return s / 4294967296 - 0.5; };
}

test('fft matches the naive DFT for power-of-two, even, odd and prime lengths', () => {
  for (const n of [1, 2, 8, 12, 15, 17, 64, 101]) {
    const r = rng(n);
    const x = Array.from({ length: n }, r);
    const y = Array.from({ length: n }, r);
    const re = Float64Array.from(x), im = Float64Array.from(y);
    fft(re, im);
    for (let k = 0; k < n; k++) {
      let sr = 0, si = 0;
      for (let t = 0; t < n; t++) {
        const a = (-2 * Math.PI * k * t) / n;
        sr += x[t] * Math.cos(a) - y[t] * Math.sin(a);
        si += x[t] * Math.sin(a) + y[t] * Math.cos(a);
      }
      assert.ok(Math.abs(re[k] - sr) < 1e-10 && Math.abs(im[k] - si) < 1e-10, `n=${n} k=${k}`);
    }
    // Inverse (unnormalised) returns n·x.
    fft(re, im, true);
    for (let t = 0; t < n; t++) assert.ok(Math.abs(re[t] / n - x[t]) < 1e-12, `inverse n=${n}`);
  }
});

test('bandpassBasis keeps DCT indices low·TR·2N ≤ k < high·TR·2N (hand-computed)', () => {
  // N = 200, TR = 2: 2N·TR = 800 → k ≥ 6.4 and k < 72 → k = 7…71 (65 vectors).
  const { basis, kept } = bandpassBasis(200, 2, CONN_BAND);
  assert.equal(kept.length, 65);
  assert.equal(kept[0], 7);
  assert.equal(kept[64], 71);
  assert.equal(basis.rows, 200);
  assert.equal(basis.cols, 65);
  const G = multiply(transpose(basis), basis);
  for (let i = 0; i < G.rows; i++) for (let j = 0; j < G.cols; j++) {
    assert.ok(Math.abs(get(G, i, j) - (i === j ? 1 : 0)) < 1e-12);
  }
  // An edge exactly on high·TR·2N is excluded: N = 100, TR = 2.5, high = 0.1 → 0.1·500 = 50.
  const edge = bandpassBasis(100, 2.5, { lowHz: 0.008, highHz: 0.1 });
  assert.equal(edge.kept[edge.kept.length - 1], 49);
  assert.equal(edge.kept[0], 4); // 0.008·500 = 4 → k = 4 included (≤)
});

test('B Bᵀ x equals the literal CONN FFT filter to 1e-9 (even, odd, prime N; several TRs)', () => {
  const cases: [number, number, { lowHz: number; highHz: number }][] = [
    [200, 2, CONN_BAND], [121, 2.5, CONN_BAND], [97, 0.8, CONN_BAND], [64, 3, CONN_BAND],
    [150, 1, { lowHz: 0.01, highHz: 0.1 }], [53, 2, { lowHz: 0, highHz: 0.2 }], [40, 2, { lowHz: 0.01, highHz: 0.5 }],
  ];
  for (const [n, tr, band] of cases) {
    const r = rng(n * 31);
    const x = Float64Array.from({ length: n }, () => 100 + 10 * r() + 0.05 * n);
    const literal = connBandpass(x, tr, band);
    const { basis: B } = bandpassBasis(n, tr, band);
    const c = new Float64Array(B.cols);
    for (let t = 0; t < n; t++) for (let j = 0; j < B.cols; j++) c[j] += B.data[t * B.cols + j] * x[t];
    for (let t = 0; t < n; t++) {
      let s = 0;
      for (let j = 0; j < B.cols; j++) s += B.data[t * B.cols + j] * c[j];
      assert.ok(Math.abs(s - literal[t]) < 1e-9, `n=${n} tr=${tr} t=${t}: ${s} vs ${literal[t]}`);
    }
  }
});

test('an in-band cosine passes unchanged; out-of-band cosines and DC are removed', () => {
  const n = 200, tr = 2;
  // DCT index k is the frequency k/(2N·TR) Hz: k = 20 → 0.025 Hz (in band), k = 3 → 0.0075 Hz
  // (below 0.008), k = 100 → 0.125 Hz (above 0.09).
  const inBand = dctVector(n, 20);
  const out = connBandpass(inBand, tr, CONN_BAND);
  for (let t = 0; t < n; t++) assert.ok(Math.abs(out[t] - inBand[t]) < 1e-12);
  const mixed = Float64Array.from({ length: n }, (_, t) => 500 + 3 * dctVector(n, 3)[t] + 2 * dctVector(n, 100)[t] + inBand[t]);
  const cleaned = connBandpass(mixed, tr, CONN_BAND);
  for (let t = 0; t < n; t++) assert.ok(Math.abs(cleaned[t] - inBand[t]) < 1e-9, `t=${t}`);
  const dc = connBandpass(new Float64Array(n).fill(7), tr, CONN_BAND);
  for (let t = 0; t < n; t++) assert.ok(Math.abs(dc[t]) < 1e-12);
});

test('bandEdgeAboveNyquist: 0.09 Hz is above Nyquist only when TR > 5.56 s', () => {
  assert.equal(bandEdgeAboveNyquist(2, CONN_BAND), false); // Nyquist 0.25 Hz
  assert.equal(bandEdgeAboveNyquist(6, CONN_BAND), true); // Nyquist 0.0833 Hz
  // Above Nyquist the filter keeps every index from the low edge up to N−1.
  const { kept } = bandpassBasis(50, 6, CONN_BAND);
  assert.equal(kept[kept.length - 1], 49);
  assert.equal(kept[0], 5); // 0.008·6·100 = 4.8
});

test('bad TR or band is a KrpError', () => {
  assert.throws(() => connBandpass([1, 2, 3], 0, CONN_BAND), (e) => isKrpError(e) && e.code === 'analysis.bad-tr');
  assert.throws(() => bandpassBasis(10, 2, { lowHz: 0.1, highHz: 0.01 }), (e) => isKrpError(e) && e.code === 'analysis.bad-band');
});
