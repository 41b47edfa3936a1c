import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RecordStore } from './record/record-store';
import { FIXED_NOW, TEST_ACTOR, analysisInput, sha256Of } from './record/record-fixtures';
import { EstimateService, defaultSettingsHash } from './estimate-service';
import { seedCohort } from './test-support/seed-cohort';

function setup(t: { after: (fn: () => void) => void }) {
  const dir = mkdtempSync(join(tmpdir(), 'krp-estimate-'));
  const store = RecordStore.open(join(dir, 'krp.sqlite3'), { actor: TEST_ACTOR, now: () => FIXED_NOW });
  t.after(() => { store.close(); rmSync(dir, { recursive: true, force: true }); });
  return { store, service: new EstimateService(() => store, () => new Date(FIXED_NOW)) };
}

function newPatientWithZ(store: RecordStore, z: number, settingsHash = defaultSettingsHash()): number {
  const patient = store.createPatient({ displayCode: 'NEW-1' });
  const { scanId: _s, ...analysis } = analysisInput(0, Math.tanh(z), settingsHash);
  store.recordAnalysisRun({ patientId: patient.id, acquiredAt: '2025-05-01', originalPath: '/scans/new.nii.gz', sha256: sha256Of('new'), header: null }, { ...analysis, seedMap: null, meanImage: null });
  return patient.id;
}

test('estimate: 12 site patients give a provisional estimate with its interval, stored with its model', (t) => {
  const { store, service } = setup(t);
  seedCohort(store, 12);
  const patientId = newPatientWithZ(store, 0.0);
  const { estimate, estimateId, cohort } = service.estimateForPatient(patientId);
  assert.equal(estimate.status, 'provisional');
  assert.equal(estimate.n, 12);
  assert.ok(estimate.predictedReductionPct !== null && estimate.pi95 !== null && estimate.pResponder !== null);
  assert.ok(estimate.pi95[0] < estimate.predictedReductionPct && estimate.predictedReductionPct < estimate.pi95[1]);
  assert.ok(estimate.predictedReductionPct > 50, 'a low z predicts a large reduction on this site');
  assert.ok(cohort.slope !== null && cohort.slope < 0, 'the site line falls with z');
  assert.equal(cohort.points.length, 12);
  assert.ok(cohort.line !== null && cohort.line.every((p) => p.low < p.predicted && p.predicted < p.high));
  assert.deepEqual(cohort.highlight, { patientId: String(patientId), z: estimate.patientZ });
  const stored = store.listEstimates(patientId);
  assert.equal(stored.length, 1);
  assert.equal(stored[0].id, estimateId);
  assert.equal(stored[0].modelId, estimate.model.id);
  assert.equal((stored[0].estimate as { predictedReductionPct: number }).predictedReductionPct, estimate.predictedReductionPct);
});

test('estimate: under 10 calibration patients the number is withheld and the percentile shown', (t) => {
  const { store, service } = setup(t);
  seedCohort(store, 9);
  const patientId = newPatientWithZ(store, 0.2);
  const { estimate } = service.estimateForPatient(patientId);
  assert.equal(estimate.status, 'withheld');
  assert.equal(estimate.predictedReductionPct, null);
  assert.equal(estimate.pi95, null);
  assert.ok(estimate.percentile !== null && estimate.percentile > 0 && estimate.percentile < 100);
  assert.ok(estimate.reasons.length > 0);
});

test('estimate: analyses with other settings are excluded and counted; a patient without analysis is refused', (t) => {
  const { store, service } = setup(t);
  seedCohort(store, 12);
  seedCohort(store, 3, { codePrefix: 'OTHER', settingsHash: sha256Of('other settings') });
  const cohort = service.cohort();
  assert.equal(cohort.n, 12);
  assert.equal(cohort.excluded.otherSettings, 3);
  const bare = store.createPatient({ displayCode: 'BARE' });
  assert.throws(() => service.estimateForPatient(bare.id), /no connectivity analysis/);
});

test('estimate: shown before the outcome exists, it is frozen with its model and never refitted', (t) => {
  const { store, service } = setup(t);
  seedCohort(store, 12);
  const patientId = newPatientWithZ(store, 0.1);
  const first = service.estimateForPatient(patientId);
  assert.equal(first.frozen, true);
  assert.equal(store.listEstimates(patientId)[0].frozen, true);
  // More patients are treated; the site model changes, the frozen estimate does not.
  seedCohort(store, 8, { codePrefix: 'LATER' });
  const again = service.estimateForPatient(patientId);
  assert.equal(again.frozen, true);
  assert.equal(again.estimateId, first.estimateId);
  assert.deepEqual(again.estimate, first.estimate);
  assert.equal(again.estimate.model.n, 12);
  assert.equal(again.cohort.n, 20, 'the cohort beside it is today’s');
  assert.equal(store.listEstimates(patientId).length, 1, 'showing the frozen estimate stores nothing new');
  // Even once the outcome is recorded, the frozen estimate stands.
  const infusion = store.addInfusion({ patientId, startedAt: '2025-06-01T10:00', weightKg: 60 });
  store.addAssessment({ patientId, infusionId: infusion.id, timePoint: 'pre', recordedAt: '2025-06-01T09:50', nrs: 8 });
  store.addAssessment({ patientId, infusionId: infusion.id, timePoint: 'post60', recordedAt: '2025-06-01T11:30', nrs: 3 });
  assert.equal(service.estimateForPatient(patientId).estimateId, first.estimateId);
});

