import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { KrpError } from '../../../shared/errors';
import { openDatabase } from './database';
import { BINDING_VERSION, LATEST_VERSION, MIGRATIONS, migrationsUpTo } from './migrations';
import { FIXED_NOW, TEST_ACTOR } from './record-fixtures';
import { RecordStore } from './record-store';

const dir = mkdtempSync(join(tmpdir(), 'krp-migrations-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** The schema as SQLite describes it (tables, indexes, triggers), for comparing two databases. */
function schemaOf(store: RecordStore): string[] {
  return (store.connection.prepare("SELECT type || ' ' || name || ': ' || coalesce(sql, '') FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name").pluck().all() as string[]);
}

test('migrations are numbered 1, 2, 3… without gaps', () => {
  const versions = MIGRATIONS.map((m) => m.version);
  assert.deepEqual(versions, MIGRATIONS.map((_, i) => i + 1));
  assert.equal(LATEST_VERSION, versions[versions.length - 1]);
});

test('from empty: every migration applied in one step, audited, no backup needed', () => {
  const path = join(dir, 'empty.sqlite3');
  const store = RecordStore.open(path, { actor: TEST_ACTOR, now: () => FIXED_NOW });
  assert.equal(store.openedFromVersion, 0);
  assert.equal(store.preMigrationBackup, null);
  assert.equal(store.connection.pragma('user_version', { simple: true }), LATEST_VERSION);
  assert.equal(store.connection.pragma('journal_mode', { simple: true }), 'wal');
  assert.equal(store.connection.pragma('foreign_keys', { simple: true }), 1);
  const [entry] = store.listAudit({ limit: 1 });
  assert.equal(entry.action, 'migrate');
  assert.deepEqual((entry.after as { version: number }).version, LATEST_VERSION);
  store.close();
  const again = RecordStore.open(path, { actor: TEST_ACTOR, now: () => FIXED_NOW });
  assert.equal(again.listAudit().length, 1, 'reopening a current database migrates nothing');
  again.close();
});

for (const { version } of MIGRATIONS.slice(0, -1)) {
  test(`from version ${version}: data kept, backup taken first, schema equals a fresh one`, () => {
    const path = join(dir, `v${version}.sqlite3`);
    const old = openDatabase(path, { actor: TEST_ACTOR, now: () => FIXED_NOW, migrations: migrationsUpTo(version) });
    old.db.prepare(`INSERT INTO patients (display_code, hospital_id, created_at, updated_at) VALUES ('OLD-1', 'H-OLD', 'x', 'x')`).run();
    // From version 3 on, a patient is created with its secret date shift (migration 3 gave the older ones theirs).
    if (version >= 3) old.db.prepare('INSERT INTO patient_secrets (patient_id, date_shift_days) VALUES (1, 7)').run();
    assert.equal(old.db.pragma('user_version', { simple: true }), version);
    old.db.close();

    const store = RecordStore.open(path, { actor: TEST_ACTOR, now: () => FIXED_NOW });
    assert.equal(store.openedFromVersion, version);
    assert.equal(store.connection.pragma('user_version', { simple: true }), LATEST_VERSION);
    assert.deepEqual(store.listPatients().items.map((p) => p.displayCode), ['OLD-1']);
    const shift = store.connection.prepare('SELECT date_shift_days FROM patient_secrets').pluck().all() as number[];
    if (version < 3) {
      assert.equal(shift.length, 1, 'an existing patient gets its secret date shift');
      assert.ok(shift[0] !== 0 && Math.abs(shift[0]) <= 365);
    }
    assert.ok(store.preMigrationBackup && readdirSync(dir).includes(store.preMigrationBackup.slice(dir.length + 1)), 'backup written beside the file');
    const backup = openDatabase(store.preMigrationBackup, { actor: TEST_ACTOR, now: () => FIXED_NOW, migrations: [] });
    assert.equal(backup.db.pragma('user_version', { simple: true }), version, 'the backup is the database before migrating');
    backup.db.close();
    const verified = store.verifyAudit();
    if (version < BINDING_VERSION) assert.equal(verified.ok, true, 'rows written before binding existed are bound by the migration');
    else assert.deepEqual({ ok: verified.ok, table: verified.table }, { ok: false, table: 'patients' }, 'a row inserted around the trail is found');
    const fresh = RecordStore.open(':memory:', { actor: TEST_ACTOR, now: () => FIXED_NOW });
    assert.deepEqual(schemaOf(store), schemaOf(fresh));
    // The migrated database works end to end.
    const p = store.createPatient({ displayCode: 'NEW-1' });
    assert.equal(store.saveEstimate({ patientId: p.id, z: 0.1, estimate: { pct: 1 }, model: { v: 1 }, modelId: 'm' }).patientId, p.id);
    store.close();
    fresh.close();
  });
}

test('a failing migration leaves the database at its earlier version', () => {
  const path = join(dir, 'failing.sqlite3');
  openDatabase(path, { actor: TEST_ACTOR, now: () => FIXED_NOW, migrations: MIGRATIONS.slice(0, 1) }).db.close();
  const broken = [...MIGRATIONS.slice(0, 2), { version: 3, description: 'broken', up: () => { throw new Error('boom'); } }];
  assert.throws(() => openDatabase(path, { actor: TEST_ACTOR, now: () => FIXED_NOW, migrations: broken }), /boom/);
  const reopened = openDatabase(path, { actor: TEST_ACTOR, now: () => FIXED_NOW, migrations: [] });
  assert.equal(reopened.db.pragma('user_version', { simple: true }), 1);
  assert.equal(reopened.db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'estimates'").pluck().get(), 0);
  reopened.db.close();
});

test('a database from a newer app version is refused', () => {
  const path = join(dir, 'newer.sqlite3');
  const { db } = openDatabase(path, { actor: TEST_ACTOR, now: () => FIXED_NOW });
  db.pragma(`user_version = ${LATEST_VERSION + 1}`);
  db.close();
  assert.throws(() => RecordStore.open(path, { actor: TEST_ACTOR }), (e: unknown) => e instanceof KrpError && e.code === 'record.newer-schema');
});
