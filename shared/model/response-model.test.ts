import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isKrpError } from '../errors';
import type { JsonObject } from '../record/types';
import { selectCalibrationSet, type CalibrationCandidate } from './calibration-set';
import { RESEARCH_USE_NOTICE_EN, RESEARCH_USE_NOTICE_JA } from './notice';
import { estimateResponse, fitSiteModel, MODEL_METHOD, type ResponseEstimate } from './response-model';

const close = (actual: number | null | undefined, expected: number, tol: number, what: string): void => {
  assert.ok(typeof actual === 'number' && Math.abs(actual - expected) <= tol, `${what}: got ${actual}, expected ${expected} (±${tol})`);
};

const S = 'settings-a';
const AT = '2025-01-15T09:30:00.000Z';

// Twelve patients, baseline NRS 10, z = 0.1 … 1.2 and post NRS chosen so that the % reduction is
// 90 70 80 60 70 50 40 50 30 20 30 10 (7 responders ≥ 50 %, 5 non-responders).
// By hand: x̄ = 0.65, Sxx = 143/100 = 1.43, ȳ = 50, Syy = 6800, Sxy = −940/10 = −94
// → slope = −94/1.43, intercept = 50 + 0.65·94/1.43, SSE = 6800 − 94²/1.43, s² = SSE/10,
//   r = −94/√(1.43·6800).
const POST = [1, 3, 2, 4, 3, 5, 6, 5, 7, 8, 7, 9];
function cohort(copies = 1): CalibrationCandidate[] {
  const rows: CalibrationCandidate[] = [];
  for (let c = 0; c < copies; c++) {
    POST.forEach((post, i) => rows.push({ patientId: `C${c}-${String(i + 1).padStart(2, '0')}`, z: (i + 1) / 10, settingsHash: S, nrsPre: 10, nrsPost: post }));
  }
  return rows;
}
const SLOPE = -94 / 1.43;
const INTERCEPT = 50 + (0.65 * 94) / 1.43;
const SSE = 6800 - (94 * 94) / 1.43;
const R = -94 / Math.sqrt(1.43 * 6800);
const T975_10 = 2.228138851986274;

function assertJsonSafe(estimate: ResponseEstimate): void {
  const json: JsonObject = estimate; // compile-time: storable as the record's estimate JSON
  assert.deepEqual(JSON.parse(JSON.stringify(json)), estimate, 'survives JSON (no undefined, NaN or Infinity)');
}

test('12 patients: a provisional estimate with the hand-computed line, interval and P(responder)', () => {
  const model = fitSiteModel(selectCalibrationSet(cohort(), S));
  const e = estimateResponse(model, 0.65, AT);
  assert.equal(e.status, 'provisional');
  assert.equal(e.n, 12);
  assert.deepEqual([e.calibration.responders, e.calibration.nonResponders], [7, 5]);
  assert.equal(e.model.n, 12);
  close(e.model.slope, SLOPE, 1e-10, 'slope');
  close(e.model.intercept, INTERCEPT, 1e-10, 'intercept');
  close(e.model.residualSd, Math.sqrt(SSE / 10), 1e-10, 'residual SD');
  // At z = x̄: ŷ = ȳ = 50, se = s·√(1 + 1/12), P(≥ 50) = ½ exactly.
  close(e.predictedReductionPct, 50, 1e-10, 'prediction');
  const se = Math.sqrt(SSE / 10) * Math.sqrt(13 / 12);
  close(e.pi95![0], 50 - T975_10 * se, 1e-8, 'PI low');
  close(e.pi95![1], 50 + T975_10 * se, 1e-8, 'PI high');
  close(e.pResponder, 0.5, 1e-12, 'P(responder)');
  assert.equal(e.percentile, 50);
  close(e.site!.r, R, 1e-12, 'site r');
  // Site r = −0.953 vs −0.76: z = (atanh 0.9532 − atanh 0.76)/√(1/9 + 1/21) ≈ 2.18, p ≈ 0.029 → a caveat.
  const zDiff = (Math.atanh(-R) - Math.atanh(0.76)) / Math.sqrt(1 / 9 + 1 / 21);
  close(-e.site!.differenceFromPublished!.z, zDiff, 1e-10, 'difference z');
  assert.deepEqual(e.reasons.map((r) => r.code), ['provisional-sample', 'differs-from-published']);
  assert.deepEqual(e.published, { r: -0.76, ci95: [-0.89, -0.51], n: 24, direction: e.published.direction });
  assert.equal(e.notice.ja, RESEARCH_USE_NOTICE_JA);
  assert.equal(e.notice.en, RESEARCH_USE_NOTICE_EN);
  assert.ok(e.validation && e.validation.n === 12 && e.validation.auc !== null && e.validation.aucCi95 !== null);
  assert.equal(e.model.createdAt, AT);
  assert.equal(e.model.method, MODEL_METHOD);
  assert.equal(e.model.calibrationSetHash, model.calibration.hash);
  assert.equal(e.model.settingsHash, S);
  assertJsonSafe(e);
});

