/**
 * The response estimate and the site cohort, from the record: the calibration set of the site's
 * treated patients analysed with the same settings and metric (the patient left out of their own),
 * the fitted model, and the estimate, forward in time (issue 12):
 *   - before the patient's treatment outcome exists, the first number shown (estimate or
 *     provisional) is stored frozen and from then on shown as it was (never refitted for that
 *     patient); a withheld view is stored too but not frozen;
 *   - once the outcome exists, an estimate not frozen before is calibrated only on patients
 *     treated before this patient.
 * The cohort view adds the track record: temporal validation of the site's patients.
 */
import { DEFAULT_ANALYSIS_SETTINGS } from '../../shared/imaging/analysis-types';
import { settingsKeyText } from '../../shared/imaging/settings-key';
import {
  DEFAULT_MODEL_METRIC, estimateResponse, predictAt, publishedSummary, siteModelStatus, siteSummaryOf,
  validationSummaryOf, type ModelMetric, type ResponseEstimate, type SiteModel, type TemporalValidation,
} from '../../shared/model';
import type { CohortView, PatientEstimate } from '../../shared/api-imaging';
import { KrpError } from '../../shared/errors';
import { RESPONDER_THRESHOLD_PCT } from '../../shared/scoring/nrs';
import type { CalibrationRow, JsonObject, RecordService } from '../../shared/record/types';
import { metricZ, modelKey, sha256, SiteModelCache, trackOf } from './site-model-cache';

/** settingsHash of the app's default analysis settings: the cohort shown when none is chosen. */
export function defaultSettingsHash(): string {
  return sha256(settingsKeyText(DEFAULT_ANALYSIS_SETTINGS));
}

export class EstimateService {
  /** Calibration rows and whole-cohort models, reused until the record's clinical data change. */
  private readonly cache = new SiteModelCache();

  constructor(
    private readonly record: () => RecordService,
    private readonly now: () => Date = () => new Date(),
    /** The connectivity number for the model; default: the site's choice kept in the record. */
    private readonly metricChoice: (() => ModelMetric) | null = null,
  ) {}

  private metric(): ModelMetric {
    return this.metricChoice ? this.metricChoice() : (this.record().siteModelMetric?.() ?? DEFAULT_MODEL_METRIC);
  }

  /**
   * The patient's estimate from the analysis in use (the clinician's choice, else the newest): the
   * frozen pre-treatment one of that analysis when there is one; else a new one, stored (frozen
   * when the treatment outcome does not exist yet and no other analysis of the same settings was
   * frozen before: at most one frozen estimate per patient, settings and metric).
   */
  estimateForPatient(patientId: number): PatientEstimate {
    const store = this.record();
    const analysis = store.analysisInUse(patientId);
    if (analysis === null) {
      throw new KrpError('estimate.no-analysis', 'This patient has no connectivity analysis yet. Import and analyse the pre-treatment rs-fMRI first.');
    }
    const metric = this.metric();
    const data = this.cache.dataFor(store, metric);
    const key = modelKey(analysis.settingsHash, metric);
    const frozenSameSettings = store.listEstimates(patientId).find((e) => e.frozen && e.settingsHash === analysis.settingsHash
      && ((e.model as { metric?: unknown }).metric ?? 'roi-to-roi') === metric);
    // A frozen estimate counts only for the analysis it was made from (a chosen other analysis gets its own).
    const frozen = frozenSameSettings && (frozenSameSettings.analysisId === null || frozenSameSettings.analysisId === analysis.id) ? frozenSameSettings : undefined;
    if (frozen) {
      // Shown as it was before treatment; the cohort beside it is today's site model.
      const estimate = frozen.estimate as unknown as ResponseEstimate;
      const { model, whole } = data.modelWithout(key, patientId, null);
      return {
        estimate, estimateId: frozen.id, analysisId: frozen.analysisId ?? analysis.id, frozen: true, shownAt: frozen.createdAt,
        cohort: cohortView(model, estimate, patientId, data.rows, metric, whole?.track),
      };
    }
    const z = metricZ({ z: analysis.z, seedToVoxelZ: analysis.seedToVoxel?.meanZ ?? null }, metric);
    if (z === null) {
      throw new KrpError('estimate.metric-unavailable',
        `This site's model uses the ${metric} connectivity (the study's seed-to-voxel mean z), which this patient's analysis does not have: it was analysed before the app computed it, or too few precuneus voxels lay in the brain mask. Re-run the analysis, or choose the ROI-to-ROI metric in Settings.`,
        { metric });
    }
    // With the outcome already recorded: calibrated only on patients treated before this one.
    const own = data.rowOf(patientId);
    const { model, whole } = data.modelWithout(key, patientId, own ? own.treatedAt : null);
    // Forward in time, the track record is the whole cohort's up to this patient's treatment (no refit).
    const track = whole ? whole.track : own ? data.wholeCohort(key).trackBefore(own.treatedAt, model.calibration) : undefined;
    const estimate = estimateResponse(model, z, this.now().toISOString());
    // Frozen: a number shown before the outcome exists (a withheld view may still become a number before treatment).
    const freeze = own === null && frozenSameSettings === undefined && (estimate.status === 'estimate' || estimate.status === 'provisional');
    const saved = store.saveEstimate({
      patientId,
      analysisId: analysis.id,
      z,
      settingsHash: analysis.settingsHash,
      estimate: estimate as unknown as JsonObject,
      model: estimate.model as unknown as JsonObject,
      modelId: estimate.model.id,
      frozen: freeze,
    });
    return {
      estimate, estimateId: saved.id, analysisId: analysis.id, frozen: freeze, shownAt: saved.createdAt,
      cohort: cohortView(model, estimate, patientId, data.rows, metric, track),
    };
  }

  /** The whole site's cohort for one analysis settings hash (default: the app's default settings). */
  cohort(settingsHash: string = defaultSettingsHash()): CohortView {
    const metric = this.metric();
    const data = this.cache.dataFor(this.record(), metric);
    const { model, track } = data.wholeCohort(modelKey(settingsHash, metric));
    return cohortView(model, null, null, data.rows, metric, track);
  }
}

/** Points, line and band for the scatter, with the model's metrics and the temporal track record. */
export function cohortView(
  model: SiteModel, estimate: ResponseEstimate | null, highlightPatientId: number | null,
  rows: readonly CalibrationRow[] = [], metric: ModelMetric = model.metric,
  /** The temporal validation of the model's patients when already computed (trackOf). */
  track: TemporalValidation = trackOf(model.calibration, rows),
): CohortView {
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
    metric,
    n: calibration.n,
    responders: calibration.responders,
    nonResponders: calibration.nonResponders,
    excluded: { ...calibration.excluded },
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
    trackRecord: {
      predicted: track.predictions.length,
      shownWouldHaveBeen: track.predictions.filter((p) => p.wouldShow).length,
      overTime: track.overTime.map((p) => ({ ...p })),
      recent: track.predictions.slice(-20).map((p) => ({ patientId: p.patientId, treatedAt: p.treatedAt, predicted: p.predicted, observed: p.observed, wouldShow: p.wouldShow })),
    },
  };
}
