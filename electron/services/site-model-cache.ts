/**
 * What the estimate tab and the cohort page derive from the whole calibration set, cached per
 * record, clinical revision (RecordService.clinicalRevision: any change of patients, scans,
 * analyses, infusions or assessments) and metric: the calibration rows as candidates, and per
 * model settings key the site model fitted on every treated patient with its temporal validation.
 * Opening the estimate tab for another patient then refits nothing for an untreated patient, and
 * for a treated one fits only their forward-in-time set. Everything cached is pure: the same
 * inputs give the same values, so a cached result equals a recomputed one.
 */
import { createHash } from 'node:crypto';
import {
  fitSiteModel, modelSettingsKey, selectCalibrationSet, temporalValidation, temporalValidationBefore,
  type CalibrationCandidate, type CalibrationSet, type ModelMetric, type SiteModel, type TemporalValidation, type TimedOutcome,
} from '../../shared/model';
import { RESPONDER_THRESHOLD_PCT } from '../../shared/scoring/nrs';
import type { CalibrationRow, RecordService } from '../../shared/record/types';

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

const keys = new Map<string, string>();

/** modelSettingsKey with node:crypto, remembered (a few settings hashes, thousands of patients). */
export function modelKey(settingsHash: string, metric: ModelMetric): string {
  const memo = `${metric}\n${settingsHash}`;
  let key = keys.get(memo);
  if (key === undefined) {
    if (keys.size >= 10_000) keys.clear();
    key = modelSettingsKey(settingsHash, metric, sha256);
    keys.set(memo, key);
  }
  return key;
}

/**
 * The connectivity number of an analysis for a metric; null when the analysis has none (stored
 * before the seed-to-voxel mean existed): such patients count as "no analysis" for that metric,
 * so the two scales are never mixed in one calibration set.
 */
export function metricZ(analysis: { z: number; seedToVoxelZ: number | null }, metric: ModelMetric): number | null {
  return metric === 'roi-to-roi' ? analysis.z : analysis.seedToVoxelZ;
}

function candidates(rows: readonly CalibrationRow[], metric: ModelMetric): CalibrationCandidate[] {
  let lastHash = '';
  let lastKey = '';
  return rows.map((r) => {
    if (r.settingsHash !== lastHash) { lastHash = r.settingsHash; lastKey = modelKey(r.settingsHash, metric); }
    return { patientId: r.patientId, z: metricZ(r, metric), settingsHash: lastKey, nrsPre: r.preNrs, nrsPost: r.post60Nrs, treatedAt: r.treatedAt };
  });
}

/** The temporal validation of a calibration set's patients (those with a known treatment time). */
export function trackOf(calibration: CalibrationSet, rows: readonly CalibrationRow[]): TemporalValidation {
  let byId: Map<string, CalibrationRow> | null = null; // only for patients without a treatment time of their own
  const timed: TimedOutcome[] = [];
  for (const p of calibration.patients) {
    const treatedAt = p.treatedAt ?? (byId ??= new Map(rows.map((r) => [String(r.patientId), r]))).get(p.patientId)?.treatedAt ?? null;
    if (treatedAt !== null) timed.push({ patientId: p.patientId, z: p.z, reductionPct: p.reductionPct, treatedAt });
  }
  return temporalValidation(timed, RESPONDER_THRESHOLD_PCT);
}

/** What is derived from every treated patient of one model key, each computed when first asked for. */
class WholeCohort {
  private selected: CalibrationSet | null = null;
  private fitted: SiteModel | null = null;
  private validated: TemporalValidation | null = null;
  private subsetRequests = 0;

  constructor(private readonly select: () => CalibrationSet, private readonly metric: ModelMetric, private readonly rows: readonly CalibrationRow[]) {}

  /** Their calibration set. */
  get calibration(): CalibrationSet {
    return this.selected ??= this.select();
  }

  /** The site model on all of them. */
  get model(): SiteModel {
    return this.fitted ??= fitSiteModel(this.calibration, this.metric);
  }

  /** Their temporal validation (the cohort page's track record). */
  get track(): TemporalValidation {
    return this.validated ??= trackOf(this.calibration, this.rows);
  }

  /**
   * The track record of `subset`, the patients treated before `treatedAt`: the first part of the
   * whole one (validated once, from the second such request on); the first request right after a
   * change validates only the subset.
   */
  trackBefore(treatedAt: string, subset: CalibrationSet): TemporalValidation {
    if (!this.validated && this.subsetRequests++ === 0) return trackOf(subset, this.rows);
    return temporalValidationBefore(this.track, treatedAt, RESPONDER_THRESHOLD_PCT);
  }
}

export type { WholeCohort };

/** The calibration data of one record at one clinical revision, for one metric. */
export class CalibrationData {
  readonly candidates: CalibrationCandidate[];
  private readonly rowsById: Map<number, CalibrationRow>;
  private readonly whole = new Map<string, WholeCohort>();

  constructor(readonly rows: CalibrationRow[], readonly metric: ModelMetric) {
    // In the calibration set's order (patient id as text), so that selecting from them sorts in linear time.
    const all = candidates(rows, metric);
    const byText = new Map(all.map((c) => [String(c.patientId), c]));
    // The default sort compares strings by UTF-16 code units, as the calibration set does. A
    // patient listed twice is left for selectCalibrationSet to refuse.
    this.candidates = byText.size === all.length ? [...byText.keys()].sort().map((id) => byText.get(id) as CalibrationCandidate) : all;
    this.rowsById = new Map(rows.map((r) => [r.patientId, r]));
  }

  /** The patient's calibration row (their treatment with its NRS pair), if any. */
  rowOf(patientId: number): CalibrationRow | null {
    return this.rowsById.get(patientId) ?? null;
  }

  /** Every treated patient with model settings `key`: their set, model and track record (cached). */
  wholeCohort(key: string): WholeCohort {
    let whole = this.whole.get(key);
    if (!whole) {
      whole = new WholeCohort(() => selectCalibrationSet(this.candidates, key, { sha256 }), this.metric, this.rows);
      this.whole.set(key, whole);
    }
    return whole;
  }

  /**
   * The model for `key` without patient `excludePatientId`, on patients treated before
   * `treatedBefore` (null: all). The whole cohort's when that is the same set (the patient is not
   * among the calibration rows and no time limit applies).
   */
  modelWithout(key: string, excludePatientId: number, treatedBefore: string | null): { model: SiteModel; whole: WholeCohort | null } {
    if (treatedBefore === null && !this.rowsById.has(excludePatientId)) {
      const whole = this.wholeCohort(key);
      return { model: whole.model, whole };
    }
    const calibration = selectCalibrationSet(this.candidates, key, { excludePatientId, treatedBefore, sha256 });
    return { model: fitSiteModel(calibration, this.metric), whole: null };
  }
}

/** The calibration data of the latest (record, revision, metric) asked for. */
export class SiteModelCache {
  private last: { record: RecordService; revision: string; data: CalibrationData } | null = null;

  /** The calibration data of `record` now, for `metric`: reused while the clinical revision stands. */
  dataFor(record: RecordService, metric: ModelMetric): CalibrationData {
    const revision = record.clinicalRevision();
    const last = this.last;
    if (last && last.record === record && last.revision === revision && last.data.metric === metric) return last.data;
    const data = new CalibrationData(record.calibrationSet(), metric);
    this.last = { record, revision, data };
    return data;
  }
}
