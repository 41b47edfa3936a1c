import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  logGamma, normalCdf, normalQuantile, regularizedBeta, regularizedGammaP, studentTCdf, studentTPdf, studentTQuantile,
} from './distributions';

const close = (actual: number, expected: number, tol: number, what: string): void => {
  assert.ok(Math.abs(actual - expected) <= tol, `${what}: got ${actual}, expected ${expected} (±${tol})`);
};

test('ln Γ at exact values', () => {
  close(logGamma(1), 0, 1e-14, 'lnΓ(1)');
  close(logGamma(5), Math.log(24), 1e-13, 'lnΓ(5) = ln 4!');
  close(logGamma(10), Math.log(362880), 1e-12, 'lnΓ(10) = ln 9!');
  close(logGamma(0.5), 0.5 * Math.log(Math.PI), 1e-14, 'lnΓ(½) = ln √π');
  close(logGamma(0.1), Math.log(9.513507698668732), 1e-13, 'lnΓ(0.1) via reflection');
  assert.throws(() => logGamma(0), RangeError);
});

test('incomplete gamma and beta at closed forms', () => {
  // P(1, x) = 1 − e^{−x}; I_x(1, b) = 1 − (1 − x)^b; I_x(a, 1) = x^a; I_½(a, a) = ½.
  close(regularizedGammaP(1, 0.7), 1 - Math.exp(-0.7), 1e-14, 'P(1, 0.7)');
  close(regularizedGammaP(1, 5), 1 - Math.exp(-5), 1e-14, 'P(1, 5) (continued fraction)');
  close(regularizedBeta(0.3, 1, 4), 1 - 0.7 ** 4, 1e-14, 'I_0.3(1, 4)');
  close(regularizedBeta(0.8, 3, 1), 0.8 ** 3, 1e-14, 'I_0.8(3, 1)');
  close(regularizedBeta(0.5, 7.5, 7.5), 0.5, 1e-14, 'I_½(7.5, 7.5)');
  assert.equal(regularizedBeta(0, 2, 3), 0);
  assert.equal(regularizedBeta(1, 2, 3), 1);
});

test('normal CDF against table values (to 1e-12, far inside 1e-6)', () => {
  close(normalCdf(0), 0.5, 1e-15, 'Φ(0)');
  close(normalCdf(1), 0.8413447460685429, 1e-12, 'Φ(1)');
  close(normalCdf(1.96), 0.9750021048517795, 1e-12, 'Φ(1.96)');
  close(normalCdf(0.5), 0.6914624612740131, 1e-12, 'Φ(0.5)');
  close(normalCdf(-3), 0.0013498980316300933, 1e-15, 'Φ(−3)');
  // Far tail: relative accuracy, not just absolute.
  close(normalCdf(-6) / 9.865876450376946e-10, 1, 1e-10, 'Φ(−6) relative');
  close(normalCdf(2) + normalCdf(-2), 1, 1e-15, 'symmetry');
  assert.equal(normalCdf(Infinity), 1);
  assert.equal(normalCdf(-Infinity), 0);
});

test('normal quantile against table values and as the inverse of the CDF', () => {
  close(normalQuantile(0.975), 1.959963984540054, 1e-12, 'z 0.975');
  close(normalQuantile(0.025), -1.959963984540054, 1e-12, 'z 0.025');
  close(normalQuantile(0.95), 1.6448536269514722, 1e-12, 'z 0.95');
  close(normalQuantile(0.995), 2.5758293035489004, 1e-12, 'z 0.995');
  close(normalQuantile(0.999), 3.090232306167813, 1e-12, 'z 0.999');
  close(normalQuantile(0.6), 0.2533471031357997, 1e-12, 'z 0.6');
  close(normalQuantile(1e-6), -4.753424308822899, 1e-10, 'z 1e-6');
  assert.equal(normalQuantile(0.5), 0);
  assert.equal(normalQuantile(0), -Infinity);
  assert.equal(normalQuantile(1), Infinity);
  for (const p of [1e-10, 0.001, 0.2, 0.7, 0.9999]) close(normalCdf(normalQuantile(p)) / p, 1, 1e-12, `Φ(Φ⁻¹(${p}))`);
  assert.throws(() => normalQuantile(1.5), RangeError);
  assert.throws(() => normalQuantile(Number.NaN), RangeError);
});

