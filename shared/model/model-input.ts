/**
 * Which connectivity number the site model regresses on, chosen per site (issue 12):
 *   - 'roi-to-roi': Fisher z of the correlation of the mPFC and precuneus sphere-mean signals
 *     (what the app computes today);
 *   - 'seed-to-voxel-mean': the study's "Z値（平均）", the mean over precuneus voxels of the voxel-wise
 *     Fisher z with the mPFC seed (CONN seed-to-voxel: seed from unsmoothed data, voxels from
 *     8 mm-smoothed data). The published r = −0.76 refers to this one.
 * The two are on different scales, so patients are only pooled with the same metric: the metric is
 * part of the key that selects the calibration set (modelSettingsKey).
 */
import { sha256Hex } from '../hash/sha256';

export const MODEL_METRICS = ['roi-to-roi', 'seed-to-voxel-mean'] as const;
export type ModelMetric = (typeof MODEL_METRICS)[number];
export const DEFAULT_MODEL_METRIC: ModelMetric = 'roi-to-roi';

/** Version tag of the key text below. */
export const MODEL_SETTINGS_KEY_FORMAT = 'krp-model-settings/v1';

/** SHA-256 (hex) pooling key of an analysis settings hash and a metric: patients share a calibration set only when both match. */
export function modelSettingsKey(analysisSettingsHash: string, metric: ModelMetric, sha256: (text: string) => string = sha256Hex): string {
  return sha256(`${MODEL_SETTINGS_KEY_FORMAT}\nanalysis ${analysisSettingsHash}\nmetric ${metric}\n`);
}

/** True for one of MODEL_METRICS. */
export function isModelMetric(value: unknown): value is ModelMetric {
  return typeof value === 'string' && (MODEL_METRICS as readonly string[]).includes(value);
}
