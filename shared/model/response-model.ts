/**
 * The site-calibrated response model (issue 4): OLS of % NRS reduction on the mPFC–precuneus
 * Fisher z over the clinic's own calibration set, and the estimate object the UI shows and the
 * record stores (with its model version). See docs/response-model.md.
 */
import { KrpError } from '../errors';
import { RESPONDER_THRESHOLD_PCT } from '../scoring/nrs';
import type { CalibrationExclusions, CalibrationSet } from './calibration-set';
import { compareCorrelations, correlationInference, type CorrelationComparison, type CorrelationInference } from './correlation';
import type { Estimable } from './estimable';
import { decideGate, GATING, type EstimateReason, type EstimateStatus, type GateDecision } from './gating';
import { leaveOneOut, type LooResult } from './loo';
import { DEFAULT_MODEL_METRIC, type ModelMetric } from './model-input';
import { RESEARCH_USE_NOTICE_EN, RESEARCH_USE_NOTICE_JA } from './notice';
import { fitOls, type OlsFit } from './ols';
import { percentileRank } from './percentile';
import { predictAt, probabilityAtLeast } from './prediction';
import { PUBLISHED_DIRECTION, PUBLISHED_STUDY } from './published-study';
import { skillGateReasons } from './skill-gate';

/** Identifies the method; part of every model version. Change it when the method changes. */
export const MODEL_METHOD = 'krp-ols-nrs-reduction-on-z/v2';

/** Everything fitted from one calibration set. */
export type SiteModel = {
  calibration: CalibrationSet;
  /** The connectivity number regressed on (the site's choice). */
  metric: ModelMetric;
  gate: GateDecision;
  fit: Estimable<OlsFit>;
  /** r with its t-test p and Fisher-z CI. */
  correlation: Estimable<CorrelationInference>;
  /** Fisher-z test of site r against the published r. */
  comparisonWithPublished: Estimable<CorrelationComparison>;
  loo: Estimable<LooResult>;
};

/** What the estimate was made with: stored beside every estimate shown (chart review). */
export type ModelVersion = {
  /** Short id for lists: method tag + first 12 hex digits of the calibration-set hash. */
  id: string;
  method: string;
  calibrationSetHash: string;
  n: number;
  /** Null when the line could not be fitted. */
  slope: number | null;
  intercept: number | null;
  /** Residual SD, % points. */
  residualSd: number | null;
  settingsHash: string;
  /** The connectivity number the model regresses on. */
  metric: ModelMetric;
  /** Only patients treated before this time were used (forward in time); null: all treated so far. */
  treatedBefore: string | null;
  /** ISO 8601 time the estimate was made. */
  createdAt: string;
};

export type ValidationSummary = {
  n: number;
  /** LOO r of observed vs predicted % reduction. */
  r: number | null;
  /** Mean absolute LOO error, % points. */
  mae: number;
  calibrationSlope: number | null;
  calibrationIntercept: number | null;
  /** AUC of LOO P(responder) for observed responder. */
  auc: number | null;
  aucCi95: [number, number] | null;
  aucMethod: 'delong' | 'hanley-mcneil' | null;
};

/** The estimate for one patient, as shown and as stored (JSON-safe: no undefined, NaN or Infinity). */
export type ResponseEstimate = {
  status: EstimateStatus;
  /** Why withheld / provisional / not estimable, and caveats to read with the number. */
  reasons: EstimateReason[];
  /** Calibration patients. */
  n: number;
  /** The patient's Fisher z. */
  patientZ: number;
  /** Predicted % NRS reduction; null unless status is 'estimate' or 'provisional'. */
  predictedReductionPct: number | null;
  /** 95 % prediction interval of the % reduction; null with the prediction. */
  pi95: [number, number] | null;
  /** P(% reduction ≥ 50) from the predictive t distribution; null with the prediction. */
  pResponder: number | null;
  /** Mid-rank percentile (0–100) of the patient's z among the calibration patients; null when n = 0. */
  percentile: number | null;
  published: { r: number; ci95: [number, number]; n: number; direction: { en: string; ja: string } };
  /** The site's r beside the published one; null when it cannot be computed. */
  site: {
    r: number;
    p: number;
    ci95: [number, number] | null;
    /** Fisher-z test of site r vs published r; null when n < 4. */
    differenceFromPublished: { z: number; p: number } | null;
  } | null;
  validation: ValidationSummary | null;
  calibration: {
    n: number;
    responders: number;
    nonResponders: number;
    excluded: CalibrationExclusions;
    zMin: number | null;
    zMax: number | null;
  };
  model: ModelVersion;
  notice: { ja: string; en: string };
};