test('t CDF at closed forms for 1, 2, 3 and 4 df (hand-derivable)', () => {
  for (const t of [-7, -2, -0.4, 0.3, 1, 5]) {
    // ν = 1 (Cauchy): ½ + atan(t)/π
    close(studentTCdf(t, 1), 0.5 + Math.atan(t) / Math.PI, 1e-13, `T1(${t})`);
    // ν = 2: ½ + t / (2√(2 + t²))
    close(studentTCdf(t, 2), 0.5 + t / (2 * Math.sqrt(2 + t * t)), 1e-13, `T2(${t})`);
    // ν = 3: ½ + (θ + sinθ cosθ)/π with θ = atan(t/√3)
    const th = Math.atan(t / Math.sqrt(3));
    close(studentTCdf(t, 3), 0.5 + (th + Math.sin(th) * Math.cos(th)) / Math.PI, 1e-13, `T3(${t})`);
  }
  close(studentTCdf(1, 1), 0.75, 1e-15, 'T1(1) = ¾');
  // ν = 4: ½ + (3/8)·(t/√(1 + t²/4))·(1 − t²/(12(1 + t²/4))); at t = −1.5 this is exactly 0.104.
  close(studentTCdf(-1.5, 4), 0.104, 1e-13, 'T4(−1.5)');
  close(studentTCdf(0.7, 7), 0.7467412239022, 1e-12, 'T7(0.7)');
  close(studentTCdf(-3.2, 22) / 0.002066039243345682, 1, 1e-10, 'T22(−3.2) relative');
  assert.equal(studentTCdf(0, 5), 0.5);
  // Large df tends to the normal.
  close(studentTCdf(1.96, 1e7), normalCdf(1.96), 1e-7, 'T(1e7 df) ≈ Φ');
});

test('t quantiles against the table of two-sided critical values', () => {
  // Printed tables (4 decimals), e.g. df 1 → 12.7062, 2 → 4.3027, 3 → 3.1824, 5 → 2.5706, 10 → 2.2281,
  // 22 → 2.0739, 30 → 2.0423, 100 → 1.9840; checked here to 1e-9 against their full values.
  const table: [number, number, number][] = [
    [1, 0.975, 12.706204736174694],
    [2, 0.975, 4.302652729749462],
    [3, 0.975, 3.1824463052837078],
    [5, 0.975, 2.5705818356363146],
    [10, 0.975, 2.228138851986274],
    [22, 0.975, 2.0738730679040254],
    [30, 0.975, 2.0422724563012378],
    [100, 0.975, 1.9839715185235518],
    [5, 0.995, 4.032142983555228],
    [10, 0.95, 1.8124611228116756],
    [3, 0.9, 1.637744353696209],
  ];
  for (const [df, p, expected] of table) {
    close(studentTQuantile(p, df), expected, 1e-9, `t(${p}, ${df})`);
    close(studentTQuantile(1 - p, df), -expected, 1e-9, `t(${1 - p}, ${df})`);
    close(studentTCdf(expected, df), p, 1e-12, `T${df}(${expected})`);
  }
  // Closed forms: ν = 1 → tan(π(p − ½)); ν = 2 → (2p − 1)/√(2p(1 − p)).
  close(studentTQuantile(0.9, 1), Math.tan(Math.PI * 0.4), 1e-12, 't(0.9, 1)');
  close(studentTQuantile(0.8, 2), 0.6 / Math.sqrt(0.32), 1e-12, 't(0.8, 2)');
  // Fractional df and round trips.
  for (const df of [2.5, 4, 17]) {
    for (const p of [1e-8, 0.01, 0.3, 0.99]) close(studentTCdf(studentTQuantile(p, df), df) / p, 1, 1e-10, `round trip ${p}, ${df}`);
  }
  assert.throws(() => studentTQuantile(0.5, 0), RangeError);
});

test('t density integrates to the CDF (numerical check of the normalising constant)', () => {
  // Simpson's rule of the pdf from 0 to 2 equals T(2) − ½.
  const df = 6;
  const steps = 2000;
  const h = 2 / steps;
  let sum = studentTPdf(0, df) + studentTPdf(2, df);
  for (let i = 1; i < steps; i++) sum += (i % 2 ? 4 : 2) * studentTPdf(i * h, df);
  close((sum * h) / 3, studentTCdf(2, df) - 0.5, 1e-12, '∫₀² t₆');
});
