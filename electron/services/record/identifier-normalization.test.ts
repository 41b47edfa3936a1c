import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import Database from 'better-sqlite3';
import { KrpError } from '../../../shared/errors';
import { appendAudit } from './audit-log';
import { openDatabase } from './database';
import { MIGRATION_ACTOR, NORMALIZATION_REASON } from './identifier-normalization';
import { LATEST_VERSION, migrationsUpTo } from './migrations';
import { FIXED_NOW, TEST_ACTOR } from './record-fixtures';
import { RecordStore } from './record-store';
import { resetRowTracking } from './row-binding';

// Migration 8: identifiers an earlier version stored as typed (full-width, padded) are normalized as
// audited corrections; look-alikes that would then collide stop the migration with nothing changed.

const dir = mkdtempSync(join(tmpdir(), 'krp-nfkc-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;

/** A record at schema `version` whose patients were written (and audited) as that app version wrote them. */
function oldRecord(version: number, patients: { code: string; hospitalId: string | null }[]): string {
  const path = join(dir, `v${version}-${++files}.sqlite3`);
  const { db } = openDatabase(path, { actor: TEST_ACTOR, now: () => FIXED_NOW, migrations: migrationsUpTo(version) });
  for (const p of patients) {
    db.transaction(() => {
      resetRowTracking(db);
      const id = Number(db.prepare('INSERT INTO patients (display_code, hospital_id, created_at, updated_at) VALUES (?, ?, ?, ?)')
        .run(p.code, p.hospitalId, '2024-01-01T00:00:00.000Z', '2024-01-01T00:00:00.000Z').lastInsertRowid);
      if (version >= 3) db.prepare('INSERT INTO patient_secrets (patient_id, date_shift_days) VALUES (?, 5)').run(id);
      appendAudit(db, TEST_ACTOR, '2024-01-01T00:00:00.000Z', { entity: 'patient', entityId: id, action: 'create', before: null, after: { displayCode: p.code } });
    })();
  }
  db.close();
  return path;
}

for (const version of [3, 4, 6]) {
  test(`from schema ${version}: full-width identifiers become normalized corrections (old value, reason, system/migration), the record verifies`, () => {
    const path = oldRecord(version, [
      { code: 'ＫＥＴ－０１４', hospitalId: 'Ｈ１２３４５' },
      { code: 'KET-015', hospitalId: 'H12346' },
      { code: ' ket-016　', hospitalId: null },
    ]);
    const store = RecordStore.open(path, { actor: TEST_ACTOR, now: () => FIXED_NOW });
    try {
      assert.equal(store.connection.pragma('user_version', { simple: true }), LATEST_VERSION);
      assert.deepEqual(store.listPatients({ sort: 'code' }).items.map((p) => [p.displayCode, p.hospitalId]),
        [['KET-014', 'H12345'], ['KET-015', 'H12346'], ['ket-016', null]]);
      const first = store.listCorrections(1);
      assert.equal(first.length, 1);
      assert.deepEqual({ reason: first[0].reason, who: first[0].clinician, fields: first[0].fields.sort(), entity: first[0].entity },
        { reason: NORMALIZATION_REASON, who: MIGRATION_ACTOR.clinician, fields: ['displayCode', 'hospitalId'], entity: 'patient' });
      assert.deepEqual(store.listCorrections(2), [], 'an already normalized patient is not touched');
      assert.deepEqual(store.listCorrections(3)[0].fields, ['displayCode']);
      const entry = store.listAudit({ entity: 'patient', entityId: 1 }).find((e) => e.action === 'update')!;
      assert.equal(entry.clinician, 'system/migration');
      assert.deepEqual(entry.before, { patientId: 1, displayCode: 'ＫＥＴ－０１４', hospitalId: 'Ｈ１２３４５' }, 'the old value is kept');
      assert.equal((entry.after as { displayCode: string }).displayCode, 'KET-014');
      assert.equal(first[0].auditSeq, entry.seq);
      const verified = store.verifyAudit();
      assert.equal(verified.ok, true, verified.problem ?? '');
      assert.throws(() => store.createPatient({ displayCode: 'ket-014' }), (e: unknown) => e instanceof KrpError && e.code === 'record.duplicate-display-code',
        'uniqueness now holds on the normalized form');
    } finally {
      store.close();
    }
  });
}

for (const [label, a, b] of [
  ['display codes', { code: 'KET-014', hospitalId: null }, { code: 'ＫＥＴ－０１４', hospitalId: null }],
  ['display codes differing in case', { code: 'ket-014', hospitalId: null }, { code: 'ＫＥＴ－０１４', hospitalId: null }],
  ['hospital IDs', { code: 'A-1', hospitalId: 'H-77' }, { code: 'A-2', hospitalId: 'Ｈ－７７' }],
] as const) {
  test(`two stored ${label} that collide after normalization stop the migration, nothing changed`, () => {
    const path = oldRecord(6, [a, b]);
    assert.throws(() => RecordStore.open(path, { actor: TEST_ACTOR, now: () => FIXED_NOW }), (e: unknown) => {
      assert.ok(e instanceof KrpError);
      assert.equal(e.code, 'record.migration-identifier-collision');
      assert.match(e.message, /patient 1 and .* of patient 2 are the same value .* after NFKC normalization/);
      assert.match(e.message, /was not changed/);
      return true;
    });
    const raw = new Database(path, { readonly: true });
    try {
      assert.equal(raw.pragma('user_version', { simple: true }), 6, 'still at the earlier version');
      assert.deepEqual(raw.prepare('SELECT display_code, hospital_id FROM patients ORDER BY id').raw(true).all(), [[a.code, a.hospitalId], [b.code, b.hospitalId]]);
      assert.equal(raw.prepare("SELECT count(*) FROM audit_log WHERE clinician = 'system/migration'").pluck().get(), 0);
    } finally {
      raw.close();
    }
  });
}