test('lower z, better predicted relief; outside the calibration range is flagged', () => {
  const model = fitSiteModel(selectCalibrationSet(cohort(), S));
  const low = estimateResponse(model, 0.2, AT);
  const high = estimateResponse(model, 1.1, AT);
  assert.ok(low.predictedReductionPct! > high.predictedReductionPct!);
  assert.ok(low.pResponder! > 0.5 && high.pResponder! < 0.5);
  close(low.predictedReductionPct, INTERCEPT + SLOPE * 0.2, 1e-10, 'ŷ(0.2)');
  assert.ok(!low.reasons.some((r) => r.code === 'outside-calibration-range'));
  const outside = estimateResponse(model, 1.6, AT);
  assert.ok(outside.reasons.some((r) => r.code === 'outside-calibration-range'));
  assert.equal(outside.percentile, 100);
  // At z = 0.1: ŷ ≈ 86.2, half-width ≈ 2.228·7.88·√(1 + 1/12 + 0.55²/1.43) ≈ 20.0 → upper end ≈ 106 % > 100 %.
  const best = estimateResponse(model, 0.1, AT);
  assert.ok(best.pi95![1] > 100);
  assert.ok(best.reasons.some((r) => r.code === 'interval-beyond-scale'));
  assert.ok(!low.reasons.some((r) => r.code === 'interval-beyond-scale'));
  // Farther from x̄, wider interval.
  assert.ok(outside.pi95![1] - outside.pi95![0] > low.pi95![1] - low.pi95![0]);
});

test('36 patients (the 12 three times): a full estimate, same line, residual SD on 34 df', () => {
  const model = fitSiteModel(selectCalibrationSet(cohort(3), S));
  const e = estimateResponse(model, 0.65, AT);
  assert.equal(e.status, 'estimate');
  assert.equal(e.n, 36);
  close(e.model.slope, SLOPE, 1e-10, 'slope');
  close(e.model.residualSd, Math.sqrt((3 * SSE) / 34), 1e-10, 'residual SD');
  assert.ok(!e.reasons.some((r) => r.kind === 'gate'));
});

test('fewer than 10 patients: withheld, percentile and published direction only', () => {
  const model = fitSiteModel(selectCalibrationSet(cohort().slice(0, 8), S));
  const e = estimateResponse(model, 0.25, AT);
  assert.equal(e.status, 'withheld');
  // The first 8 reductions are 90 70 80 60 70 50 40 50: only 1 non-responder as well.
  assert.deepEqual(e.reasons.filter((r) => r.kind === 'gate').map((r) => r.code), ['too-few-patients', 'too-few-non-responders']);
  assert.equal(e.predictedReductionPct, null);
  assert.equal(e.pi95, null);
  assert.equal(e.pResponder, null);
  assert.equal(e.percentile, 25); // 2 of the 8 z values (0.1, 0.2) lie below 0.25
  assert.match(e.published.direction.en, /lower mPFC–precuneus connectivity/);
  assert.equal(e.model.n, 8);
  assertJsonSafe(e);
});

test('12 patients but 2 non-responders: withheld', () => {
  const rows = cohort().map((c, i) => (i >= 2 && i < 11 ? { ...c, nrsPost: 2 } : c)); // 80 % for 3rd–11th
  const e = estimateResponse(fitSiteModel(selectCalibrationSet(rows, S)), 0.5, AT);
  assert.equal(e.status, 'withheld');
  assert.deepEqual(e.reasons.map((r) => r.code), ['too-few-non-responders']);
});

