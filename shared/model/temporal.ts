/**
 * Forward-in-time (temporal) validation: each patient is predicted only from patients treated
 * before them, as the app would have done on the day, so the track record cannot borrow from the
 * future. Patients treated at the same time are not "before" each other. The line is updated
 * patient by patient from running sums (O(n) in all), with the same OLS, prediction interval and
 * P(responder) as the estimate itself.
 */
import { ascendingOrder, rocAuc, rocAucInOrder } from './auc';
import { correlationInference } from './correlation';
import { GATING } from './gating';
import { fitOls, type OlsFit } from './ols';
import { probabilityAtLeast } from './prediction';
import { SKILL_GATE } from './skill-gate';

export type TimedOutcome = {
  patientId: string;
  z: number;
  reductionPct: number;
  /** ISO 8601 time of treatment (infusion start); compared as text. */
  treatedAt: string;
};

export type ProspectivePrediction = {
  patientId: string;
  treatedAt: string;
  /** Patients treated before this one (the model's n). */
  nBefore: number;
  predicted: number;
  observed: number;
  /** P(% reduction ≥ threshold) from the predictive t distribution. */
  pAtLeast: number;
  /** Whether the app would have shown a number then: the count gate and the site r's CI on the published side of 0. */
  wouldShow: boolean;
};

export type TrackPoint = {
  /** Predictions so far (cumulative, in treatment order). */
  n: number;
  treatedAt: string;
  mae: number;
  /** Observed on predicted; null below GATING.minPatients predictions or when degenerate. */
  calibrationSlope: number | null;
  /** Null with fewer than GATING.minResponders responders or GATING.minNonResponders non-responders so far. */
  auc: number | null;
};

export type TemporalValidation = {
  predictions: ProspectivePrediction[];
  /** Cumulative metrics at up to `checkpoints` points in time (the last one is the whole record). */
  overTime: TrackPoint[];
};

/**
 * Temporal validation of % reduction on z. A patient is predicted once at least
 * GATING.minPatients patients were treated before them; `threshold` defines a responder.
 */
export function temporalValidation(patients: readonly TimedOutcome[], threshold: number, checkpoints = 12): TemporalValidation {
  const sorted = [...patients].sort((a, b) =>
    a.treatedAt < b.treatedAt ? -1 : a.treatedAt > b.treatedAt ? 1 : a.patientId < b.patientId ? -1 : a.patientId > b.patientId ? 1 : 0);
  const sums = new RunningSums();
  const predictions: ProspectivePrediction[] = [];
  for (let start = 0; start < sorted.length;) {
    let end = start + 1;
    while (end < sorted.length && sorted[end].treatedAt === sorted[start].treatedAt) end++;
    const fit = sums.n >= GATING.minPatients ? sums.fit() : null;
    if (fit) {
      const ci = correlationInference(fit.r, fit.n);
      const rOk = ci.status === 'ok' && ci.value.ci95 !== null && (SKILL_GATE.direction < 0 ? ci.value.ci95[1] < 0 : ci.value.ci95[0] > 0);
      const responders = sums.atLeast;
      const wouldShow = rOk && responders >= GATING.minResponders && sums.n - responders >= GATING.minNonResponders;
      for (let k = start; k < end; k++) {
        const p = sorted[k];
        const predicted = fit.intercept + fit.slope * p.z;
        const dx = p.z - fit.meanX;
        const predictionSe = fit.residualSd * Math.sqrt(1 + 1 / fit.n + (dx * dx) / fit.sxx);
        predictions.push({
          patientId: p.patientId, treatedAt: p.treatedAt, nBefore: sums.n, predicted, observed: p.reductionPct,
          pAtLeast: probabilityAtLeast({ predicted, predictionSe, df: fit.df }, threshold), wouldShow,
        });
      }
    }
    for (let k = start; k < end; k++) sums.add(sorted[k].z, sorted[k].reductionPct, sorted[k].reductionPct >= threshold);
    start = end;
  }
  return { predictions, overTime: trackOverTime(predictions, threshold, checkpoints) };
}

/**
 * The temporal validation of only the patients treated strictly before `before`, from `full`, the
 * validation of that set plus patients treated at or after `before`: each prediction uses only
 * patients treated earlier, so the subset's predictions are the first ones of `full`, unchanged;
 * only the cumulative track is recomputed. Equals temporalValidation(subset) (O(n), no refit).
 */
