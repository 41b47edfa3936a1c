/**
 * Normal and Student t distributions: CDFs and quantiles, pure TypeScript, accurate to ~1e-12
 * (far inside the 1e-6 the response model needs).
 *
 * Building blocks, all classical:
 * - ln Γ by the Lanczos approximation (g = 7, 9 coefficients; relative error ~1e-15);
 * - the regularized incomplete gamma P(a, x) / Q(a, x) by series / Lentz continued fraction
 *   (Numerical Recipes §6.2), giving the normal CDF as Φ(x) = ½·Q(½, x²/2) for x < 0;
 * - the regularized incomplete beta I_x(a, b) by its continued fraction (NR §6.4), giving the
 *   t CDF: P(|T| > t) = I_{ν/(ν+t²)}(ν/2, ½);
 * - quantiles by safeguarded Newton steps inside a bracket that bisection keeps valid.
 */

const LANCZOS_G = 7;
const LANCZOS_COEFFICIENTS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
  -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
  1.5056327351493116e-7,
];
const LN_SQRT_2PI = 0.9189385332046728; // ln √(2π)
const EPS = 1e-15;
const TINY = 1e-300;
const MAX_ITERATIONS = 1000;

/** ln Γ(x) for x > 0 (Lanczos; reflection for x < ½). */
export function logGamma(x: number): number {
  if (!(x > 0)) throw new RangeError(`logGamma: x must be > 0, got ${x}`);
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const y = x - 1;
  let sum = LANCZOS_COEFFICIENTS[0];
  for (let i = 1; i < LANCZOS_COEFFICIENTS.length; i++) sum += LANCZOS_COEFFICIENTS[i] / (y + i);
  const t = y + LANCZOS_G + 0.5;
  return LN_SQRT_2PI + (y + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** Regularized lower incomplete gamma P(a, x) = γ(a, x)/Γ(a), a > 0, x ≥ 0. */
export function regularizedGammaP(a: number, x: number): number {
  if (!(a > 0) || !(x >= 0)) throw new RangeError(`regularizedGammaP: need a > 0, x ≥ 0 (a=${a}, x=${x})`);
  if (x === 0) return 0;
  return x < a + 1 ? gammaSeries(a, x) : 1 - gammaContinuedFraction(a, x);
}

/** Regularized upper incomplete gamma Q(a, x) = 1 − P(a, x), computed directly (no cancellation). */
export function regularizedGammaQ(a: number, x: number): number {
  if (!(a > 0) || !(x >= 0)) throw new RangeError(`regularizedGammaQ: need a > 0, x ≥ 0 (a=${a}, x=${x})`);
  if (x === 0) return 1;
  return x < a + 1 ? 1 - gammaSeries(a, x) : gammaContinuedFraction(a, x);
}

function gammaSeries(a: number, x: number): number {
  let term = 1 / a;
  let sum = term;
  for (let n = 1; n < MAX_ITERATIONS; n++) {
    term *= x / (a + n);
    sum += term;
    if (Math.abs(term) < Math.abs(sum) * EPS) break;
  }
  return sum * Math.exp(-x + a * Math.log(x) - logGamma(a));
}

function gammaContinuedFraction(a: number, x: number): number {
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < MAX_ITERATIONS; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPS) break;
  }
  return Math.exp(-x + a * Math.log(x) - logGamma(a)) * h;
}

/** Regularized incomplete beta I_x(a, b), a, b > 0, 0 ≤ x ≤ 1. */
export function regularizedBeta(x: number, a: number, b: number): number {
  if (!(a > 0) || !(b > 0)) throw new RangeError(`regularizedBeta: need a, b > 0 (a=${a}, b=${b})`);
  if (!(x >= 0 && x <= 1)) throw new RangeError(`regularizedBeta: x must be in [0, 1], got ${x}`);
  return regularizedBetaWithComplement(x, 1 - x, a, b);
}

/** I_x(a, b) given both x and y = 1 − x, so callers that know y exactly lose no precision. */
function regularizedBetaWithComplement(x: number, y: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (y <= 0) return 1;
  const lnFront = logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(y);
  // The continued fraction converges fast for x < (a+1)/(a+b+2); otherwise use the symmetry.
  if (x < (a + 1) / (a + b + 2)) return (Math.exp(lnFront) * betaContinuedFraction(x, a, b)) / a;
  return 1 - (Math.exp(lnFront) * betaContinuedFraction(y, b, a)) / b;
}

function betaContinuedFraction(x: number, a: number, b: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m < MAX_ITERATIONS; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPS) break;
  }
  return h;
}

