import assert from 'node:assert/strict';
import { test } from 'node:test';
import { leaveOneOut } from './loo';
import { fitOls } from './ols';
import { predictAt, probabilityAtLeast } from './prediction';

const close = (actual: number, expected: number, tol: number, what: string): void => {
  assert.ok(Math.abs(actual - expected) <= tol, `${what}: got ${actual}, expected ${expected} (±${tol})`);
};

// Hand-worked: x = 0, 1, 2, 3; y = 0, 2, 1, 3. Fits without each point:
//  −0: (1,2),(2,1),(3,3) → y = 1 + 0.5x → ŷ(0) = 1
//  −1: (0,0),(2,1),(3,3) → y = −3/14 + 13/14·x → ŷ(1) = 5/7
//  −2: (0,0),(1,2),(3,3) → y = 3/7 + 13/14·x → ŷ(2) = 16/7
//  −3: (0,0),(1,2),(2,1) → y = 0.5 + 0.5x → ŷ(3) = 2
// (agrees with e_i/(1 − h_i) from the full fit y = 0.3 + 0.8x: −1, 9/7, −9/7, 1).
const X = [0, 1, 2, 3];
const Y = [0, 2, 1, 3];

test('LOO predictions, MAE, r and calibration line on a hand-worked example', () => {
  const loo = leaveOneOut(X, Y, 1.5);
  assert.equal(loo.status, 'ok');
  if (loo.status !== 'ok') return;
  const v = loo.value;
  [1, 5 / 7, 16 / 7, 2].forEach((expected, i) => close(v.predicted[i], expected, 1e-13, `ŷ(−${i})`));
  // MAE = (1 + 9/7 + 9/7 + 1)/4 = 8/7.
  close(v.mae, 8 / 7, 1e-13, 'MAE');
  // r(y, ŷ): with 7ŷ = (7, 5, 16, 14): Σdy·dp = 5, Σdy² = 5, Σdp² = 85 → r = 5/√425 = 1/√17.
  assert.equal(v.r.status, 'ok');
  if (v.r.status === 'ok') close(v.r.value, 1 / Math.sqrt(17), 1e-13, 'LOO r');
  // y on ŷ: slope = (5/7)/(85/49) = 7/17, intercept = 1.5 − 1.5·7/17 = 15/17.
  assert.equal(v.calibration.status, 'ok');
  if (v.calibration.status === 'ok') {
    close(v.calibration.value.slope, 7 / 17, 1e-13, 'calibration slope');
    close(v.calibration.value.intercept, 15 / 17, 1e-13, 'calibration intercept');
  }
  // P(y ≥ 1.5) per left-out fit (1 df, T₁(t) = ½ + atan(t)/π):
  //  −0: ŷ 1, se √(1.5·(1 + 1/3 + 4/2)) = √5 → ½ − atan(0.5/√5)/π
  //  −1: ŷ 5/7, s² = 9/14, se √(9/14·(4/3 + (4/9)/(14/3))) = √45/7 → ½ − atan(11/(2√45))/π
  //  −2: ŷ 16/7, same se → ½ + atan(11/(2√45))/π
  //  −3: ŷ 2, se √5 → ½ + atan(0.5/√5)/π
  const a = Math.atan(0.5 / Math.sqrt(5)) / Math.PI;
  const b = Math.atan(11 / (2 * Math.sqrt(45))) / Math.PI;
  [0.5 - a, 0.5 - b, 0.5 + b, 0.5 + a].forEach((expected, i) => close(v.pAtLeast[i], expected, 1e-12, `P(−${i})`));
  assert.deepEqual(v.observedAtLeast, [false, true, false, true]);
  // Scores ordered s1 < s0 < s3 < s2; positives {1, 3} vs negatives {0, 2}: only s3 > s0 → AUC = 1/4.
  assert.equal(v.auc.status, 'ok');
  if (v.auc.status === 'ok') close(v.auc.value.auc, 0.25, 1e-15, 'AUC');
});

test('LOO on degenerate input: cannot estimate, with the reason', () => {
  const three = leaveOneOut([0, 1, 2], [0, 2, 1], 1);
  assert.equal(three.status === 'cannot-estimate' && three.code, 'too-few-points');
  // Leaving out the only distinct z leaves all z equal.
  const sameZ = leaveOneOut([0.5, 0.5, 0.5, 0.9], [10, 60, 30, 40], 50);
  assert.equal(sameZ.status, 'cannot-estimate');
  if (sameZ.status === 'cannot-estimate') {
    assert.equal(sameZ.code, 'all-z-equal');
    assert.match(sameZ.message, /patient 4/);
  }
  // Three of four points on a line: leaving out the fourth gives zero residual variance.
  const line = leaveOneOut([0, 1, 2, 3], [0, 10, 20, 5], 50);
  assert.equal(line.status === 'cannot-estimate' && line.code, 'zero-residual-variance');
});

test('LOO with one class only reports the AUC as not estimable but keeps the rest', () => {
  const loo = leaveOneOut(X, Y, 10); // nobody reaches 10
  assert.equal(loo.status, 'ok');
  if (loo.status !== 'ok') return;
  assert.equal(loo.value.auc.status === 'cannot-estimate' && loo.value.auc.code, 'one-class-only');
  close(loo.value.mae, 8 / 7, 1e-13, 'MAE');
});

test('from DOWNDATE_FROM_N patients on, the downdated left-out fits equal the direct ones', () => {
  // 260 patients on a deterministic scatter: the first 199 through the direct path (below the
  // threshold), compared with all 260 through the downdated path against direct refits.
  const n = 260;
  const x = Array.from({ length: n }, (_, i) => 0.4 + 0.3 * Math.sin(i * 1.3));
  const y = x.map((xi, i) => 80 - 60 * xi + 25 * Math.cos(i * 2.1));
  const fast = leaveOneOut(x, y, 50);
  assert.equal(fast.status, 'ok');
  if (fast.status !== 'ok') return;
  for (const i of [0, 1, 77, 150, 259]) {
    const xs = x.filter((_, j) => j !== i);
    const ys = y.filter((_, j) => j !== i);
    const fit = fitOls(xs, ys);
    assert.equal(fit.status, 'ok');
    if (fit.status !== 'ok') continue;
    const direct = predictAt(fit.value, x[i]);
    close(fast.value.predicted[i], direct.predicted, 1e-9, `ŷ(−${i})`);
    close(fast.value.pAtLeast[i], probabilityAtLeast(direct, 50), 1e-9, `P(−${i})`);
  }
});
