/**
 * The response estimate and the site cohort, from the record: the calibration set of the site's
 * treated patients analysed with the same settings (the patient left out of their own), the fitted
 * model, the estimate — stored with its model version every time it is shown — and the cohort
 * view (points, fitted line with its 95 % prediction band, validation, published vs site r).
 */
import { createHash } from 'node:crypto';
import { DEFAULT_ANALYSIS_SETTINGS } from '../../shared/imaging/analysis-types';
import { settingsKeyText } from '../../shared/imaging/settings-key';
import {
  candidatesFromRecordRows, estimateResponse, fitSiteModel, predictAt, publishedSummary, selectCalibrationSet, siteModelStatus,
  siteSummaryOf, validationSummaryOf,
  type ResponseEstimate, type SiteModel,
} from '../../shared/model';
import type { CohortView, PatientEstimate } from '../../shared/api-imaging';
import { KrpError } from '../../shared/errors';
import type { JsonObject, RecordService } from '../../shared/record/types';

/** settingsHash of the app's default analysis settings: the cohort shown when none is chosen. */
export function defaultSettingsHash(): string {
  return createHash('sha256').update(settingsKeyText(DEFAULT_ANALYSIS_SETTINGS)).digest('hex');
}

export class EstimateService {
  constructor(private readonly record: () => RecordService, private readonly now: () => Date = () => new Date()) {}

  /** Estimates the patient's response from their latest analysis, stores it, returns it. */
  estimateForPatient(patientId: number): PatientEstimate {
    const store = this.record();
    const analysis = store.latestAnalysisForPatient(patientId);
    if (analysis === null) {
      throw new KrpError('estimate.no-analysis', 'This patient has no connectivity analysis yet. Import and analyse the pre-treatment rs-fMRI first.');
    }
    const calibration = selectCalibrationSet(candidatesFromRecordRows(store.calibrationSet()), analysis.settingsHash, { excludePatientId: patientId });
    const model = fitSiteModel(calibration);
    const estimate = estimateResponse(model, analysis.z, this.now().toISOString());
    const saved = store.saveEstimate({
      patientId,
      analysisId: analysis.id,
      z: analysis.z,
      settingsHash: analysis.settingsHash,
      estimate: estimate as unknown as JsonObject,
      model: estimate.model as unknown as JsonObject,
      modelId: estimate.model.id,
    });
    return { estimate, estimateId: saved.id, analysisId: analysis.id, cohort: cohortView(model, estimate, patientId) };
  }

  /** The whole site's cohort for one settings hash (default: the app's default settings). */
  cohort(settingsHash: string = defaultSettingsHash()): CohortView {
    const calibration = selectCalibrationSet(candidatesFromRecordRows(this.record().calibrationSet()), settingsHash);
    return cohortView(fitSiteModel(calibration), null, null);
  }
}

/** Points, line and band for the scatter, with the model's metrics. */
export function cohortView(model: SiteModel, estimate: ResponseEstimate | null, highlightPatientId: number | null): CohortView {
  const { calibration } = model;
  const points = calibration.patients.map((p) => ({
    patientId: p.patientId, z: p.z, reductionPct: p.reductionPct, responder: p.responder,
  }));
  const status = siteModelStatus(model);
  let line: CohortView['line'] = null;
  if (model.fit.status === 'ok' && points.length > 0) {
    const fit = model.fit.value;
    const zs = points.map((p) => p.z).concat(estimate ? [estimate.patientZ] : []);
    const lo = Math.min(...zs);
    const hi = Math.max(...zs);
    const pad = Math.max(0.05, (hi - lo) * 0.1);
    const steps = 40;
    line = Array.from({ length: steps + 1 }, (_, i) => {
      const z = lo - pad + ((hi - lo + 2 * pad) * i) / steps;
      const prediction = predictAt(fit, z);
      return { z, predicted: prediction.predicted, low: prediction.interval[0], high: prediction.interval[1] };
    });
  }
  return {
    settingsHash: calibration.settingsHash,
    n: calibration.n,
    responders: calibration.responders,
    nonResponders: calibration.nonResponders,
    excluded: calibration.excluded,
    status: status.status,
    reasons: status.reasons,
    points,
    line,
    highlight: estimate && highlightPatientId !== null ? { patientId: String(highlightPatientId), z: estimate.patientZ } : null,
    site: siteSummaryOf(model),
    published: publishedSummary(),
    validation: validationSummaryOf(model.loo),
    slope: model.fit.status === 'ok' ? model.fit.value.slope : null,
    intercept: model.fit.status === 'ok' ? model.fit.value.intercept : null,
  };
}
