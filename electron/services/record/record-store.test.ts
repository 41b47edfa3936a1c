import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KrpError } from '../../../shared/errors';
import { analysisInput, FIXED_NOW, hadsItemsFor, sha256Of, TEST_ACTOR } from './record-fixtures';
import { RecordStore } from './record-store';

function openStore(): RecordStore {
  return RecordStore.open(':memory:', { actor: TEST_ACTOR, now: () => FIXED_NOW });
}

/** Row counts of every table, to show a refusal stored nothing (audit included). */
function counts(store: RecordStore): Record<string, number> {
  const out: Record<string, number> = {};
  for (const t of ['patients', 'scans', 'analyses', 'infusions', 'assessments', 'estimates', 'audit_log', 'patient_secrets']) {
    out[t] = store.connection.prepare(`SELECT count(*) FROM ${t}`).pluck().get() as number;
  }
  return out;
}

function expectRefusal(store: RecordStore, action: () => unknown, code: string, field?: string | RegExp): void {
  const before = counts(store);
  assert.throws(action, (e: unknown) => {
    assert.ok(e instanceof KrpError, `expected KrpError, got ${String(e)}`);
    assert.equal(e.code, code, e.message);
    if (field instanceof RegExp) assert.match(e.message, field);
    else if (field !== undefined) assert.equal(e.details.field, field);
    return true;
  });
  assert.deepEqual(counts(store), before, 'nothing stored on refusal');
}

/** A patient with a scan at 08:00 and an infusion at 10:00 on 2025-05-01. */
function patientWithInfusion(store: RecordStore) {
  const patient = store.createPatient({ displayCode: 'KET-001', hospitalId: 'H-1', birthDate: '1970-06-15', painDurationMonths: 24, psychiatricHistory: false, abnormalMri: false, diagnosis: 'CRPS' });
  const scan = store.addScan({ patientId: patient.id, acquiredAt: '2025-05-01T08:00', originalPath: '/scans/a.nii.gz', sha256: sha256Of('a'), header: null });
  const infusion = store.addInfusion({ patientId: patient.id, startedAt: '2025-05-01T10:00', weightKg: 70, scanId: scan.id });
  return { patient, scan, infusion };
}

test('an infusion derives total mg, defaults and minutes from the linked scan', () => {
  const store = openStore();
  const { infusion } = patientWithInfusion(store);
  assert.equal(infusion.doseMgPerKg, 0.3);
  assert.equal(infusion.totalMg, 21); // 70 kg × 0.3 mg/kg
  assert.equal(infusion.durationMin, 30);
  assert.equal(infusion.minutesFromScan, 120); // 08:00 → 10:00
  const other = store.addInfusion({ patientId: infusion.patientId, startedAt: '2025-05-02T10:00', weightKg: 82.5, doseMgPerKg: 0.5, durationMin: 40 });
  assert.equal(other.totalMg, 41.25);
  assert.equal(other.minutesFromScan, null);
});

test('the chart gathers scans, analyses, infusions, scores, outcome and eligibility', () => {
  const store = openStore();
  const { patient, scan, infusion } = patientWithInfusion(store);
  store.addAnalysis(analysisInput(scan.id, 0.3));
  store.addAssessment({ patientId: patient.id, infusionId: infusion.id, timePoint: 'pre', recordedAt: '2025-05-01T09:50', nrs: 8, hadsItems: hadsItemsFor(0), pcsItems: null });
  store.addAssessment({ patientId: patient.id, infusionId: infusion.id, timePoint: 'post60', recordedAt: '2025-05-01T11:30', nrs: 4 });
  const chart = store.openChart(patient.id);
  assert.equal(chart.ageYears, 54); // born 1970-06-15, today 2025-06-01
  assert.equal(chart.scans.length, 1);
  assert.equal(chart.scans[0].analyses.length, 1);
  assert.ok(Math.abs(chart.analysisInUse!.z - Math.atanh(0.3)) < 1e-12);
  assert.equal(chart.infusions[0].assessments.map((a) => a.timePoint).join(), 'pre,post60');
  // hadsItemsFor(0) = [0,3,2,1,0,3,2,1,0,3,2,1,0,3]: anxiety (odd items) 0+2+0+2+0+2+0 = 6, depression 3+1+3+1+3+1+3 = 15
  assert.equal(chart.infusions[0].assessments[0].hads!.anxiety.score, 6);
  assert.equal(chart.infusions[0].assessments[0].hads!.depression.score, 15);
  assert.deepEqual(chart.outcome, { status: 'evaluable', pre: 8, post: 4, reductionPct: 50, responder: true });
  assert.equal(chart.eligibility.overall, 'met');
  const access = store.listAudit({ entity: 'patient', entityId: patient.id, limit: 1 })[0];
  assert.equal(access.action, 'open-chart');
  assert.equal(access.clinician, 'Dr Test');
  assert.equal(access.osUser, 'tester');
});

