import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rocAuc } from './auc';
import { correlationInference } from './correlation';
import { GATING } from './gating';
import { fitOls } from './ols';
import { predictAt, probabilityAtLeast } from './prediction';
import { SKILL_GATE } from './skill-gate';
import { temporalValidation, temporalValidationBefore, type ProspectivePrediction, type TimedOutcome } from './temporal';

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

// The naive forward-in-time validation: for each patient, a fresh OLS on everyone treated strictly
// before (O(n²) in all), and the track record with every checkpoint fitted and ranked from scratch.
function naivePredictions(patients: readonly TimedOutcome[], threshold: number): ProspectivePrediction[] {
  const sorted = [...patients].sort((a, b) => (a.treatedAt < b.treatedAt ? -1 : a.treatedAt > b.treatedAt ? 1 : a.patientId < b.patientId ? -1 : 1));
  return sorted.flatMap((p) => {
    const before = sorted.filter((q) => q.treatedAt < p.treatedAt);
    if (before.length < GATING.minPatients) return [];
    const fit = fitOls(before.map((q) => q.z), before.map((q) => q.reductionPct));
    if (fit.status !== 'ok') return [];
    const prediction = predictAt(fit.value, p.z);
    const ci = correlationInference(fit.value.r, fit.value.n);
    const rOk = ci.status === 'ok' && ci.value.ci95 !== null && (SKILL_GATE.direction < 0 ? ci.value.ci95[1] < 0 : ci.value.ci95[0] > 0);
    const responders = before.filter((q) => q.reductionPct >= threshold).length;
    return [{
      patientId: p.patientId, treatedAt: p.treatedAt, nBefore: before.length, predicted: prediction.predicted, observed: p.reductionPct,
      pAtLeast: probabilityAtLeast(prediction, threshold),
      wouldShow: rOk && responders >= GATING.minResponders && before.length - responders >= GATING.minNonResponders,
    }];
  });
}

function naiveTrack(predictions: readonly ProspectivePrediction[], threshold: number, checkpoints = 12) {
  const count = Math.min(checkpoints, predictions.length);
  return Array.from({ length: count }, (_, c) => {
    const n = Math.round((predictions.length * (c + 1)) / count);
    const upTo = predictions.slice(0, n);
    const calibration = n >= GATING.minPatients ? fitOls(upTo.map((p) => p.predicted), upTo.map((p) => p.observed)) : null;
    const positives = upTo.filter((p) => p.observed >= threshold).length;
    const auc = positives >= GATING.minResponders && n - positives >= GATING.minNonResponders
      ? rocAuc(upTo.map((p) => p.pAtLeast), upTo.map((p) => p.observed >= threshold)) : null;
    return {
      n, treatedAt: upTo[n - 1].treatedAt, mae: upTo.reduce((s, p) => s + Math.abs(p.observed - p.predicted), 0) / n,
      calibrationSlope: calibration && calibration.status === 'ok' ? calibration.value.slope : null,
      auc: auc && auc.status === 'ok' ? auc.value.auc : null,
    };
  });
}

// A seeded clinic: 400 patients over 90 days (several per day: tied times), % reduction falling with z plus noise.
function clinic(n: number): TimedOutcome[] {
  let seed = 12345;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  return Array.from({ length: n }, (_, i) => {
    const z = -0.3 + 0.9 * rnd();
    return { patientId: `C${i}`, z, reductionPct: 80 - 90 * (z + 0.3) + 30 * (rnd() - 0.5), treatedAt: day(Math.floor(rnd() * 90)) };
  });
}

test('running sums give every prediction of the naive refit-per-patient validation, ties in time included', () => {
  const patients = clinic(400);
  const { predictions, overTime } = temporalValidation(patients, 50);
  const naive = naivePredictions(patients, 50);
  assert.equal(predictions.length, naive.length);
  assert.ok(predictions.length > 300);
  predictions.forEach((p, k) => {
    const q = naive[k];
    assert.deepEqual([p.patientId, p.treatedAt, p.nBefore, p.observed, p.wouldShow], [q.patientId, q.treatedAt, q.nBefore, q.observed, q.wouldShow]);
    close(p.predicted, q.predicted, 1e-9, `prediction ${k}`);
    close(p.pAtLeast, q.pAtLeast, 1e-9, `P(≥ 50) ${k}`);
  });
  // The track record equals every checkpoint computed from scratch, exactly.
  assert.deepEqual(overTime, naiveTrack(predictions, 50));
  assert.deepEqual(temporalValidation(patients, 50, 5).overTime, naiveTrack(predictions, 50, 5));
});

test('the validation of the patients treated before a time is the first part of the whole one, unchanged', () => {
  const patients = clinic(400);
  const whole = temporalValidation(patients, 50);
  for (const before of [day(0), day(3), day(45), day(89), day(200)]) {
    const subset = patients.filter((p) => p.treatedAt < before);
    assert.deepEqual(temporalValidationBefore(whole, before, 50), temporalValidation(subset, 50), `before ${before}`);
  }
});
