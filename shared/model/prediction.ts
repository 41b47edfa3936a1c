/**
 * Prediction for one new patient from an OLS fit: the point prediction, its prediction interval
 * (Student t with n − 2 df) and the probability that the outcome reaches a threshold, both from
 * the predictive distribution ŷ + s·√(1 + 1/n + (x₀ − x̄)²/Sxx)·T_{n−2}.
 */
import { studentTCdf, studentTQuantile } from './distributions';
import type { OlsFit } from './ols';

export type Prediction = {
  x: number;
  /** ŷ = intercept + slope·x, in the units of y (here % NRS reduction). */
  predicted: number;
  /** Standard error of a new observation at x: s·√(1 + 1/n + (x − x̄)²/Sxx). */
  predictionSe: number;
  /** Degrees of freedom of the predictive t distribution (n − 2). */
  df: number;
  /** Prediction interval at the requested level (default 95 %). */
  interval: [number, number];
  level: number;
};

/** Predicts y at x with a `level` prediction interval (default 0.95). */
export function predictAt(fit: OlsFit, x: number, level = 0.95): Prediction {
  if (!Number.isFinite(x)) throw new RangeError(`predictAt: x must be finite, got ${x}`);
  if (!(level > 0 && level < 1)) throw new RangeError(`predictAt: level must be in (0, 1), got ${level}`);
  const predicted = fit.intercept + fit.slope * x;
  const dx = x - fit.meanX;
  const predictionSe = fit.residualSd * Math.sqrt(1 + 1 / fit.n + (dx * dx) / fit.sxx);
  const half = studentTQuantile(0.5 + level / 2, fit.df) * predictionSe;
  return { x, predicted, predictionSe, df: fit.df, interval: [predicted - half, predicted + half], level };
}

/** P(Y ≥ threshold) under the predictive t distribution of a prediction. */
export function probabilityAtLeast(prediction: Pick<Prediction, 'predicted' | 'predictionSe' | 'df'>, threshold: number): number {
  return 1 - studentTCdf((threshold - prediction.predicted) / prediction.predictionSe, prediction.df);
}