test('estimate: a patient already treated is calibrated only on patients treated before them', (t) => {
  const { store, service } = setup(t);
  const ids = seedCohort(store, 30); // treated on days spread over 2024 (see seed-cohort)
  const rows = store.calibrationSet();
  const target = rows.find((r) => r.patientId === ids[29])!;
  const earlier = rows.filter((r) => r.patientId !== target.patientId && r.treatedAt < target.treatedAt).length;
  const { estimate, frozen } = service.estimateForPatient(target.patientId);
  assert.equal(frozen, false);
  assert.equal(store.listEstimates(target.patientId)[0].frozen, false);
  assert.equal(estimate.n, earlier);
  assert.equal(estimate.calibration.excluded.treatedLater, 29 - earlier);
  assert.equal(estimate.model.treatedBefore, target.treatedAt);
  assert.ok(estimate.reasons.some((r) => r.code === 'excluded-treated-later'));
});

test('cohort: the track record predicts each patient from those treated before', (t) => {
  const { store, service } = setup(t);
  seedCohort(store, 40);
  const cohort = service.cohort();
  const rows = store.calibrationSet();
  const days = rows.map((r) => r.treatedAt).sort();
  // Patients with at least 10 treated strictly before them are predicted.
  const expected = days.filter((d) => days.filter((e) => e < d).length >= 10).length;
  assert.equal(cohort.trackRecord.predicted, expected);
  assert.equal(cohort.trackRecord.overTime.at(-1)!.n, expected);
  assert.equal(cohort.metric, 'roi-to-roi');
});

test('estimate: a site metric the record does not hold yet is refused with the reason', (t) => {
  const { store } = setup(t);
  seedCohort(store, 12);
  const patientId = newPatientWithZ(store, 0.1);
  const voxel = new EstimateService(() => store, () => new Date(FIXED_NOW), () => 'seed-to-voxel-mean');
  assert.throws(() => voxel.estimateForPatient(patientId), /seed-to-voxel-mean connectivity/);
  assert.equal(voxel.cohort().n, 0, 'no patient has the metric yet: nobody pooled with ROI-to-ROI values');
  assert.equal(store.listEstimates(patientId).length, 0);
});

test('estimate: a withheld view before treatment is stored but not frozen; the first number is', (t) => {
  const { store, service } = setup(t);
  seedCohort(store, 5);
  const patientId = newPatientWithZ(store, 0.1);
  const withheld = service.estimateForPatient(patientId);
  assert.equal(withheld.estimate.status, 'withheld');
  assert.equal(withheld.frozen, false);
  seedCohort(store, 9, { codePrefix: 'MORE' });
  const shown = service.estimateForPatient(patientId);
  assert.equal(shown.estimate.status, 'provisional');
  assert.equal(shown.frozen, true);
  assert.deepEqual(store.listEstimates(patientId).map((e) => e.frozen), [true, false]);
});

test('estimate: uses the analysis the clinician chose; the frozen estimate of another analysis is not shown for it', (t) => {
  const { store, service } = setup(t);
  seedCohort(store, 12);
  const patientId = newPatientWithZ(store, 0.1);
  const first = service.estimateForPatient(patientId);
  assert.equal(first.frozen, true);
  const firstAnalysis = first.analysisId;
  // A second run of the same scan, with a clearly different z, chosen by the clinician.
  const scanId = store.getAnalysis(firstAnalysis).scanId;
  const second = store.addAnalysis({ ...analysisInput(scanId, Math.tanh(0.9)), seedMap: null, meanImage: null, settingsHash: defaultSettingsHash() });
  assert.equal(service.estimateForPatient(patientId).analysisId, second.id, 'the newest counts before any choice');
  store.chooseAnalysis(patientId, firstAnalysis, 'second run: registration failed');
  const back = service.estimateForPatient(patientId);
  assert.deepEqual({ analysisId: back.analysisId, estimateId: back.estimateId, frozen: back.frozen }, { analysisId: firstAnalysis, estimateId: first.estimateId, frozen: true });
  store.chooseAnalysis(patientId, second.id, 'first run: wrong series');
  const chosen = service.estimateForPatient(patientId);
  assert.equal(chosen.analysisId, second.id);
  assert.notEqual(chosen.estimateId, first.estimateId);
  assert.ok(Math.abs(chosen.estimate.patientZ - 0.9) < 1e-9, 'made from the chosen analysis');
  assert.equal(chosen.frozen, false, 'at most one frozen estimate per patient and settings: the first one shown stays the frozen one');
});