/** Standard normal density φ(x). */
export function normalPdf(x: number): number {
  return Math.exp(-0.5 * x * x - LN_SQRT_2PI);
}

/** Standard normal CDF Φ(x) = P(Z ≤ x); accurate in relative terms in both tails. */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) throw new RangeError('normalCdf: x is NaN');
  if (x === Infinity) return 1;
  if (x === -Infinity) return 0;
  const tail = 0.5 * regularizedGammaQ(0.5, 0.5 * x * x); // P(Z > |x|)
  return x < 0 ? tail : 1 - tail;
}

/** Upper tail P(Z > x) without cancellation for large x. */
export function normalSf(x: number): number {
  return normalCdf(-x);
}

/** Standard normal quantile Φ⁻¹(p), 0 < p < 1 (±Infinity at 0 and 1). */
export function normalQuantile(p: number): number {
  checkProbability(p, 'normalQuantile');
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p === 0.5) return 0;
  // Work in the lower tail, where Φ is computed without cancellation, and mirror.
  const lower = Math.min(p, 1 - p);
  // Abramowitz & Stegun 26.2.23 start (|error| < 4.5e-4), then Newton steps on Φ.
  const t = Math.sqrt(-2 * Math.log(lower));
  let x = -(t - (2.515517 + 0.802853 * t + 0.010328 * t * t) / (1 + 1.432788 * t + 0.189269 * t * t + 0.001308 * t * t * t));
  for (let i = 0; i < 50; i++) {
    const step = (normalCdf(x) - lower) / normalPdf(x);
    x -= step;
    if (Math.abs(step) < 1e-14 * Math.max(1, Math.abs(x))) break;
  }
  return p < 0.5 ? x : -x;
}

/** Student t density with `df` degrees of freedom (df > 0, may be fractional). */
export function studentTPdf(t: number, df: number): number {
  checkDf(df, 'studentTPdf');
  const lnC = logGamma((df + 1) / 2) - logGamma(df / 2) - 0.5 * Math.log(df * Math.PI);
  return Math.exp(lnC - ((df + 1) / 2) * Math.log1p((t * t) / df));
}

/** Student t CDF P(T ≤ t) with `df` degrees of freedom. */
export function studentTCdf(t: number, df: number): number {
  checkDf(df, 'studentTCdf');
  if (Number.isNaN(t)) throw new RangeError('studentTCdf: t is NaN');
  if (t === Infinity) return 1;
  if (t === -Infinity) return 0;
  if (t === 0) return 0.5;
  // P(T < −|t|) = ½·I_x(ν/2, ½) with x = ν/(ν+t²); 1 − x = t²/(ν+t²) is passed exactly.
  const t2 = t * t;
  const tail = 0.5 * regularizedBetaWithComplement(df / (df + t2), t2 / (df + t2), df / 2, 0.5);
  return t < 0 ? tail : 1 - tail;
}

/** Student t quantile: the t with P(T ≤ t) = p, for `df` degrees of freedom. */
export function studentTQuantile(p: number, df: number): number {
  checkProbability(p, 'studentTQuantile');
  checkDf(df, 'studentTQuantile');
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p === 0.5) return 0;
  const lower = Math.min(p, 1 - p);
  // Closed forms for 1 and 2 df; otherwise bracket [lo, hi] in the lower tail and refine.
  let x: number;
  if (df === 1) {
    x = -1 / Math.tan(Math.PI * lower); // tan(π(p − ½)) = −cot(πp), exact in the tail
  } else if (df === 2) {
    x = (2 * lower - 1) / Math.sqrt(2 * lower * (1 - lower));
  } else {
    let lo = Math.min(normalQuantile(lower), -1);
    while (studentTCdf(lo, df) > lower) lo *= 2;
    let hi = 0;
    x = Math.max(lo, normalQuantile(lower) * (1 + 1 / df));
    for (let i = 0; i < 200; i++) {
      const f = studentTCdf(x, df) - lower;
      if (f === 0) break;
      if (f > 0) hi = x; else lo = x;
      let next = x - f / studentTPdf(x, df);
      if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
      if (Math.abs(next - x) < 1e-14 * Math.max(1, Math.abs(x))) { x = next; break; }
      x = next;
    }
  }
  return p < 0.5 ? x : -x;
}

function checkProbability(p: number, fn: string): void {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`${fn}: probability must be in [0, 1], got ${p}`);
}

function checkDf(df: number, fn: string): void {
  if (!(df > 0) || !Number.isFinite(df)) throw new RangeError(`${fn}: degrees of freedom must be a positive finite number, got ${df}`);
}
