/** Corrections with a reason, soft removal, and identifiers normalized and checked by the store. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KrpError } from '../../../shared/errors';
import { FIXED_NOW, hadsItemsFor, pcsItemsFor, TEST_ACTOR } from './record-fixtures';
import { RecordStore } from './record-store';

const TABLES = ['patients', 'infusions', 'assessments', 'audit_log', 'corrections'];

function openStore(): RecordStore {
  return RecordStore.open(':memory:', { actor: TEST_ACTOR, now: () => FIXED_NOW });
}

function counts(store: RecordStore): string {
  return TABLES.map((t) => `${t}=${store.connection.prepare(`SELECT count(*) FROM ${t}`).pluck().get() as number}`).join(' ');
}

/** The action is refused with `code` (and field), and no table changed. */
function expectRefusal(store: RecordStore, action: () => unknown, code: string, field?: string): KrpError {
  const before = counts(store);
  let caught: KrpError | null = null;
  assert.throws(action, (e: unknown) => {
    assert.ok(e instanceof KrpError, `expected KrpError, got ${String(e)}`);
    assert.equal(e.code, code, e.message);
    if (field !== undefined) assert.equal(e.details.field, field);
    caught = e;
    return true;
  });
  assert.equal(counts(store), before, 'nothing stored on refusal');
  return caught!;
}

function seeded(store: RecordStore) {
  const patient = store.createPatient({ displayCode: 'KET-001', painDurationMonths: 24, psychiatricHistory: false });
  const infusion = store.addInfusion({ patientId: patient.id, startedAt: '2025-05-01T10:00', weightKg: 27 });
  const pre = store.addAssessment({
    patientId: patient.id, infusionId: infusion.id, timePoint: 'pre', recordedAt: '2025-05-01T09:50', nrs: 7,
    hadsItems: hadsItemsFor(1), pcsItems: pcsItemsFor(1),
  });
  return { patient, infusion, pre };
}

test('a correction without a reason is refused and stores nothing; with one, old value, reason, who and when are kept', () => {
  const store = openStore();
  const { patient, infusion } = seeded(store);
  for (const reason of ['', '   ', 'typo\u202E']) {
    expectRefusal(store, () => store.updateInfusion(infusion.id, { weightKg: 72 }, reason), reason.trim() ? 'record.bidi-control' : 'record.missing-field', 'Reason for the correction');
  }
  const after = store.updateInfusion(infusion.id, { weightKg: 72 }, 'weight mistyped: 72 not 27');
  assert.equal(after.weightKg, 72);
  assert.equal(after.totalMg, 21.6); // 72 × 0.3
  const [c] = store.listCorrections(patient.id);
  assert.deepEqual([c.entity, c.entityId, c.action, c.fields, c.reason, c.clinician, c.at],
    ['infusion', infusion.id, 'update', ['weightKg', 'totalMg'], 'weight mistyped: 72 not 27', 'Dr Test', new Date(FIXED_NOW).toISOString()]);
  const entry = store.listAudit({ limit: 1 })[0];
  assert.equal(entry.seq, c.auditSeq);
  assert.equal((entry.before as { weightKg: number }).weightKg, 27);
  assert.equal((entry.after as { weightKg: number }).weightKg, 72);
});

test('patient demographics and eligibility flags are corrected with a reason; the chart lists the correction', () => {
  const store = openStore();
  const { patient } = seeded(store);
  store.updatePatient(patient.id, { psychiatricHistory: true, painDurationMonths: 2 }, 'history taken again with the family');
  const chart = store.openChart(patient.id);
  assert.equal(chart.patient.psychiatricHistory, true);
  assert.deepEqual(chart.corrections.map((c) => [c.entity, c.fields]), [['patient', ['painDurationMonths', 'psychiatricHistory']]]);
  assert.equal(chart.eligibility.criteria.find((x) => x.id === 'no-psychiatric-history')?.status, 'not-met');
  assert.equal(chart.eligibility.criteria.find((x) => x.id === 'pain-duration')?.status, 'not-met');
});

