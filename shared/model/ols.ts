/**
 * Simple ordinary least squares of y on x (one predictor with intercept): the response model
 * regresses % NRS reduction on the Fisher z. Returns "cannot estimate" rather than NaN when the
 * fit is undetermined or its uncertainty would be zero.
 */
import { cannotEstimate, nonFiniteInput, ok, type Estimable } from './estimable';
import { centredSums } from './centred-sums';

export type OlsFit = {
  n: number;
  slope: number;
  intercept: number;
  /** √(SSE / (n − 2)), in the units of y. */
  residualSd: number;
  /** Pearson r of x and y. */
  r: number;
  /** Residual degrees of freedom, n − 2. */
  df: number;
  meanX: number;
  meanY: number;
  /** Σ (x − x̄)². */
  sxx: number;
  /** Σ (y − ȳ)². */
  syy: number;
  /** Residual sum of squares. */
  sse: number;
  minX: number;
  maxX: number;
};

/** Relative size below which a spread counts as zero (floating-point noise, not data). */
const DEGENERATE_RELATIVE = 1e-12;

/** Fits y = intercept + slope·x; needs n ≥ 3, x not all equal, y not all equal, residuals not all 0. */
export function fitOls(x: ArrayLike<number>, y: ArrayLike<number>): Estimable<OlsFit> {
  if (x.length !== y.length) throw new RangeError(`fitOls: ${x.length} x values but ${y.length} y values`);
  const bad = nonFiniteInput(x, 'x value') ?? nonFiniteInput(y, 'y value');
  if (bad) return bad;
  const n = x.length;
  if (n < 3) {
    return cannotEstimate('too-few-points',
      `${n} patient${n === 1 ? '' : 's'}: a line with an uncertainty needs at least 3 (n − 2 residual degrees of freedom).`);
  }
  let minX = Infinity;
  let maxX = -Infinity;
  for (let i = 0; i < n; i++) {
    if (x[i] < minX) minX = x[i];
    if (x[i] > maxX) maxX = x[i];
  }
  const { meanX, meanY, sxx, syy, sxy, sumX2, sumY2 } = centredSums(x, y);
  if (minX === maxX || sxx <= DEGENERATE_RELATIVE * DEGENERATE_RELATIVE * sumX2) {
    return cannotEstimate('all-z-equal',
      `All ${n} patients have the same z (${minX}): the slope is undetermined. Patients with different connectivity values are needed.`);
  }
  if (syy <= DEGENERATE_RELATIVE * DEGENERATE_RELATIVE * sumY2 || syy === 0) {
    return cannotEstimate('all-outcomes-equal',
      `All ${n} patients have the same outcome (${meanY}): the correlation is undefined. Patients with different outcomes are needed.`);
  }
  const slope = sxy / sxx;
  const intercept = meanY - slope * meanX;
  let sse = 0;
  for (let i = 0; i < n; i++) {
    const e = y[i] - (intercept + slope * x[i]);
    sse += e * e;
  }
  if (sse <= DEGENERATE_RELATIVE * syy) {
    return cannotEstimate('zero-residual-variance',
      `The ${n} patients lie exactly on a line: the residual variance is 0, so no honest interval can be given. More patients are needed.`);
  }
  const df = n - 2;
  const r = Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
  return ok({ n, slope, intercept, residualSd: Math.sqrt(sse / df), r, df, meanX, meanY, sxx, syy, sse, minX, maxX });
}
