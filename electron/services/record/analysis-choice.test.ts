import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { KrpError } from '../../../shared/errors';
import { analysisInput, FIXED_NOW, seedCompletePatient, sha256Of, TEST_ACTOR } from './record-fixtures';
import { RecordStore } from './record-store';

// Which analysis counts for a patient: the newest until the clinician chooses another with a reason;
// the choice is kept (old ones too), audited, marked in the chart, and every view agrees on it.

const refusedWith = (code: string) => (e: unknown) => e instanceof KrpError && e.code === code;

function setup(t: { after: (fn: () => void) => void }) {
  const dir = mkdtempSync(join(tmpdir(), 'krp-choice-'));
  const store = RecordStore.open(join(dir, 'krp.sqlite3'), { actor: TEST_ACTOR, now: () => FIXED_NOW });
  t.after(() => { store.close(); rmSync(dir, { recursive: true, force: true }); });
  // Patient 1 (seeded: scan 1, analysis 1 with r = tanh(-0.5), an infusion with pre/post NRS), then a
  // second scan with two runs: analyses 2 (r 0.2) and 3 (r 0.6, the newest).
  const patientId = seedCompletePatient(store, 0);
  const scanB = store.addScan({ patientId, acquiredAt: '2024-01-02', originalPath: '/scans/b.nii.gz', sha256: sha256Of('b'), header: null });
  store.addAnalysis(analysisInput(scanB.id, 0.2));
  store.addAnalysis(analysisInput(scanB.id, 0.6));
  const other = seedCompletePatient(store, 1);
  return { store, patientId, scanB: scanB.id, other };
}

/** What each view takes as the patient's analysis. */
function views(store: RecordStore, patientId: number) {
  const chart = store.openChart(patientId);
  const row = store.calibrationSet().find((r) => r.patientId === patientId)!;
  const listed = store.listPatients({ search: chart.patient.displayCode }).items[0];
  const csv = store.exportCohort({ deidentified: false }).csv;
  const header = csv.replace(/^\uFEFF/, '').split(/\r?\n/)[0].split(',');
  const line = csv.split(/\r?\n/).find((l) => l.includes(chart.patient.displayCode))!.split(',');
  return {
    chart: chart.analysisInUse?.id, store: store.analysisInUse(patientId)?.id, calibration: row.analysisId,
    listZ: listed.latestZ, csv: Number(line[header.indexOf('analysis_id')]),
  };
}

test('the newest analysis counts until one is chosen; then every view uses the chosen one', (t) => {
  const { store, patientId } = setup(t);
  assert.deepEqual(views(store, patientId), { chart: 3, store: 3, calibration: 3, listZ: Math.atanh(0.6), csv: 3 });
  const choice = store.chooseAnalysis(patientId, 2, 'run 3 moved 2 mm');
  assert.deepEqual({ analysisId: choice.analysisId, reason: choice.reason, who: choice.clinician }, { analysisId: 2, reason: 'run 3 moved 2 mm', who: TEST_ACTOR.clinician });
  assert.deepEqual(views(store, patientId), { chart: 2, store: 2, calibration: 2, listZ: Math.atanh(0.2), csv: 2 });
  assert.equal(store.latestAnalysisForPatient(patientId)!.id, 3, 'the newest is still the newest');
  assert.equal(store.verifyAudit().ok, true);
});

test('a choice is audited (before → after), kept with its reason and marked as a correction; a later one keeps the old', (t) => {
  const { store, patientId } = setup(t);
  store.chooseAnalysis(patientId, 2, 'run 3 moved 2 mm');
  const entry = store.listAudit({ limit: 1 })[0];
  assert.deepEqual({ entity: entry.entity, id: entry.entityId, action: entry.action, before: entry.before, after: entry.after },
    { entity: 'analysis', id: 2, action: 'update', before: { patientId, analysisInUse: 3 }, after: { patientId, analysisInUse: 2 } });
  const correction = store.listCorrections(patientId)[0];
  assert.deepEqual({ entity: correction.entity, id: correction.entityId, fields: correction.fields, reason: correction.reason, seq: correction.auditSeq },
    { entity: 'analysis', id: 2, fields: ['analysisInUse'], reason: 'run 3 moved 2 mm', seq: entry.seq });
  store.chooseAnalysis(patientId, 1, 'first scan is the pre-treatment one');
  const chart = store.openChart(patientId);
  assert.equal(chart.analysisInUse!.id, 1);
  assert.deepEqual(chart.analysisChoices.map((c) => [c.analysisId, c.reason]), [[1, 'first scan is the pre-treatment one'], [2, 'run 3 moved 2 mm']]);
  assert.equal(store.verifyAudit().ok, true);
});

test('refused, nothing stored: no reason, a look-alike reason, another patient\'s analysis, an unknown one, the one already in use', (t) => {
  const { store, patientId, other } = setup(t);
  const head = store.verifyAudit().head;
  assert.throws(() => store.chooseAnalysis(patientId, 2, '  '), refusedWith('record.missing-field'));
  assert.throws(() => store.chooseAnalysis(patientId, 2, 'bad\u202Ereason'), refusedWith('record.bidi-control'));
  const othersAnalysis = store.analysisInUse(other)!.id;
  assert.throws(() => store.chooseAnalysis(patientId, othersAnalysis, 'typo'), refusedWith('record.wrong-patient'));
  assert.throws(() => store.chooseAnalysis(patientId, 999, 'typo'), refusedWith('record.unknown-analysis'));
  assert.throws(() => store.chooseAnalysis(patientId, 3, 'already the newest'), refusedWith('record.already-in-use'));
  assert.deepEqual(store.verifyAudit().head, head, 'no audit entry written');
  assert.deepEqual(store.listAnalysisChoices(patientId), []);
});

test('when the chosen analysis\'s scan is removed, the newest live analysis counts again and the removed one cannot be chosen', (t) => {
  const { store, patientId, scanB } = setup(t);
  store.chooseAnalysis(patientId, 2, 'run 3 moved');
  store.deleteScan(scanB, 'wrong patient scanned');
  assert.equal(store.analysisInUse(patientId)!.id, 1);
  assert.equal(store.calibrationSet().find((r) => r.patientId === patientId)!.analysisId, 1);
  assert.throws(() => store.chooseAnalysis(patientId, 3, 'back'), refusedWith('record.deleted'));
  assert.equal(store.verifyAudit().ok, true);
});