test('assessment corrections name each changed item; re-saving the same values changes no item', () => {
  const store = openStore();
  const { patient, pre } = seeded(store);
  const hads = hadsItemsFor(1).slice();
  hads[4] = (hads[4]! + 1) % 4;
  store.updateAssessment(pre.id, { hadsItems: hads, nrs: 8 }, 'item 5 read from the wrong row');
  store.updateAssessment(pre.id, { recordedAt: '2025-05-01T09:45' }, 'time from the nurse sheet');
  const [time, items] = store.listCorrections(patient.id);
  assert.deepEqual(items.fields, ['nrs', 'hads5']);
  assert.deepEqual(time.fields, ['recordedAt']);
  expectRefusal(store, () => store.updateAssessment(pre.id, { nrs: 11 }, 'x'), 'record.nrs-out-of-range');
});

test('removal of a mistaken patient, infusion or assessment needs a reason, hides it and is listed', () => {
  const store = openStore();
  const { patient, infusion, pre } = seeded(store);
  expectRefusal(store, () => store.deleteAssessment(pre.id, ''), 'record.missing-field');
  store.deleteAssessment(pre.id, 'entered on the wrong infusion');
  store.deleteInfusion(infusion.id, 'duplicate entry');
  store.deletePatient(patient.id, 'test patient');
  assert.deepEqual(store.listCorrections(patient.id).map((c) => [c.entity, c.action, c.reason]), [
    ['patient', 'delete', 'test patient'], ['infusion', 'delete', 'duplicate entry'], ['assessment', 'delete', 'entered on the wrong infusion'],
  ]);
  assert.equal(store.listPatients().total, 0);
  assert.equal(store.connection.prepare('SELECT count(*) FROM assessments').pluck().get(), 1); // kept
});

test('identifiers are stored NFKC-normalized; look-alikes collide; hidden characters are refused by name', () => {
  const store = openStore();
  const p = store.createPatient({ displayCode: 'ＫＥＴ－０１４', hospitalId: 'ｈ－７' });
  assert.deepEqual([p.displayCode, p.hospitalId], ['KET-014', 'h-7']);
  expectRefusal(store, () => store.createPatient({ displayCode: 'ket-014' }), 'record.duplicate-display-code');
  expectRefusal(store, () => store.createPatient({ displayCode: 'X', hospitalId: 'Ｈ-7' }), 'record.duplicate-hospital-id');
  const zw = expectRefusal(store, () => store.createPatient({ displayCode: 'KET\u200B014' }), 'record.invisible-character', 'Display code');
  assert.equal(zw.details.codePoint, 'U+200B');
  expectRefusal(store, () => store.createPatient({ displayCode: 'KET-\uD800' }), 'record.lone-surrogate');
  expectRefusal(store, () => store.createPatient({ displayCode: 'KET-2', diagnosis: 'CRPS\nleft' }), 'record.line-break', 'Diagnosis');
  expectRefusal(store, () => store.createPatient({ displayCode: 'KET-2', diagnosis: 'CRPS \u202Eleft' }), 'record.bidi-control', 'Diagnosis');
  expectRefusal(store, () => store.updatePatient(p.id, { displayCode: 'KET\u0007' }, 'typo'), 'record.control-character');
  assert.equal(store.createPatient({ displayCode: 'KET-2', notes: 'line 1\nline 2' }).notes, 'line 1\nline 2');
});

test('corrections rows cannot be edited or deleted in the database', () => {
  const store = openStore();
  const { infusion } = seeded(store);
  store.deleteInfusion(infusion.id, 'duplicate');
  assert.throws(() => store.connection.prepare("UPDATE corrections SET reason = 'x'").run(), /append-only/);
  assert.throws(() => store.connection.prepare('DELETE FROM corrections').run(), /append-only/);
});

test('a saved report PDF is an access-log row of the patient, without the file path', () => {
  const store = openStore();
  const { patient } = seeded(store);
  store.logReportSaved(patient.id, { deidentified: false, bytes: 51_234 });
  const [entry] = store.listAudit({ limit: 1 });
  assert.deepEqual([entry.entity, entry.entityId, entry.action, entry.after], ['patient', patient.id, 'export', { kind: 'report-pdf', deidentified: false, bytes: 51_234 }]);
  assert.equal(store.verifyAudit().ok, true);
});
