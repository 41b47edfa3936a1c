import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sha256Hex } from '../hash/sha256';
import { isModelMetric, MODEL_METRICS, modelSettingsKey } from './model-input';

test('the metric is part of the pooling key: same analysis settings, different metric, different key', () => {
  const h = 'a'.repeat(64);
  assert.deepEqual(MODEL_METRICS, ['roi-to-roi', 'seed-to-voxel-mean']);
  assert.equal(modelSettingsKey(h, 'roi-to-roi'), sha256Hex(`krp-model-settings/v1\nanalysis ${h}\nmetric roi-to-roi\n`));
  assert.notEqual(modelSettingsKey(h, 'roi-to-roi'), modelSettingsKey(h, 'seed-to-voxel-mean'));
  assert.notEqual(modelSettingsKey(h, 'roi-to-roi'), modelSettingsKey('b'.repeat(64), 'roi-to-roi'));
  assert.match(modelSettingsKey(h, 'seed-to-voxel-mean'), /^[0-9a-f]{64}$/);
  assert.ok(isModelMetric('roi-to-roi') && !isModelMetric('voxel') && !isModelMetric(null));
});
