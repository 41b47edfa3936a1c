import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareCorrelations, correlationInference, fisherZInterval, pearson } from './correlation';
import { fitOls } from './ols';
import { predictAt, probabilityAtLeast } from './prediction';

const close = (actual: number, expected: number, tol: number, what: string): void => {
  assert.ok(Math.abs(actual - expected) <= tol, `${what}: got ${actual}, expected ${expected} (±${tol})`);
};

// Hand-worked example: x = 1..5, y = 2, 4, 5, 4, 5.
// x̄ = 3, ȳ = 4, Sxx = 10, Sxy = 6, Syy = 6 → slope 0.6, intercept 2.2;
// fitted 2.8, 3.4, 4.0, 4.6, 5.2; residuals −0.8, 0.6, 1.0, −0.6, −0.2 → SSE 2.4, s² = 2.4/3 = 0.8;
// r = 6/√60 = √0.6.
const X = [1, 2, 3, 4, 5];
const Y = [2, 4, 5, 4, 5];

test('OLS on the hand-worked example', () => {
  const fit = fitOls(X, Y);
  assert.equal(fit.status, 'ok');
  if (fit.status !== 'ok') return;
  close(fit.value.slope, 0.6, 1e-14, 'slope');
  close(fit.value.intercept, 2.2, 1e-14, 'intercept');
  close(fit.value.sse, 2.4, 1e-13, 'SSE');
  close(fit.value.residualSd, Math.sqrt(0.8), 1e-14, 'residual SD');
  close(fit.value.r, Math.sqrt(0.6), 1e-14, 'r');
  assert.equal(fit.value.df, 3);
  assert.equal(fit.value.sxx, 10);
  assert.deepEqual([fit.value.minX, fit.value.maxX], [1, 5]);
});

test('OLS refuses degenerate input with a typed reason, never NaN', () => {
  const cases: [number[], number[], string][] = [
    [[1, 2], [3, 4], 'too-few-points'],
    [[], [], 'too-few-points'],
    [[0.4, 0.4, 0.4, 0.4], [10, 50, 20, 80], 'all-z-equal'],
    [[0.1, 0.2, 0.3, 0.4], [50, 50, 50, 50], 'all-outcomes-equal'],
    [[0.1, 0.2, 0.3, 0.4], [80, 60, 40, 20], 'zero-residual-variance'],
    [[0.1, Number.NaN, 0.3], [1, 2, 3], 'non-finite-input'],
    [[0.1, 0.2, 0.3], [1, Infinity, 3], 'non-finite-input'],
  ];
  for (const [x, y, code] of cases) {
    const fit = fitOls(x, y);
    assert.equal(fit.status, 'cannot-estimate', `${JSON.stringify(x)} ${JSON.stringify(y)}`);
    if (fit.status === 'cannot-estimate') {
      assert.equal(fit.code, code);
      assert.ok(fit.message.length > 20, fit.message);
    }
  }
  assert.throws(() => fitOls([1, 2, 3], [1, 2]), RangeError);
});

test('r inference: t, two-sided p and the Fisher-z CI', () => {
  const inf = correlationInference(Math.sqrt(0.6), 5);
  assert.equal(inf.status, 'ok');
  if (inf.status !== 'ok') return;
  // t = r√((n−2)/(1−r²)) = √(0.6·3/0.4) = √4.5
  close(inf.value.t, Math.sqrt(4.5), 1e-13, 't');
  // p = 2·T₃(−t), with the 3-df closed form T₃(t) = ½ + (θ + sinθ cosθ)/π, θ = atan(t/√3):
  // tanθ = √1.5, sinθ cosθ = tanθ/(1 + tan²θ) = √1.5/2.5.
  const theta = Math.atan(Math.sqrt(1.5));
  close(inf.value.p, 1 - (2 * (theta + Math.sqrt(1.5) / 2.5)) / Math.PI, 1e-12, 'p');
  // CI = tanh(atanh r ± 1.959964/√(n−3)).
  const half = 1.959963984540054 / Math.sqrt(2);
  assert.ok(inf.value.ci95);
  close(inf.value.ci95![0], Math.tanh(Math.atanh(Math.sqrt(0.6)) - half), 1e-12, 'CI low');
  close(inf.value.ci95![1], Math.tanh(Math.atanh(Math.sqrt(0.6)) + half), 1e-12, 'CI high');
  // n = 3: p exists (1 df) but the Fisher CI needs n ≥ 4.
  const small = correlationInference(0.5, 3);
  assert.equal(small.status, 'ok');
  if (small.status === 'ok') assert.equal(small.value.ci95, null);
  assert.equal(correlationInference(1, 10).status, 'cannot-estimate');
  assert.equal(correlationInference(0.3, 2).status, 'cannot-estimate');
});