export function temporalValidationBefore(full: TemporalValidation, before: string, threshold: number, checkpoints = 12): TemporalValidation {
  let end = 0;
  while (end < full.predictions.length && full.predictions[end].treatedAt < before) end++;
  const predictions = full.predictions.slice(0, end);
  return { predictions, overTime: trackOverTime(predictions, threshold, checkpoints) };
}

function trackOverTime(predictions: readonly ProspectivePrediction[], threshold: number, checkpoints: number): TrackPoint[] {
  const points: TrackPoint[] = [];
  const total = predictions.length;
  if (total === 0) return points;
  const count = Math.min(checkpoints, total);
  // Each checkpoint reads the first n of these (views, not copies), in the order a fresh
  // computation of that prefix would, so every figure is the same to the last bit.
  const predicted = Float64Array.from(predictions, (p) => p.predicted);
  const observed = Float64Array.from(predictions, (p) => p.observed);
  const scores = Float64Array.from(predictions, (p) => p.pAtLeast);
  const labels = predictions.map((p) => p.observed >= threshold);
  // Ranked once: each checkpoint's order is the prefix's sub-sequence of it (the same AUC as
  // sorting the prefix again). From a non-finite score on (none expected), rocAuc itself declines.
  const firstBad = scores.findIndex((v) => !Number.isFinite(v));
  const finite = firstBad === -1 ? total : firstBad;
  const order = ascendingOrder(scores.subarray(0, finite));
  let abs = 0;
  let positives = 0;
  let done = 0;
  for (let c = 1; c <= count; c++) {
    const n = Math.round((total * c) / count);
    for (; done < n; done++) {
      abs += Math.abs(observed[done] - predicted[done]);
      if (labels[done]) positives++;
    }
    const calibration = n >= GATING.minPatients ? fitOls(firstOf(predicted, n), firstOf(observed, n)) : null;
    const aucShown = positives >= GATING.minResponders && n - positives >= GATING.minNonResponders;
    const auc = !aucShown ? null : n > finite ? rocAuc(scores.subarray(0, n), labels.slice(0, n))
      : rocAucInOrder(scores, labels, order, n);
    points.push({
      n, treatedAt: predictions[n - 1].treatedAt, mae: abs / n,
      calibrationSlope: calibration && calibration.status === 'ok' ? calibration.value.slope : null,
      auc: auc && auc.status === 'ok' ? auc.value.auc : null,
    });
  }
  return points;
}

/** The first n values (a view). */
function firstOf(values: Float64Array, n: number): Float64Array {
  return values.subarray(0, n);
}

/** Running mean and co-moments (Welford), for the OLS of y on x over the patients added so far. */
class RunningSums {
  n = 0;
  atLeast = 0;
  private meanX = 0;
  private meanY = 0;
  private sxx = 0;
  private syy = 0;
  private sxy = 0;
  private minX = Infinity;
  private maxX = -Infinity;

  add(x: number, y: number, atLeast: boolean): void {
    this.n++;
    if (atLeast) this.atLeast++;
    const dx = x - this.meanX;
    const dy = y - this.meanY;
    this.meanX += dx / this.n;
    this.meanY += dy / this.n;
    this.sxx += dx * (x - this.meanX);
    this.syy += dy * (y - this.meanY);
    this.sxy += dx * (y - this.meanY);
    if (x < this.minX) this.minX = x;
    if (x > this.maxX) this.maxX = x;
  }

  /** The fit so far, or null when degenerate (all z or all outcomes equal, or on a line). */
  fit(): OlsFit | null {
    const { n, sxx, syy, sxy } = this;
    if (!(sxx > 1e-12 * Math.max(1, this.meanX * this.meanX)) || !(syy > 1e-12 * Math.max(1, this.meanY * this.meanY))) return null;
    const slope = sxy / sxx;
    const sse = syy - slope * sxy;
    if (!(sse > 1e-12 * syy)) return null;
    return {
      n, slope, intercept: this.meanY - slope * this.meanX, residualSd: Math.sqrt(sse / (n - 2)),
      r: Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy))), df: n - 2, meanX: this.meanX, meanY: this.meanY,
      sxx, syy, sse, minX: this.minX, maxX: this.maxX,
    };
  }
}