/** Fits the site model (line, r inference, comparison with the published r, LOO) on a calibration set. */
export function fitSiteModel(calibration: CalibrationSet, metric: ModelMetric = DEFAULT_MODEL_METRIC): SiteModel {
  const z = calibration.patients.map((p) => p.z);
  const reduction = calibration.patients.map((p) => p.reductionPct);
  const fit = fitOls(z, reduction);
  let correlation: Estimable<CorrelationInference>;
  let comparisonWithPublished: Estimable<CorrelationComparison>;
  if (fit.status === 'ok') {
    correlation = correlationInference(fit.value.r, fit.value.n);
    comparisonWithPublished = compareCorrelations(fit.value.r, fit.value.n, PUBLISHED_STUDY.r, PUBLISHED_STUDY.n);
  } else {
    correlation = fit;
    comparisonWithPublished = fit;
  }
  return {
    calibration,
    metric,
    gate: decideGate(calibration),
    fit,
    correlation,
    comparisonWithPublished,
    loo: leaveOneOut(z, reduction, RESPONDER_THRESHOLD_PCT),
  };
}

/** The model version record for a site model at `createdAt` (ISO 8601). */
export function modelVersionOf(model: SiteModel, createdAt: string): ModelVersion {
  const fit = model.fit.status === 'ok' ? model.fit.value : null;
  return {
    id: `${MODEL_METHOD.split('/')[0]}:${model.calibration.hash.slice(0, 12)}`,
    method: MODEL_METHOD,
    calibrationSetHash: model.calibration.hash,
    n: model.calibration.n,
    slope: fit ? fit.slope : null,
    intercept: fit ? fit.intercept : null,
    residualSd: fit ? fit.residualSd : null,
    settingsHash: model.calibration.settingsHash,
    metric: model.metric,
    treatedBefore: model.calibration.treatedBefore,
    createdAt,
  };
}

/**
 * The LOO summary as shown, or null when LOO could not be run or the calibration set is too small
 * for its metrics to mean anything (fewer than GATING.minPatients). The AUC is left out (null)
 * with fewer than GATING.minResponders responders or GATING.minNonResponders non-responders.
 */
export function validationSummaryOf(loo: Estimable<LooResult>): ValidationSummary | null {
  if (loo.status !== 'ok') return null;
  const v = loo.value;
  if (v.n < GATING.minPatients) return null;
  const positives = v.observedAtLeast.filter(Boolean).length;
  const aucShown = positives >= GATING.minResponders && v.n - positives >= GATING.minNonResponders;
  const auc = aucShown && v.auc.status === 'ok' ? v.auc.value : null;
  return {
    n: v.n,
    r: v.r.status === 'ok' ? v.r.value : null,
    mae: v.mae,
    calibrationSlope: v.calibration.status === 'ok' ? v.calibration.value.slope : null,
    calibrationIntercept: v.calibration.status === 'ok' ? v.calibration.value.intercept : null,
    auc: auc ? auc.auc : null,
    aucCi95: auc ? auc.ci95 : null,
    aucMethod: auc ? auc.method : null,
  };
}

/**
 * Whether the site model may give individual numbers: the count gate first (withheld when too few
 * patients or responders or non-responders), then the fit (cannot-estimate when degenerate), then
 * the skill gate (withheld unless the site r's 95 % CI excludes 0 in the published direction and
 * the LOO calibration slope is within SKILL_GATE's range).
 */
export function siteModelStatus(model: SiteModel): { status: EstimateStatus; reasons: EstimateReason[] } {
  if (model.gate.status === 'withheld') return { status: 'withheld', reasons: [...model.gate.reasons] };
  if (model.fit.status !== 'ok') {
    return { status: 'cannot-estimate', reasons: [{ code: model.fit.code, kind: 'degenerate', message: model.fit.message }] };
  }
  const correlation = model.correlation.status === 'ok' ? model.correlation.value : null;
  const calibration = model.loo.status === 'ok' && model.loo.value.calibration.status === 'ok' ? model.loo.value.calibration.value : null;
  const skill = skillGateReasons({
    r: correlation ? correlation.r : null,
    rCi95: correlation ? correlation.ci95 : null,
    looCalibrationSlope: calibration ? calibration.slope : null,
  });
  if (skill.length > 0) return { status: 'withheld', reasons: skill };
  return { status: model.gate.status, reasons: [...model.gate.reasons] };
}

/**
 * The estimate for a patient with Fisher z `patientZ`, gated by GATING, stamped `createdAt`
 * (ISO 8601). Throws KrpError `model.invalid-z` for a z that is not a finite number.
 */
