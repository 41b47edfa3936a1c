import assert from 'node:assert/strict';
import { test } from 'node:test';
import { entryHash, GENESIS_HASH } from './audit-log';
import { canonicalJson } from '../../../shared/canonical-json';
import { FIXED_NOW, TEST_ACTOR } from './record-fixtures';
import { RecordStore } from './record-store';

function storeWithHistory(): RecordStore {
  const store = RecordStore.open(':memory:', { actor: TEST_ACTOR, now: () => FIXED_NOW });
  const a = store.createPatient({ displayCode: 'A', hospitalId: 'H1' });
  store.createPatient({ displayCode: 'B' });
  store.updatePatient(a.id, { notes: 'seen' }, 'note added');
  store.openChart(a.id);
  return store;
}

/** Tampering as someone with a SQL tool would: drop the append-only triggers, then change rows. */
function tamper(store: RecordStore, sql: string): void {
  store.connection.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;');
  store.connection.exec(sql);
}

test('canonical JSON sorts keys at every level', () => {
  assert.equal(canonicalJson({ b: 1, a: { d: [1, { f: 2, e: 3 }], c: null } }), '{"a":{"c":null,"d":[1,{"e":3,"f":2}]},"b":1}');
});

test('a clean trail verifies; entries chain from the genesis hash', () => {
  const store = storeWithHistory();
  const result = store.verifyAudit();
  assert.deepEqual({ ok: result.ok, entries: result.entries, firstBadSeq: result.firstBadSeq, problem: result.problem, table: result.table, rowId: result.rowId }, { ok: true, entries: 5, firstBadSeq: null, problem: null, table: null, rowId: null }); // migrate, 2 creates, update, open-chart
  assert.equal(result.rowsChecked, 5, '2 patients + their 2 secret date shifts + the corrections row of the update');
  const entries = store.listAudit().reverse();
  assert.equal(entries[0].prevHash, GENESIS_HASH);
  assert.equal(entries[0].action, 'migrate');
  for (let i = 1; i < entries.length; i++) assert.equal(entries[i].prevHash, entries[i - 1].hash);
  const row = store.connection.prepare('SELECT * FROM audit_log WHERE seq = 2').get() as Parameters<typeof entryHash>[0] & { hash: string };
  assert.equal(entryHash(row), row.hash);
});

test('the table refuses UPDATE and DELETE', () => {
  const store = storeWithHistory();
  assert.throws(() => store.connection.exec("UPDATE audit_log SET clinician = 'X' WHERE seq = 2"), /append-only/);
  assert.throws(() => store.connection.exec('DELETE FROM audit_log WHERE seq = 2'), /append-only/);
});

test('verify finds an edited row', () => {
  const store = storeWithHistory();
  tamper(store, "UPDATE audit_log SET after_json = replace(after_json, '\"H1\"', '\"H9\"') WHERE seq = 2");
  const result = store.verifyAudit();
  assert.equal(result.ok, false);
  assert.equal(result.firstBadSeq, 2);
  assert.match(result.problem!, /entry 2 was edited/);
});

test('verify finds an edited row whose hash was recomputed (the next entry no longer follows)', () => {
  const store = storeWithHistory();
  const row = store.connection.prepare('SELECT * FROM audit_log WHERE seq = 3').get() as Parameters<typeof entryHash>[0];
  const forged = { ...row, clinician: 'Someone else' };
  tamper(store, `UPDATE audit_log SET clinician = 'Someone else', hash = '${entryHash(forged)}' WHERE seq = 3`);
  const result = store.verifyAudit();
  assert.equal(result.firstBadSeq, 4);
  assert.match(result.problem!, /does not follow entry 3/);
});

test('verify finds a deleted row in the middle and deleted newest rows', () => {
  const middle = storeWithHistory();
  tamper(middle, 'DELETE FROM audit_log WHERE seq = 3');
  assert.equal(middle.verifyAudit().firstBadSeq, 3);
  assert.match(middle.verifyAudit().problem!, /missing/);
  const tail = storeWithHistory();
  tamper(tail, 'DELETE FROM audit_log WHERE seq = 5');
  const result = tail.verifyAudit();
  assert.equal(result.ok, false);
  assert.match(result.problem!, /newest entries were deleted/);
});

test('a refused change leaves no audit row', () => {
  const store = storeWithHistory();
  assert.throws(() => store.createPatient({ displayCode: 'C', hospitalId: 'h1' }));
  assert.equal(store.verifyAudit().entries, 5);
});
