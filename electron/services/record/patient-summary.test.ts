import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PatientListQuery } from '../../../shared/record/types';
import { calibrationRows } from './calibration-query';
import { clinicalRevision, derivedSummaryProblem } from './patient-summary';
import { queryPatientList } from './patient-list-query';
import { FIXED_NOW, TEST_ACTOR, analysisInput, sha256Of } from './record-fixtures';
import { RecordStore } from './record-store';
import { legacyCalibrationRows, legacyPatientList } from './test-support/legacy-queries';
import { OTHER_SETTINGS, seedVariedRecord } from './test-support/varied-record';

function openStore(t: { after: (fn: () => void) => void }): RecordStore {
  const store = RecordStore.open(':memory:', { actor: TEST_ACTOR, now: () => FIXED_NOW });
  t.after(() => store.close());
  return store;
}

test('summary-based calibration rows equal the window-function query on a varied record', (t) => {
  const store = openStore(t);
  for (const seed of [1, 2, 3]) seedVariedRecord(store, 60, seed);
  const db = store.connection;
  const all = calibrationRows(db);
  assert.ok(all.length > 40, `enough calibration rows to mean something (${all.length})`);
  assert.deepEqual(all, legacyCalibrationRows(db));
  for (const hash of [sha256Of('default-settings'), OTHER_SETTINGS, sha256Of('none')]) {
    assert.deepEqual(calibrationRows(db, hash), legacyCalibrationRows(db, hash), `settings ${hash.slice(0, 8)}`);
  }
  assert.equal(derivedSummaryProblem(db), null);
});

test('summary-based patient list equals the per-patient query for every filter, sort, direction and page', (t) => {
  const store = openStore(t);
  for (const seed of [4, 5]) seedVariedRecord(store, 70, seed);
  const db = store.connection;
  let compared = 0;
  for (const sort of ['updated', 'code', 'z', 'reduction'] as const) {
    for (const direction of ['asc', 'desc', undefined] as const) {
      for (const responder of ['any', 'responder', 'non-responder', 'not-evaluable', 'pending'] as const) {
        for (const analysis of ['any', 'analysed', 'not-analysed'] as const) {
          for (const includeDeleted of [false, true]) {
            const base: PatientListQuery = { sort, direction, responder, analysis, includeDeleted };
            const whole = queryPatientList(db, { ...base, limit: 500 });
            assert.deepEqual(whole, legacyPatientList(db, { ...base, limit: 500 }), JSON.stringify(base));
            const page = { ...base, limit: 7, offset: 7 };
            assert.deepEqual(queryPatientList(db, page), legacyPatientList(db, page), JSON.stringify(page));
            compared += whole.items.length;
          }
        }
      }
    }
  }
  assert.ok(compared > 5000);
  for (const search of ['p-1', 'H10', '50%', 'fibro', '_', 'nobody']) {
    for (const sort of ['code', 'z'] as const) {
      const q = { search, sort, includeDeleted: true };
      assert.deepEqual(queryPatientList(db, q), legacyPatientList(db, q), JSON.stringify(q));
    }
  }
  const past = { sort: 'z' as const, limit: 5, offset: 10_000 };
  assert.deepEqual(queryPatientList(db, past), legacyPatientList(db, past), 'past the end: no rows, the total still given');
  assert.equal(queryPatientList(db, past).items.length, 0);
});

test('each kind of write keeps the summary equal to its recomputation and bumps the clinical revision', (t) => {
  const store = openStore(t);
  const db = store.connection;
  const revisions = [clinicalRevision(db)];
  const step = (what: string, write: () => unknown) => {
    write();
    assert.equal(derivedSummaryProblem(db), null, `after ${what}`);
    const revision = clinicalRevision(db);
    assert.ok(!revisions.includes(revision), `${what} changes the clinical revision`);
    revisions.push(revision);
  };
  const p = store.createPatient({ displayCode: 'K-1' });
  const zOf = () => store.listPatients({}).items[0].latestZ;
  let scanId = 0;
  step('a scan', () => { scanId = store.addScan({ patientId: p.id, acquiredAt: '2024-01-01', originalPath: '/s/1', sha256: sha256Of('1'), header: null }).id; });
  step('an analysis', () => store.addAnalysis(analysisInput(scanId, Math.tanh(0.3))));
  assert.equal(zOf(), 0.3);
  let infusionId = 0;
  step('an infusion', () => { infusionId = store.addInfusion({ patientId: p.id, startedAt: '2024-01-02T10:00', weightKg: 60 }).id; });
  let preId = 0;
  step('a pre NRS', () => { preId = store.addAssessment({ patientId: p.id, infusionId, timePoint: 'pre', recordedAt: '2024-01-02T09:50', nrs: 8 }).id; });
  assert.deepEqual(calibrationRows(db), [], 'no 60-minute NRS yet');
  step('a post NRS', () => store.addAssessment({ patientId: p.id, infusionId, timePoint: 'post60', recordedAt: '2024-01-02T11:30', nrs: 2 }));
  assert.equal(calibrationRows(db)[0].outcome.reductionPct, 75);
  step('a corrected NRS', () => store.updateAssessment(preId, { nrs: 4 }, 'misread'));
  assert.equal(calibrationRows(db)[0].outcome.reductionPct, 50);
  assert.equal(store.listPatients({ responder: 'responder' }).total, 1);
  step('a corrected patient', () => store.updatePatient(p.id, { displayCode: 'K-2' }, 'typo'));
  step('a deleted scan', () => store.deleteScan(scanId, 'wrong patient'));
  assert.equal(zOf(), null);
  assert.deepEqual(calibrationRows(db), []);
  step('a deleted patient', () => store.deletePatient(p.id, 'duplicate'));
  assert.equal(store.listPatients({}).total, 0);
  // What is not clinical data leaves the revision (and so the estimate cache) as it is.
  const before = clinicalRevision(db);
  store.openChart(p.id);
  store.listAudit({});
  assert.equal(clinicalRevision(db), before, 'reading a chart (an access-log entry) is no clinical change');
});

test('the summary follows writes made outside the app, and an edited summary fails verification', (t) => {
  const store = openStore(t);
  seedVariedRecord(store, 30, 9);
  const db = store.connection;
  const [row] = calibrationRows(db);
  db.prepare("UPDATE assessments SET nrs = 0 WHERE infusion_id = ? AND time_point = 'post60'").run(row.infusionId);
  assert.equal(derivedSummaryProblem(db), null, 'the triggers recompute the row even for a raw write');
  assert.equal(calibrationRows(db)[0].post60Nrs, 0);
  assert.equal(store.verifyAudit().ok, false, 'the raw write itself is still caught by the row binding');

  const clean = openStore(t);
  seedVariedRecord(clean, 30, 9);
  assert.equal(clean.verifyAudit().ok, true);
  const target = calibrationRows(clean.connection)[1].patientId;
  clean.connection.prepare('UPDATE patient_summary SET z = z + 0.5 WHERE patient_id = ?').run(target);
  const verdict = clean.verifyAudit();
  assert.equal(verdict.ok, false);
  assert.equal(verdict.table, 'patient_summary');
  assert.equal(verdict.rowId, target);
  assert.match(verdict.problem ?? '', /patient_summary table was edited outside the app/);
  clean.connection.prepare('DELETE FROM patient_summary WHERE patient_id = ?').run(target);
  assert.match(clean.verifyAudit().problem ?? '', new RegExp(`Patient ${target} has no summary row`));
});
