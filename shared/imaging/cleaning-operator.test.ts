import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connBandpass } from './bandpass';
import { cleanCoefficients, cleaningOperator, seriesFromCoefficients } from './cleaning-operator';
import { olsFit } from './linear-algebra';
import { fromColumns } from './matrix';

function series(n: number, f: (t: number) => number): Float64Array {
  return Float64Array.from({ length: n }, (_, t) => f(t));
}

for (const [n, tr] of [[120, 2], [97, 2.5], [200, 0.8]] as const) {
  test(`cleaning operator equals CONN's regression then FFT band-pass (N=${n}, TR=${tr})`, () => {
    const band = { lowHz: 0.008, highHz: 0.09 };
    // Confounds: constant, trend, a wiggly "motion" regressor, a spike one-hot.
    const X = fromColumns([
      series(n, () => 1),
      series(n, (t) => t / n),
      series(n, (t) => Math.sin(t * 0.37) + 0.3 * Math.cos(t * 1.9)),
      series(n, (t) => (t === 17 ? 1 : 0)),
    ]);
    const y = series(n, (t) => 500 + 3 * t / n + 7 * Math.sin(2 * Math.PI * 0.03 * t * tr) + 2 * Math.sin(t * 0.37) + (t === 17 ? 90 : 0) + Math.cos(t * t * 0.013));
    const reference = connBandpass(olsFit(X, y).residuals, tr, band);
    const op = cleaningOperator(X, tr, band);
    const cleaned = seriesFromCoefficients(op, cleanCoefficients(op, y));
    let maxDiff = 0;
    for (let t = 0; t < n; t++) maxDiff = Math.max(maxDiff, Math.abs(cleaned[t] - reference[t]));
    assert.ok(maxDiff < 1e-9, `max |difference| ${maxDiff}`);
    assert.equal(op.confoundRank, 4);
  });
}

test('cleaning operator without a band is plain regression; dependent confound columns are dropped and reported', () => {
  const n = 30;
  const X = fromColumns([series(n, () => 1), series(n, (t) => t), series(n, (t) => 2 * t + 3)]);
  const y = series(n, (t) => 4 + 0.5 * t + Math.sin(t));
  const op = cleaningOperator(X, 2, null);
  assert.equal(op.confoundRank, 2);
  assert.deepEqual(op.droppedColumns, [2]);
  const cleaned = seriesFromCoefficients(op, cleanCoefficients(op, y));
  const expected = olsFit(X, y).residuals;
  for (let t = 0; t < n; t++) assert.ok(Math.abs(cleaned[t] - expected[t]) < 1e-10);
});