export function estimateResponse(model: SiteModel, patientZ: number, createdAt: string): ResponseEstimate {
  if (typeof patientZ !== 'number' || !Number.isFinite(patientZ)) {
    throw new KrpError('model.invalid-z',
      `The patient's connectivity z is ${String(patientZ)}: an estimate needs a finite Fisher z from a completed analysis. Run the analysis first.`);
  }
  const cal = model.calibration;
  const zs = cal.patients.map((p) => p.z);
  const { status, reasons } = siteModelStatus(model);
  let predictedReductionPct: number | null = null;
  let pi95: [number, number] | null = null;
  let pResponder: number | null = null;

  if (status === 'estimate' || status === 'provisional') {
    if (model.fit.status === 'ok') {
      const fit = model.fit.value;
      const prediction = predictAt(fit, patientZ);
      predictedReductionPct = prediction.predicted;
      pi95 = prediction.interval;
      pResponder = probabilityAtLeast(prediction, RESPONDER_THRESHOLD_PCT);
      if (patientZ < fit.minX || patientZ > fit.maxX) {
        reasons.push({ code: 'outside-calibration-range', kind: 'caveat',
          message: `This patient's z (${round(patientZ, 3)}) is outside the calibration range ${round(fit.minX, 3)} to ${round(fit.maxX, 3)}: the line is extrapolated.` });
      }
      if (prediction.interval[1] > 100) {
        reasons.push({ code: 'interval-beyond-scale', kind: 'caveat',
          message: 'The interval reaches above 100 %, more than complete relief: the straight line does not know where the NRS ends; read its upper end as "up to complete relief".' });
      }
      if (fit.r > 0) {
        reasons.push({ code: 'opposite-direction', kind: 'caveat',
          message: `At this site higher connectivity went with greater relief (r = ${round(fit.r, 2)}), opposite to the published direction.` });
      }
    }
  }
  const comparison = model.comparisonWithPublished;
  if (comparison.status === 'ok' && comparison.value.p < 0.05) {
    reasons.push({ code: 'differs-from-published', kind: 'caveat',
      message: `The site r differs from the published r = ${PUBLISHED_STUDY.r} (Fisher z test p = ${formatP(comparison.value.p)}): connectivity values may depend on scanner, preprocessing or ROI definition.` });
  }
  if (status === 'estimate' || status === 'provisional') {
    if (model.loo.status !== 'ok') {
      reasons.push({ code: 'validation-unavailable', kind: 'caveat', message: `No leave-one-out validation: ${model.loo.message}` });
    }
  }
  if (cal.excluded.otherSettings > 0) {
    reasons.push({ code: 'excluded-other-settings', kind: 'caveat',
      message: `${cal.excluded.otherSettings} patient${cal.excluded.otherSettings === 1 ? ' was' : 's were'} left out because their analysis used other ROI or denoising settings.` });
  }

  if (cal.excluded.treatedLater > 0) {
    reasons.push({ code: 'excluded-treated-later', kind: 'caveat',
      message: `Calibrated only on patients treated before this patient (${cal.excluded.treatedLater} treated at the same time or later were left out), as it would have been on the day.` });
  }
  return {
    status,
    reasons,
    n: cal.n,
    patientZ,
    predictedReductionPct,
    pi95,
    pResponder,
    percentile: percentileRank(zs, patientZ),
    published: publishedSummary(),
    site: siteSummaryOf(model),
    validation: validationSummaryOf(model.loo),
    calibration: {
      n: cal.n,
      responders: cal.responders,
      nonResponders: cal.nonResponders,
      excluded: { ...cal.excluded },
      zMin: zs.length ? Math.min(...zs) : null,
      zMax: zs.length ? Math.max(...zs) : null,
    },
    model: modelVersionOf(model, createdAt),
    notice: { ja: RESEARCH_USE_NOTICE_JA, en: RESEARCH_USE_NOTICE_EN },
  };
}

/** The published study's r, CI, n and direction, as shown beside every estimate. */
export function publishedSummary(): ResponseEstimate['published'] {
  return { r: PUBLISHED_STUDY.r, ci95: [PUBLISHED_STUDY.ci95[0], PUBLISHED_STUDY.ci95[1]], n: PUBLISHED_STUDY.n, direction: { ...PUBLISHED_DIRECTION } };
}

/** The site's r with its p, CI and Fisher-z difference from the published r; null when r cannot be computed. */
export function siteSummaryOf(model: SiteModel): ResponseEstimate['site'] {
  const { correlation, comparisonWithPublished: comparison } = model;
  if (correlation.status !== 'ok') return null;
  return {
    r: correlation.value.r,
    p: correlation.value.p,
    ci95: correlation.value.ci95,
    differenceFromPublished: comparison.status === 'ok' ? { z: comparison.value.z, p: comparison.value.p } : null,
  };
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

function formatP(p: number): string {
  return p < 0.001 ? '< 0.001' : p.toFixed(3);
}