test('refused, with nothing stored: out-of-range scores', () => {
  const store = openStore();
  const { patient, infusion } = patientWithInfusion(store);
  const base = { patientId: patient.id, infusionId: infusion.id, timePoint: 'pre' as const, recordedAt: '2025-05-01T09:50' };
  expectRefusal(store, () => store.addAssessment({ ...base, nrs: 11 }), 'record.nrs-out-of-range', 'NRS');
  expectRefusal(store, () => store.addAssessment({ ...base, nrs: 6.5 }), 'record.nrs-out-of-range', 'NRS');
  const hads = hadsItemsFor(1); hads[6] = 4;
  expectRefusal(store, () => store.addAssessment({ ...base, nrs: 5, hadsItems: hads }), 'record.hads-item-out-of-range', 'HADS item 7');
  const pcs = Array(13).fill(2); pcs[0] = 5;
  expectRefusal(store, () => store.addAssessment({ ...base, nrs: 5, pcsItems: pcs }), 'record.pcs-item-out-of-range', 'PCS item 1');
  expectRefusal(store, () => store.addAssessment({ ...base, nrs: null }), 'record.empty-assessment');
});

test('refused, with nothing stored: an assessment without a patient', () => {
  const store = openStore();
  const { infusion } = patientWithInfusion(store);
  expectRefusal(store, () => store.addAssessment({ patientId: 999, infusionId: infusion.id, timePoint: 'pre', recordedAt: '2025-05-01T09:50', nrs: 5 }), 'record.unknown-patient', 'Patient');
  const other = store.createPatient({ displayCode: 'KET-002' });
  expectRefusal(store, () => store.addAssessment({ patientId: other.id, infusionId: infusion.id, timePoint: 'pre', recordedAt: '2025-05-01T09:50', nrs: 5 }), 'record.wrong-patient', 'Infusion');
});

test('refused, with nothing stored: a post value before any pre, or timed before it', () => {
  const store = openStore();
  const { patient, infusion } = patientWithInfusion(store);
  const post = { patientId: patient.id, infusionId: infusion.id, timePoint: 'post60' as const, recordedAt: '2025-05-01T11:00', nrs: 3 };
  expectRefusal(store, () => store.addAssessment(post), 'record.post-before-pre', 'Time point');
  store.addAssessment({ patientId: patient.id, infusionId: infusion.id, timePoint: 'pre', recordedAt: '2025-05-01T09:50', nrs: 7 });
  expectRefusal(store, () => store.addAssessment({ ...post, recordedAt: '2025-05-01T09:40' }), 'record.post-before-pre', 'Recorded at');
  const saved = store.addAssessment(post);
  expectRefusal(store, () => store.addAssessment(post), 'record.duplicate-assessment');
  const pre = store.openChart(patient.id).infusions[0].assessments[0];
  expectRefusal(store, () => store.updateAssessment(pre.id, { recordedAt: '2025-05-01T11:10' }, 'time mistyped'), 'record.post-before-pre');
  expectRefusal(store, () => store.deleteAssessment(pre.id, 'entered twice'), 'record.pre-has-post');
  assert.equal(saved.nrs, 3);
});

test('refused, with nothing stored: a duplicate hospital ID (any case) or display code', () => {
  const store = openStore();
  patientWithInfusion(store);
  expectRefusal(store, () => store.createPatient({ displayCode: 'KET-009', hospitalId: 'h-1' }), 'record.duplicate-hospital-id', 'Hospital ID');
  expectRefusal(store, () => store.createPatient({ displayCode: 'ket-001' }), 'record.duplicate-display-code', 'Display code');
  const b = store.createPatient({ displayCode: 'KET-002', hospitalId: 'H-2' });
  expectRefusal(store, () => store.updatePatient(b.id, { hospitalId: 'H-1' }, 'ID mistyped'), 'record.duplicate-hospital-id');
});

