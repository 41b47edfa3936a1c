import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_ANALYSIS_SETTINGS } from './analysis-types';
import { settingsKeyText } from './settings-key';

test('the nonlinear normalization enters the settings key only when on: off and absent give the key analyses had before it existed', () => {
  const base = structuredClone(DEFAULT_ANALYSIS_SETTINGS);
  const off = settingsKeyText({ ...base, nonlinearNormalization: false });
  assert.equal(off, settingsKeyText(base));
  assert.equal(JSON.parse(off).nonlinearNormalization, undefined);
  const on = settingsKeyText({ ...base, nonlinearNormalization: true });
  assert.notEqual(on, off);
  assert.equal(JSON.parse(on).nonlinearNormalization, true);
});
