/**
 * Leave-one-out internal validation of the OLS response model: each patient is predicted from a
 * fit on the others. Reports the LOO r (observed vs predicted), mean absolute error, calibration
 * slope and intercept (observed regressed on predicted; ideal 1 and 0), and the AUC of the LOO
 * P(outcome ≥ threshold) for the binary outcome (responder).
 */
import { rocAuc, type AucResult } from './auc';
import { pearson } from './correlation';
import { cannotEstimate, nonFiniteInput, ok, type Estimable } from './estimable';
import { fitOls } from './ols';
import { predictAt, probabilityAtLeast } from './prediction';

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
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < n; i++) {
    xs.length = 0;
    ys.length = 0;
    for (let j = 0; j < n; j++) if (j !== i) { xs.push(x[j]); ys.push(y[j]); }
    const fit = fitOls(xs, ys);
    if (fit.status !== 'ok') {
      return cannotEstimate(fit.code, `Leaving out patient ${i + 1} leaves a set that cannot be fitted: ${fit.message}`);
    }
    const prediction = predictAt(fit.value, x[i]);
    predicted.push(prediction.predicted);
    pAtLeast.push(probabilityAtLeast(prediction, threshold));
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