test('refused, with nothing stored: a non-numeric or impossible weight', () => {
  const store = openStore();
  const { patient } = patientWithInfusion(store);
  const base = { patientId: patient.id, startedAt: '2025-05-03T10:00' };
  expectRefusal(store, () => store.addInfusion({ ...base, weightKg: '70' as unknown as number }), 'record.not-a-number', 'Body weight');
  expectRefusal(store, () => store.addInfusion({ ...base, weightKg: Number.NaN }), 'record.not-a-number', 'Body weight');
  expectRefusal(store, () => store.addInfusion({ ...base, weightKg: 0 }), 'record.out-of-range', 'Body weight');
  expectRefusal(store, () => store.addInfusion({ ...base, weightKg: 70, doseMgPerKg: 30 }), 'record.out-of-range', 'Dose');
});

test('refused, with nothing stored: a date in the future or not a real date', () => {
  const store = openStore(); // today is 2025-06-01 12:00 UTC
  const { patient, infusion } = patientWithInfusion(store);
  expectRefusal(store, () => store.addInfusion({ patientId: patient.id, startedAt: '2025-06-03T10:00', weightKg: 70 }), 'record.date-in-future', 'Infusion start');
  expectRefusal(store, () => store.addScan({ patientId: patient.id, acquiredAt: '2026-01-01', originalPath: '/b', sha256: sha256Of('b'), header: null }), 'record.date-in-future', 'Acquisition date');
  expectRefusal(store, () => store.addAssessment({ patientId: patient.id, infusionId: infusion.id, timePoint: 'pre', recordedAt: '2025-07-01T09:00', nrs: 5 }), 'record.date-in-future', 'Recorded at');
  expectRefusal(store, () => store.createPatient({ displayCode: 'X', birthDate: '2030-01-01' }), 'record.date-in-future', 'Birth date');
  expectRefusal(store, () => store.addInfusion({ patientId: patient.id, startedAt: '2025-02-30T10:00', weightKg: 70 }), 'record.invalid-date', 'Infusion start');
  expectRefusal(store, () => store.addInfusion({ patientId: patient.id, startedAt: '2025-05-01', weightKg: 70 }), 'record.invalid-date', 'Infusion start');
});

test('the database itself refuses out-of-range values written around the store', () => {
  const store = openStore();
  const { patient, infusion } = patientWithInfusion(store);
  const insert = (nrs: number) => store.connection.prepare(`INSERT INTO assessments (patient_id, infusion_id, time_point, recorded_at, nrs, has_hads, has_pcs, created_at)
    VALUES (?, ?, 'pre', '2025-05-01T09:00', ?, 0, 0, 'x')`).run(patient.id, infusion.id, nrs);
  assert.throws(() => insert(11), /CHECK constraint failed/);
  assert.throws(() => insert(4.5), /CHECK constraint failed/);
  assert.throws(() => store.connection.prepare("UPDATE infusions SET weight_kg = -1 WHERE id = ?").run(infusion.id), /CHECK constraint failed/);
  assert.throws(() => store.connection.prepare("INSERT INTO scans (patient_id, acquired_at, sha256, created_at) VALUES (999, '2025-01-01', ?, 'x')").run(sha256Of('x')), /FOREIGN KEY/);
});

test('soft delete keeps the row with its reason and leaves a trace; lists hide it', () => {
  const store = openStore();
  const { patient } = patientWithInfusion(store);
  store.createPatient({ displayCode: 'KET-002' });
  expectRefusal(store, () => store.deletePatient(patient.id, '  '), 'record.missing-field', 'Deletion reason');
  const deleted = store.deletePatient(patient.id, 'duplicate record');
  assert.equal(deleted.deletionReason, 'duplicate record');
  assert.equal(store.listPatients().total, 1);
  assert.equal(store.listPatients({ includeDeleted: true }).total, 2);
  assert.equal(store.getPatient(patient.id).displayCode, 'KET-001');
  const entry = store.listAudit({ entity: 'patient', entityId: patient.id, limit: 1 })[0];
  assert.equal(entry.action, 'delete');
  assert.equal((entry.before as { deletedAt: string | null }).deletedAt, null);
  assert.equal((entry.after as { deletionReason: string }).deletionReason, 'duplicate record');
  expectRefusal(store, () => store.addScan({ patientId: patient.id, acquiredAt: '2025-05-01', originalPath: '/c', sha256: sha256Of('c'), header: null }), 'record.deleted');
});