test('the published r = −0.76 (n = 24) gives the published CI −0.89 to −0.51', () => {
  const ci = fisherZInterval(-0.76, 24);
  assert.equal(ci.status, 'ok');
  if (ci.status !== 'ok') return;
  assert.equal(ci.value[0].toFixed(2), '-0.89');
  assert.equal(ci.value[1].toFixed(2), '-0.51');
});

test('Fisher-z comparison of the site r with the published r', () => {
  const same = compareCorrelations(-0.76, 24, -0.76, 24);
  assert.equal(same.status, 'ok');
  if (same.status === 'ok') { close(same.value.z, 0, 1e-15, 'z'); close(same.value.p, 1, 1e-15, 'p'); }
  // r = 0 at a site of 24: z = atanh(0.76)/√(2/21) = 0.996215/0.308607 = 3.228106, p = 2Φ(−3.228106) = 0.0012461.
  const zero = compareCorrelations(0, 24, -0.76, 24);
  assert.equal(zero.status, 'ok');
  if (zero.status === 'ok') {
    close(zero.value.z, 3.228105814260824, 1e-9, 'z');
    close(zero.value.p, 0.0012461287005448621, 1e-9, 'p');
  }
  assert.equal(compareCorrelations(0.2, 3, -0.76, 24).status, 'cannot-estimate');
});

test('Pearson r of two series and its degenerate cases', () => {
  const r = pearson(X, Y);
  assert.equal(r.status, 'ok');
  if (r.status === 'ok') close(r.value, Math.sqrt(0.6), 1e-14, 'r');
  assert.equal(pearson([1, 1, 1], [1, 2, 3]).status, 'cannot-estimate');
  assert.equal(pearson([1], [2]).status, 'cannot-estimate');
});

test('prediction interval and P(y ≥ threshold) from the predictive t distribution', () => {
  const fit = fitOls(X, Y);
  if (fit.status !== 'ok') throw new Error('fit failed');
  // At x̄ = 3: ŷ = 4, se = s·√(1 + 1/5) = √(0.8·1.2) = √0.96; t(0.975, 3) = 3.182446305.
  const atMean = predictAt(fit.value, 3);
  close(atMean.predicted, 4, 1e-14, 'ŷ(3)');
  close(atMean.predictionSe, Math.sqrt(0.96), 1e-14, 'se(3)');
  close(atMean.interval[0], 4 - 3.1824463052837078 * Math.sqrt(0.96), 1e-10, 'PI low');
  close(atMean.interval[1], 4 + 3.1824463052837078 * Math.sqrt(0.96), 1e-10, 'PI high');
  // At x = 6: ŷ = 2.2 + 3.6 = 5.8, se = √(0.8·(1 + 0.2 + 9/10)) = √1.68 (wider away from x̄).
  const beyond = predictAt(fit.value, 6);
  close(beyond.predicted, 5.8, 1e-13, 'ŷ(6)');
  close(beyond.predictionSe, Math.sqrt(1.68), 1e-14, 'se(6)');
  // P(Y ≥ ŷ) = ½; P(Y ≥ ŷ + se·t(0.9, 3)) = 0.1; P(Y ≥ lower PI end) = 0.975.
  close(probabilityAtLeast(atMean, 4), 0.5, 1e-14, 'P at ŷ');
  close(probabilityAtLeast(atMean, 4 + Math.sqrt(0.96) * 1.637744353696209), 0.1, 1e-10, 'P at 90th pct');
  close(probabilityAtLeast(atMean, atMean.interval[0]), 0.975, 1e-10, 'P at PI low');
  const ninety = predictAt(fit.value, 3, 0.9);
  close(ninety.interval[1], 4 + 2.3533634348018264 * Math.sqrt(0.96), 1e-9, '90 % PI (t(0.95, 3) = 2.353363)');
});
