/**
 * The estimate tab and the cohort page computed the direct way, as EstimateService did before its
 * cache (issue 12): calibration rows read afresh, every model fitted from its own calibration set,
 * every track record validated from scratch. Nothing is stored. The reference the cached service
 * must equal on seeded records (test support, not used by the app).
 */
import type { CohortView } from '../../../shared/api-imaging';
import {
  estimateResponse, fitSiteModel, modelSettingsKey, selectCalibrationSet, type CalibrationCandidate, type ModelMetric, type ResponseEstimate,
} from '../../../shared/model';
import type { CalibrationRow, RecordService } from '../../../shared/record/types';
import { cohortView } from '../estimate-service';
import { metricZ, sha256 } from '../site-model-cache';

function candidates(rows: readonly CalibrationRow[], metric: ModelMetric): CalibrationCandidate[] {
  return rows.map((r) => ({
    patientId: r.patientId, z: metricZ(r, metric), settingsHash: modelSettingsKey(r.settingsHash, metric, sha256),
    nrsPre: r.preNrs, nrsPost: r.post60Nrs, treatedAt: r.treatedAt,
  }));
}

/** What the estimate tab shows for the patient now (the frozen estimate when there is one), without storing. */
export function referenceEstimate(store: RecordService, patientId: number, now: Date, metric: ModelMetric = 'roi-to-roi'): { estimate: ResponseEstimate; cohort: CohortView } {
  const analysis = store.latestAnalysisForPatient(patientId);
  if (analysis === null) throw new Error('no analysis');
  const rows = store.calibrationSet();
  const key = modelSettingsKey(analysis.settingsHash, metric, sha256);
  const fitOn = (treatedBefore: string | null) => fitSiteModel(
    selectCalibrationSet(candidates(rows, metric), key, { excludePatientId: patientId, treatedBefore, sha256 }), metric);
  const frozen = store.listEstimates(patientId).find((e) => e.frozen && e.settingsHash === analysis.settingsHash);
  if (frozen) {
    const estimate = frozen.estimate as unknown as ResponseEstimate;
    return { estimate, cohort: cohortView(fitOn(null), estimate, patientId, rows, metric) };
  }
  const own = rows.find((r) => r.patientId === patientId) ?? null;
  const model = fitOn(own ? own.treatedAt : null);
  const estimate = estimateResponse(model, analysis.z, now.toISOString());
  return { estimate, cohort: cohortView(model, estimate, patientId, rows, metric) };
}

/** The cohort page for one settings hash, computed directly. */
export function referenceCohort(store: RecordService, settingsHash: string, metric: ModelMetric = 'roi-to-roi'): CohortView {
  const rows = store.calibrationSet();
  const calibration = selectCalibrationSet(candidates(rows, metric), modelSettingsKey(settingsHash, metric, sha256), { sha256 });
  return cohortView(fitSiteModel(calibration, metric), null, null, rows, metric);
}