test('updates are audited with before and after', () => {
  const store = openStore();
  const { patient } = patientWithInfusion(store);
  const updated = store.updatePatient(patient.id, { painDurationMonths: 30, notes: 'changed' }, 'history taken again');
  assert.equal(updated.painDurationMonths, 30);
  assert.equal(updated.hospitalId, 'H-1');
  const entry = store.listAudit({ entity: 'patient', entityId: patient.id, limit: 1 })[0];
  assert.equal(entry.action, 'update');
  assert.equal((entry.before as { painDurationMonths: number }).painDurationMonths, 24);
  assert.equal((entry.after as { painDurationMonths: number }).painDurationMonths, 30);
});

test('re-running an analysis keeps the earlier result; latest is the newest run', () => {
  const store = openStore();
  const { patient, scan } = patientWithInfusion(store);
  const first = store.addAnalysis(analysisInput(scan.id, 0.2));
  const second = store.addAnalysis(analysisInput(scan.id, -0.1, sha256Of('other-settings')));
  assert.deepEqual(store.listAnalyses(scan.id).map((a) => a.id), [second.id, first.id]);
  assert.equal(store.latestAnalysisForPatient(patient.id)!.id, second.id);
  assert.equal(first.seedMap!.sha256, sha256Of(`seed${scan.id}`));
  assert.equal(first.qc.volumes.used, 190);
  expectRefusal(store, () => store.addAnalysis({ ...analysisInput(scan.id, 0.2), z: 1 }), 'record.inconsistent-z', 'Fisher z');
  expectRefusal(store, () => store.addAnalysis(analysisInput(999, 0.2)), 'record.unknown-scan');
});

test('estimates are stored with their model; the calibration set pairs z with the NRS outcome', () => {
  const store = openStore();
  const { patient, scan, infusion } = patientWithInfusion(store);
  const analysis = store.addAnalysis(analysisInput(scan.id, 0.25));
  assert.deepEqual(store.calibrationSet(), []); // no NRS pair yet
  store.addAssessment({ patientId: patient.id, infusionId: infusion.id, timePoint: 'pre', recordedAt: '2025-05-01T09:50', nrs: 6 });
  store.addAssessment({ patientId: patient.id, infusionId: infusion.id, timePoint: 'post60', recordedAt: '2025-05-01T11:30', nrs: 4 });
  const [row] = store.calibrationSet();
  assert.equal(row.analysisId, analysis.id);
  assert.equal(row.preNrs, 6);
  assert.equal(row.post60Nrs, 4);
  assert.ok(Math.abs(row.outcome.reductionPct! - 100 / 3) < 1e-12);
  assert.deepEqual(store.calibrationSet(sha256Of('no-such-settings')), []);
  const est = store.saveEstimate({ patientId: patient.id, analysisId: analysis.id, z: analysis.z, settingsHash: analysis.settingsHash, estimate: { predictedReductionPct: 41.5 }, model: { version: 'site-1', slope: -0.76 }, modelId: 'site-1' });
  assert.deepEqual(store.listEstimates(patient.id).map((e) => [e.id, e.model.slope, e.estimate.predictedReductionPct]), [[est.id, -0.76, 41.5]]);
  expectRefusal(store, () => store.saveEstimate({ patientId: patient.id, z: 0.1, estimate: {}, model: {}, modelId: '' }), 'record.missing-field', 'Model id');
});

test('listing pages and searches patients, with latest z and NRS', () => {
  const store = openStore();
  for (let i = 1; i <= 7; i++) store.createPatient({ displayCode: `KET-${i}`, diagnosis: i % 2 ? 'CRPS' : 'fibromyalgia' });
  const page = store.listPatients({ limit: 3, offset: 3 });
  assert.equal(page.total, 7);
  assert.deepEqual(page.items.map((p) => p.displayCode), ['KET-4', 'KET-3', 'KET-2']);
  assert.equal(store.listPatients({ search: 'fibro' }).total, 3);
  assert.equal(store.listPatients({ search: '%' }).total, 0); // LIKE wildcards are literal
});

test('the clinician name is required to open the record', () => {
  assert.throws(() => RecordStore.open(':memory:', { actor: { clinician: ' ', osUser: 'x' } }), (e: unknown) => e instanceof KrpError && e.code === 'record.missing-clinician');
});