test('all z equal: cannot estimate, with the reason, never NaN', () => {
  const rows = cohort().map((c) => ({ ...c, z: 0.4 }));
  const e = estimateResponse(fitSiteModel(selectCalibrationSet(rows, S)), 0.4, AT);
  assert.equal(e.status, 'cannot-estimate');
  assert.deepEqual(e.reasons.map((r) => [r.code, r.kind]), [['all-z-equal', 'degenerate']]);
  assert.equal(e.predictedReductionPct, null);
  assert.equal(e.site, null);
  assert.equal(e.validation, null);
  assert.equal(e.model.slope, null);
  assert.equal(e.percentile, 50);
  assertJsonSafe(e);
});

test('perfectly collinear calibration: zero residual variance, cannot estimate', () => {
  const rows = cohort().map((c, i) => ({ ...c, nrsPost: i < 10 ? i : c.nrsPost, z: i < 10 ? (i + 1) / 10 : c.z })).slice(0, 10);
  const e = estimateResponse(fitSiteModel(selectCalibrationSet(rows, S)), 0.4, AT);
  assert.equal(e.status, 'cannot-estimate');
  assert.equal(e.reasons[0].code, 'zero-residual-variance');
});

test('no patients at all: withheld with a null percentile', () => {
  const e = estimateResponse(fitSiteModel(selectCalibrationSet([], S)), 0.4, AT);
  assert.equal(e.status, 'withheld');
  assert.equal(e.percentile, null);
  assert.equal(e.calibration.zMin, null);
  assertJsonSafe(e);
});

test('patients analysed with other settings are excluded and reported', () => {
  const rows = [...cohort(), { patientId: 'X1', z: 0.3, settingsHash: 'other', nrsPre: 9, nrsPost: 1 }];
  const e = estimateResponse(fitSiteModel(selectCalibrationSet(rows, S)), 0.65, AT);
  assert.equal(e.n, 12);
  assert.equal(e.calibration.excluded.otherSettings, 1);
  assert.ok(e.reasons.some((r) => r.code === 'excluded-other-settings'));
});

test('a patient z that is not a finite number is refused', () => {
  const model = fitSiteModel(selectCalibrationSet(cohort(), S));
  for (const bad of [Number.NaN, Infinity]) {
    assert.throws(() => estimateResponse(model, bad, AT), (e: unknown) => isKrpError(e) && e.code === 'model.invalid-z');
  }
});

test('a site where higher connectivity went with more relief is withheld: no skill in the published direction', () => {
  const flipped = cohort().map((c) => ({ ...c, z: 1.3 - (c.z as number) })); // same data, z mirrored: r = +0.953
  const e = estimateResponse(fitSiteModel(selectCalibrationSet(flipped, S)), 0.65, AT);
  close(e.site!.r, -R, 1e-12, 'site r');
  assert.equal(e.status, 'withheld');
  assert.equal(e.predictedReductionPct, null);
  assert.ok(e.reasons.some((r) => r.code === 'skill-r-opposite-direction' && r.kind === 'gate'));
  // Fisher test against −0.76: z = (atanh 0.953 + atanh 0.76)/√(1/9 + 1/21) ≈ 7.2 → p < 0.001.
  assert.ok(e.site!.differenceFromPublished!.p < 0.001);
});

test('no skill at scale (the 9 999-patient case of the issue, in small): r = 0 with many patients is withheld', () => {
  // 40 patients: z = 0.1 … 4.0 and reductions 0, 100, 100, 0 repeating. By hand: Σ z·y = 200·Σ block
  // starts (19) + 10 blocks · 30 = 4100 = n·z̄·ȳ = 40 · 2.05 · 50, so Sxy = 0 and r = 0 exactly.
  const rows: CalibrationCandidate[] = Array.from({ length: 40 }, (_, i) => ({
    patientId: `N${String(i).padStart(2, '0')}`, z: (i + 1) / 10, settingsHash: S, nrsPre: 10, nrsPost: [10, 0, 0, 10][i % 4],
  }));
  const e = estimateResponse(fitSiteModel(selectCalibrationSet(rows, S)), 2, AT);
  assert.equal(e.status, 'withheld');
  close(e.site!.r, 0, 1e-12, 'site r');
  assert.ok(e.site!.ci95![0] < 0 && e.site!.ci95![1] > 0, 'CI includes 0');
  assert.ok(e.reasons.some((r) => r.code === 'skill-r-includes-zero'));
  assert.equal(e.predictedReductionPct, null);
  assert.equal(e.pi95, null);
  assert.equal(e.pResponder, null);
  assert.equal(e.percentile, 48.75); // 19 of 40 below z = 2, one equal: 19.5/40
  assertJsonSafe(e);
});
