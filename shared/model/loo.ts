/**
 * Leave-one-out internal validation of the OLS response model: each patient is predicted from a
 * fit on the others. Reports the LOO r (observed vs predicted), mean absolute error, calibration
 * slope and intercept (observed regressed on predicted; ideal 1 and 0), and the AUC of the LOO
 * P(outcome ≥ threshold) for the binary outcome (responder).
 */
import { rocAuc, type AucResult } from './auc';
import { pearson } from './correlation';
import { cannotEstimate, nonFiniteInput, ok, type Estimable } from './estimable';
import { fitOls, type OlsFit } from './ols';
import { probabilityAtLeast } from './prediction';
import { centredSums, type CentredSums } from './centred-sums';

export type LooResult = {
  n: number;
  /** Prediction of each patient from the fit without them, in input order. */
  predicted: number[];
  /** P(y ≥ threshold) of each patient from the fit without them. */
  pAtLeast: number[];
  /** Observed y ≥ threshold. */
  observedAtLeast: boolean[];
  /** Pearson r of observed vs LOO-predicted. */
  r: Estimable<number>;
  /** Mean |observed − LOO-predicted|, in the units of y. */
  mae: number;
  /** OLS of observed on LOO-predicted: slope (ideal 1) and intercept (ideal 0). */
  calibration: Estimable<{ slope: number; intercept: number }>;
  auc: Estimable<AucResult>;
};

/** LOO validation of y ~ x; `threshold` defines the binary outcome y ≥ threshold. Needs n ≥ 4. */
export function leaveOneOut(x: ArrayLike<number>, y: ArrayLike<number>, threshold: number): Estimable<LooResult> {
  if (x.length !== y.length) throw new RangeError(`leaveOneOut: ${x.length} x values but ${y.length} y values`);
  const bad = nonFiniteInput(x, 'x value') ?? nonFiniteInput(y, 'y value');
  if (bad) return bad;
  const n = x.length;
  if (n < 4) {
    return cannotEstimate('too-few-points',
      `Leave-one-out validation needs at least 4 patients (each left-out fit needs 3); there are ${n}.`);
  }
  const predicted: number[] = [];
  const pAtLeast: number[] = [];
  const observedAtLeast: boolean[] = [];
  const downdated = n >= DOWNDATE_FROM_N ? downdatedSums(x, y) : null;
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < n; i++) {
    let fit = downdated ? fitWithout(downdated, x, y, i) : null;
    if (fit === null) {
      // Small sets, or a left-out set close to degenerate: fit the others directly.
      xs.length = 0;
      ys.length = 0;
      for (let j = 0; j < n; j++) if (j !== i) { xs.push(x[j]); ys.push(y[j]); }
      const direct = fitOls(xs, ys);
      if (direct.status !== 'ok') {
        return cannotEstimate(direct.code, `Leaving out patient ${i + 1} leaves a set that cannot be fitted: ${direct.message}`);
      }
      fit = direct.value;
    }
    // The point prediction and its standard error only: the interval is not needed here.
    const yHat = fit.intercept + fit.slope * x[i];
    const dx = x[i] - fit.meanX;
    const predictionSe = fit.residualSd * Math.sqrt(1 + 1 / fit.n + (dx * dx) / fit.sxx);
    predicted.push(yHat);
    pAtLeast.push(probabilityAtLeast({ predicted: yHat, predictionSe, df: fit.df }, threshold));
    observedAtLeast.push(y[i] >= threshold);
  }
  let absSum = 0;
  for (let i = 0; i < n; i++) absSum += Math.abs(y[i] - predicted[i]);
  const calibrationFit = fitOls(predicted, y);
  let calibration: LooResult['calibration'];
  if (calibrationFit.status === 'ok') {
    calibration = ok({ slope: calibrationFit.value.slope, intercept: calibrationFit.value.intercept });
  } else if (calibrationFit.code === 'zero-residual-variance') {
    // Observed lies exactly on a line of the predictions: the calibration line itself is defined.
    calibration = exactLine(predicted, y);
  } else {
    calibration = calibrationFit.code === 'all-z-equal'
      ? cannotEstimate('constant-predictions', 'Every left-out prediction is the same: the calibration slope is undefined.')
      : calibrationFit;
  }
  return ok({
    n,
    predicted,
    pAtLeast,
    observedAtLeast,
    r: pearson(y, predicted),
    mae: absSum / n,
    calibration,
    auc: rocAuc(pAtLeast, observedAtLeast),
  });
}

