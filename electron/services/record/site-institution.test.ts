/**
 * The institution name printed on reports is kept in the record: normalised, refused when too long
 * or holding control characters (nothing stored), changed by administrators only, every change in
 * the audit trail with before and after, and carried by the database file itself.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { isKrpError } from '../../../shared/errors';
import { RecordStore } from './record-store';

const code = (expected: string) => (error: unknown) => isKrpError(error) && error.code === expected;

test('institution name: normalised, audited, administrators only, kept in the record', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'krp-institution-'));
  const path = join(dir, 'krp.sqlite3');
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const clock = { now: Date.parse('2025-06-01T09:00:00Z') };
  const store = RecordStore.open(path, { actor: { clinician: 'system', osUser: 'tester' }, now: () => clock.now });
  await store.createFirstAdministrator({ username: 'admin', displayName: '管理 太郎', password: 'admin pass 1' });
  assert.equal(store.siteInstitution(), '');

  assert.equal(store.setSiteInstitution('  ＫＲＰ大学病院　ペインクリニック '), 'KRP大学病院 ペインクリニック');
  const [entry] = store.listAudit({ limit: 1 });
  assert.deepEqual([entry!.entity, entry!.action, entry!.before, entry!.after], ['database', 'update', { institution: '' }, { institution: 'KRP大学病院 ペインクリニック' }]);

  const headBefore = store.listAudit({ limit: 1 })[0]!.seq;
  assert.throws(() => store.setSiteInstitution('病'.repeat(121)), code('record.text-too-long'));
  assert.throws(() => store.setSiteInstitution('KRP\u202e病院'), code('record.invalid-text'));
  assert.equal(store.siteInstitution(), 'KRP大学病院 ペインクリニック', 'a refusal changes nothing');
  assert.equal(store.setSiteInstitution('KRP大学病院 ペインクリニック'), 'KRP大学病院 ペインクリニック');
  assert.equal(store.listAudit({ limit: 1 })[0]!.seq, headBefore, 'refusals and a no-op write no audit entry');

  await store.addUser({ username: 'sato', role: 'clinician', password: 'temp pass 1' });
  store.signOut();
  await store.signIn('sato', 'temp pass 1');
  await store.changePassword('temp pass 1', 'sato pass 22');
  assert.throws(() => store.setSiteInstitution('Other clinic'), code('auth.administrator-only'));
  assert.equal(store.siteInstitution(), 'KRP大学病院 ペインクリニック');
  assert.equal(store.verifyAudit().ok, true);
  store.close();

  const reopened = RecordStore.open(path, { actor: { clinician: 'system', osUser: 'tester' }, now: () => clock.now });
  assert.equal(reopened.siteInstitution(), 'KRP大学病院 ペインクリニック', 'kept in the database file (and so in its backups)');
  reopened.close();
});
