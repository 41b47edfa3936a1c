import assert from 'node:assert/strict';
import { LATEST_VERSION } from './migrations';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import Database from 'better-sqlite3';
import { KrpError } from '../../../shared/errors';
import { FIXED_NOW, seedCompletePatient, TEST_ACTOR } from './record-fixtures';
import { RecordStore } from './record-store';

const dir = mkdtempSync(join(tmpdir(), 'krp-backup-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const open = (name: string) => RecordStore.open(join(dir, name), { actor: TEST_ACTOR, now: () => FIXED_NOW });
const isCode = (code: string) => (e: unknown) => e instanceof KrpError && e.code === code;

test('backup and restore round-trip the whole record', async () => {
  const store = open('live.sqlite3');
  for (let i = 0; i < 5; i++) seedCompletePatient(store, i);
  const chartBefore = store.openChart(3);
  const backupPath = join(dir, 'b1.sqlite3');
  const result = await store.backup(backupPath);
  assert.equal(result.integrity, 'ok');
  assert.match(result.sha256, /^[0-9a-f]{64}$/);
  assert.ok(result.bytes > 0);
  assert.equal(store.listAudit({ limit: 1 })[0].action, 'backup');
  await assert.rejects(store.backup(backupPath), isCode('record.backup-exists'));

  // Change the live record after the backup, then restore.
  store.deletePatient(3, 'entered by mistake');
  seedCompletePatient(store, 99);
  assert.equal(store.listPatients().total, 5);
  const restored = await store.restore(backupPath);
  assert.equal(restored.patients, 5);
  assert.equal(restored.backupVersion, LATEST_VERSION);
  assert.ok(existsSync(restored.safetyCopy), 'the database as it was is kept');
  assert.deepEqual(store.listPatients().items.map((p) => p.displayCode), ['KET-00004', 'KET-00003', 'KET-00002', 'KET-00001', 'KET-00000']);
  const chartAfter = store.openChart(3);
  assert.deepEqual(chartAfter.infusions, chartBefore.infusions);
  assert.deepEqual(chartAfter.scans, chartBefore.scans);
  assert.equal(store.verifyAudit().ok, true);
  assert.equal(store.listAudit({ limit: 2 })[1].action, 'restore');

  // The safety copy holds the post-backup changes.
  const safety = new Database(restored.safetyCopy, { readonly: true });
  assert.equal(safety.prepare("SELECT count(*) FROM patients WHERE display_code = 'KET-00099'").pluck().get(), 1);
  safety.close();
  store.close();
});

test('restore refuses a file that is not a sound record backup, leaving the record untouched', async () => {
  const store = open('live2.sqlite3');
  seedCompletePatient(store, 1);
  const notDb = join(dir, 'not-a-db.sqlite3');
  writeFileSync(notDb, 'hello, this is not SQLite at all'.repeat(100));
  await assert.rejects(store.restore(notDb), isCode('record.restore-not-a-database'));
  await assert.rejects(store.restore(join(dir, 'missing.sqlite3')), isCode('record.restore-missing'));
  const otherDb = join(dir, 'other.sqlite3');
  const other = new Database(otherDb);
  other.exec('CREATE TABLE t (x)');
  other.pragma('user_version = 1');
  other.close();
  await assert.rejects(store.restore(otherDb), isCode('record.restore-not-a-record'));

  const tampered = join(dir, 'tampered.sqlite3');
  await store.backup(tampered);
  const t = new Database(tampered);
  t.exec("DROP TRIGGER audit_log_no_update; UPDATE audit_log SET clinician = 'Mallory' WHERE seq = 2;");
  t.close();
  await assert.rejects(store.restore(tampered), (e: unknown) => isCode('record.restore-audit-broken')(e) && /entry 2 was edited/.test((e as Error).message));
  assert.equal(store.listPatients().total, 1);
  assert.equal(store.openChart(1).patient.displayCode, 'KET-00001');
  store.close();
});