function exactLine(x: number[], y: ArrayLike<number>): Estimable<{ slope: number; intercept: number }> {
  const n = x.length;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) { mx += x[i]; my += y[i]; }
  mx /= n;
  my /= n;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) { sxx += (x[i] - mx) ** 2; sxy += (x[i] - mx) * (y[i] - my); }
  const slope = sxy / sxx;
  return ok({ slope, intercept: my - slope * mx });
}

/**
 * From this many patients on, each left-out fit is obtained by removing one patient from the full
 * sums (O(1) each, O(n) in all) instead of refitting the others (O(n²) in all): at 10 000 patients
 * the direct way takes seconds. Below it, and for any left-out set near degeneracy, the direct fit.
 */
export const DOWNDATE_FROM_N = 200;

/** Indices of the two smallest and the two largest x (distinct indices; ties by lowest index). */
type Extremes = { min: [number, number]; max: [number, number] };

type FullSums = CentredSums & { extremes: Extremes };

/** The two smallest and two largest x in one pass (n ≥ 2): what each left-out set's range needs. */
function extremesOf(x: ArrayLike<number>): Extremes {
  let lo1 = x[0] <= x[1] ? 0 : 1;
  let lo2 = 1 - lo1;
  let hi1 = x[0] >= x[1] ? 0 : 1;
  let hi2 = 1 - hi1;
  for (let i = 2; i < x.length; i++) {
    if (x[i] < x[lo1]) { lo2 = lo1; lo1 = i; } else if (x[i] < x[lo2]) lo2 = i;
    if (x[i] > x[hi1]) { hi2 = hi1; hi1 = i; } else if (x[i] > x[hi2]) hi2 = i;
  }
  return { min: [lo1, lo2], max: [hi1, hi2] };
}

function downdatedSums(x: ArrayLike<number>, y: ArrayLike<number>): FullSums {
  return { ...centredSums(x, y), extremes: extremesOf(x) };
}

/** The OLS fit without patient i from the full sums, or null when that set is near degenerate. */
function fitWithout(s: FullSums, x: ArrayLike<number>, y: ArrayLike<number>, i: number): OlsFit | null {
  const m = s.n - 1;
  const dx = x[i] - s.meanX;
  const dy = y[i] - s.meanY;
  const k = s.n / m;
  const sxx = s.sxx - k * dx * dx;
  const syy = s.syy - k * dy * dy;
  const sxy = s.sxy - k * dx * dy;
  const sse = syy - (sxy * sxy) / sxx;
  // Generous margins: anything near the direct fit's degeneracy limits is refitted directly.
  if (!(sxx > 1e-8 * (s.sumX2 - x[i] * x[i])) || !(syy > 1e-8 * (s.sumY2 - y[i] * y[i])) || !(sse > 1e-8 * syy)) return null;
  const meanX = s.meanX - dx / m;
  const meanY = s.meanY - dy / m;
  const slope = sxy / sxx;
  // Without patient i the range ends at the next smallest or largest x (the same value as in a sorted order).
  const lo = s.extremes.min[0] === i ? s.extremes.min[1] : s.extremes.min[0];
  const hi = s.extremes.max[0] === i ? s.extremes.max[1] : s.extremes.max[0];
  return {
    n: m, slope, intercept: meanY - slope * meanX, residualSd: Math.sqrt(sse / (m - 2)),
    r: Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy))), df: m - 2, meanX, meanY, sxx, syy, sse,
    minX: x[lo], maxX: x[hi],
  };
}
