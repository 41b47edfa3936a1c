import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SKILL_GATE, skillGateReasons } from './skill-gate';

const codes = (r: number | null, ci: [number, number] | null, slope: number | null) =>
  skillGateReasons({ r, rCi95: ci, looCalibrationSlope: slope }).map((x) => x.code);

test('skill gate: thresholds of the documented rule', () => {
  assert.deepEqual(SKILL_GATE, { direction: -1, calibrationSlopeMin: 0.5, calibrationSlopeMax: 2 });
});

test('skill gate: CI must exclude 0 on the published (negative) side; slope within 0.5–2 inclusive', () => {
  assert.deepEqual(codes(-0.6, [-0.8, -0.3], 1), []);
  assert.deepEqual(codes(-0.6, [-0.8, -0.3], 0.5), []);
  assert.deepEqual(codes(-0.6, [-0.8, -0.3], 2), []);
  assert.deepEqual(codes(-0.6, [-0.8, -0.3], 0.49), ['skill-calibration-out-of-range']);
  assert.deepEqual(codes(-0.6, [-0.8, -0.3], 2.01), ['skill-calibration-out-of-range']);
  assert.deepEqual(codes(-0.6, [-0.8, -0.3], -25), ['skill-calibration-out-of-range']);
  assert.deepEqual(codes(-0.2, [-0.5, 0], 1), ['skill-r-includes-zero']); // touching 0 does not exclude it
  assert.deepEqual(codes(0, [-0.02, 0.02], -25), ['skill-r-includes-zero', 'skill-calibration-out-of-range']);
  assert.deepEqual(codes(0.6, [0.3, 0.8], 1), ['skill-r-opposite-direction']);
  assert.deepEqual(codes(null, null, null), ['skill-r-includes-zero', 'skill-validation-unavailable']);
});

test('skill gate: the messages give the numbers that failed', () => {
  const [r, slope] = skillGateReasons({ r: 0.01, rCi95: [-0.019, 0.039], looCalibrationSlope: -25 });
  assert.match(r.message, /r = 0\.01, 95 % CI -0\.02 to 0\.04/);
  assert.match(slope.message, /slope is -25\.00 \(acceptable 0\.5 to 2/);
  assert.ok([r, slope].every((x) => x.kind === 'gate'));
});
