import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fitOls } from './ols';
import { predictAt, probabilityAtLeast } from './prediction';
import { temporalValidation, type TimedOutcome } from './temporal';

const close = (actual: number, expected: number, tol: number, what: string): void => {
  assert.ok(Math.abs(actual - expected) <= tol, `${what}: got ${actual}, expected ${expected} (±${tol})`);
};

// A seeded cohort with a known relation: % reduction = 100 − 100·z + e, |e| ≤ 5 (e = 5·cos 2.1i),
// z = 0.1 … 0.59 in a scrambled order, one patient treated per day from 1 March 2025; listed
// out of order so that the function has to sort by treatment time.
const day = (i: number) => new Date(Date.UTC(2025, 2, 1 + i)).toISOString();
function cohort(n: number): TimedOutcome[] {
  const rows = Array.from({ length: n }, (_, i) => {
    const z = 0.1 + 0.01 * ((i * 37) % 50);
    return { patientId: `T${String(i).padStart(3, '0')}`, z, reductionPct: 100 - 100 * z + 5 * Math.cos(2.1 * i), treatedAt: day(i) };
  });
  return [...rows.filter((_, i) => i % 2 === 1), ...rows.filter((_, i) => i % 2 === 0)];
}
const truth = (z: number) => 100 - 100 * z;

test('each patient is predicted only from those treated before, exactly as a fit on them would', () => {
  const patients = cohort(60);
  const byTime = [...patients].sort((a, b) => (a.treatedAt < b.treatedAt ? -1 : 1));
  const { predictions } = temporalValidation(patients, 50);
  assert.equal(predictions.length, 50, 'the first 10 are the minimum calibration set, not predicted');
  assert.deepEqual(predictions.map((p) => p.nBefore), Array.from({ length: 50 }, (_, k) => k + 10));
  for (const k of [10, 11, 30, 59]) {
    const before = byTime.slice(0, k);
    const fit = fitOls(before.map((p) => p.z), before.map((p) => p.reductionPct));
    assert.equal(fit.status, 'ok');
    if (fit.status !== 'ok') continue;
    const direct = predictAt(fit.value, byTime[k].z);
    const p = predictions[k - 10];
    assert.equal(p.patientId, byTime[k].patientId);
    close(p.predicted, direct.predicted, 1e-9, `prediction ${k}`);
    close(p.pAtLeast, probabilityAtLeast(direct, 50), 1e-9, `P(≥ 50) ${k}`);
    assert.equal(p.observed, byTime[k].reductionPct);
  }
});

test('the known relation is recovered forward in time and nothing leaks from the future', () => {
  const patients = cohort(60);
  const { predictions, overTime } = temporalValidation(patients, 50);
  // With ≥ 30 earlier patients the line is close to the planted one: error ≤ noise (5) + a little.
  for (const p of predictions.filter((x) => x.nBefore >= 30)) {
    const z = patients.find((x) => x.patientId === p.patientId)!.z;
    assert.ok(Math.abs(p.predicted - truth(z)) < 4, `${p.patientId}: ${p.predicted} vs ${truth(z)}`);
    assert.ok(Math.abs(p.observed - p.predicted) < 8);
  }
  // Changing the last-treated patient's outcome changes no earlier prediction.
  const last = day(59);
  const altered = patients.map((p) => (p.treatedAt === last ? { ...p, reductionPct: 100 } : p));
  const again = temporalValidation(altered, 50).predictions;
  assert.deepEqual(again.map((p) => p.predicted), predictions.map((p) => p.predicted));
  // Track record: cumulative, ends with every prediction; MAE by hand for the whole record.
  assert.equal(overTime.at(-1)!.n, 50);
  const mae = predictions.reduce((s, p) => s + Math.abs(p.observed - p.predicted), 0) / 50;
  close(overTime.at(-1)!.mae, mae, 1e-12, 'MAE');
  assert.ok(overTime.every((t, i) => i === 0 || t.n > overTime[i - 1].n));
  assert.ok(overTime.at(-1)!.calibrationSlope! > 0.8 && overTime.at(-1)!.calibrationSlope! < 1.2);
  assert.ok(overTime.at(-1)!.auc! > 0.9);
});

test('patients treated at the same time are not used for each other; fewer than 10 earlier: no prediction', () => {
  const patients = cohort(12).map((p, i) => ({ ...p, treatedAt: i < 10 ? day(i) : day(20) }));
  const { predictions, overTime } = temporalValidation(patients, 50);
  assert.equal(predictions.length, 2);
  assert.ok(predictions.every((p) => p.nBefore === 10));
  assert.equal(overTime.at(-1)!.auc, null, 'no AUC from 2 predictions');
  assert.equal(overTime.at(-1)!.calibrationSlope, null, 'no calibration slope from 2 predictions');
  assert.deepEqual(temporalValidation(cohort(10), 50), { predictions: [], overTime: [] });
});
