/**
 * Local accounts on the record store: first administrator, sign-in (right, wrong, unknown,
 * deactivated — one answer for all), throttling after 5 failures, roles, password reset and change,
 * and the audit trail bound to the signed-in user (verify fails when the user id of an entry is edited).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { isKrpError } from '../../../shared/errors';
import { RecordStore } from './record-store';
import { throttleDelayMs } from './users-repo';

const SYSTEM = { clinician: 'system', osUser: 'tester' };

function freshStore(t: { after(fn: () => void): void }, clock: { now: number }): RecordStore {
  const dir = mkdtempSync(join(tmpdir(), 'krp-accounts-'));
  const store = RecordStore.open(join(dir, 'krp.sqlite3'), { actor: SYSTEM, now: () => clock.now });
  t.after(() => { store.close(); rmSync(dir, { recursive: true, force: true }); });
  return store;
}

const code = (expected: string) => (error: unknown) => isKrpError(error) && error.code === expected;

test('first run creates one administrator, who is signed in; a second first-run is refused', async (t) => {
  const clock = { now: Date.parse('2025-06-01T09:00:00Z') };
  const store = freshStore(t, clock);
  assert.equal(store.hasUsers(), false);
  assert.equal(store.signedInUser, null);
  await assert.rejects(store.createFirstAdministrator({ username: 'admin', password: 'short' }), code('auth.password-too-short'));
  await assert.rejects(store.createFirstAdministrator({ username: 'ad\u202Emin', password: 'long enough 1' }), code('auth.invalid-username'));
  assert.equal(store.hasUsers(), false, 'nothing stored by a refusal');
  const admin = await store.createFirstAdministrator({ username: 'ＡＤＭＩＮ', displayName: '管理 太郎', password: 'long enough 1' });
  assert.deepEqual([admin.username, admin.displayName, admin.role, admin.mustChangePassword], ['ADMIN', '管理 太郎', 'administrator', false]);
  assert.equal((store.signedInUser as { id: number } | null)?.id, admin.id);
  await assert.rejects(store.createFirstAdministrator({ username: 'other', password: 'long enough 2' }), code('auth.users-exist'));
  const [signIn, create] = store.listAudit({ limit: 2 });
  assert.deepEqual([create!.action, create!.entity, create!.userId], ['create', 'user', null]);
  assert.deepEqual([signIn!.action, signIn!.clinician, signIn!.userId], ['sign-in', '管理 太郎', admin.id]);
  assert.ok(!JSON.stringify(store.listAudit({ limit: 100 })).includes('scrypt$'), 'no password hash in the trail');
  assert.equal(store.verifyAudit().ok, true);
});

test('sign-in: the right password signs in (full-width typed = half-width); wrong, unknown and deactivated get the same answer and are logged', async (t) => {
  const clock = { now: Date.parse('2025-06-01T09:00:00Z') };
  const store = freshStore(t, clock);
  const admin = await store.createFirstAdministrator({ username: 'admin', password: 'admin pass 1' });
  const nurse = await store.addUser({ username: 'sato', displayName: '佐藤 一郎', role: 'clinician', password: 'temp pass 1' });
  assert.equal(nurse.mustChangePassword, true, 'a password set by an administrator must be changed');
  store.signOut();
  assert.equal(store.signedInUser, null);

  const failures: string[] = [];
  for (const [name, password] of [['sato', 'wrong pass 1'], ['nobody', 'temp pass 1']] as const) {
    await assert.rejects(store.signIn(name, password), (e: unknown) => {
      assert.ok(isKrpError(e) && e.code === 'auth.failed');
      failures.push(e.message);
      return true;
    });
  }
  assert.equal(failures[0], failures[1], 'an unknown user and a wrong password read the same');
  const user = await store.signIn('ＳＡＴＯ', 'ｔｅｍｐ ｐａｓｓ １');
  assert.equal(user.id, nurse.id);
  const sato = store.listAudit({ limit: 1 })[0]!;
  assert.deepEqual([sato.action, sato.clinician, sato.userId], ['sign-in', '佐藤 一郎', nurse.id]);
  const failed = store.listAudit({ limit: 10 }).filter((e) => e.action === 'sign-in-failed');
  assert.deepEqual(failed.map((e) => [e.entityId, (e.after as { reason: string }).reason]), [[null, 'unknown-user'], [nurse.id, 'wrong-password']]);
  assert.ok(failed.every((e) => e.clinician === '(not signed in)' && e.userId === null));

  // A clinician manages nobody and restores nothing (the store refuses, not only the screen).
  await assert.rejects(store.addUser({ username: 'x', role: 'clinician', password: 'whatever 12' }), code('auth.administrator-only'));
  assert.throws(() => store.listUsers(), code('auth.administrator-only'));
  assert.throws(() => store.deactivateUser(admin.id, 'test'), code('auth.administrator-only'));
  await assert.rejects(store.restore('/nonexistent/backup'), code('auth.administrator-only'));

  // Deactivated: refused with the same answer; the account and its entries stay.
  store.signOut();
  await store.signIn('admin', 'admin pass 1');
  assert.throws(() => store.deactivateUser(admin.id, 'leaving'), code('auth.cannot-deactivate-self'));
  assert.throws(() => store.deactivateUser(nurse.id, '  '), code('auth.reason-required'));
  const off = store.deactivateUser(nurse.id, 'left the clinic');
  assert.deepEqual([off.active, off.deactivatedAt !== null], [false, true]);
  assert.equal(store.listUsers().length, 2, 'deactivated, never deleted');
  store.signOut();
  await assert.rejects(store.signIn('sato', 'temp pass 1'), code('auth.failed'));
  assert.equal((store.listAudit({ limit: 1 })[0]!.after as { reason: string }).reason, 'deactivated');
  assert.equal(store.verifyAudit().ok, true);
});

test('after 5 failures a name waits, growing, whether or not the user exists; the wait passes with time', async (t) => {
  assert.deepEqual([0, 4, 5, 6, 7, 40].map(throttleDelayMs), [0, 0, 5000, 10000, 20000, 900000]);
  const clock = { now: Date.parse('2025-06-01T09:00:00Z') };
  const store = freshStore(t, clock);
  await store.createFirstAdministrator({ username: 'admin', password: 'admin pass 1' });
  store.signOut();
  for (const name of ['admin', 'ghost']) {
    for (let i = 0; i < 5; i++) await assert.rejects(store.signIn(name, 'bad password'), code('auth.failed'));
    // Even the right password is not checked while the name waits.
    await assert.rejects(store.signIn(name, 'admin pass 1'), (e: unknown) => isKrpError(e) && e.code === 'auth.throttled' && e.details.seconds === 5);
  }
  clock.now += 5_001;
  await assert.rejects(store.signIn('admin', 'bad password'), code('auth.failed'));
  await assert.rejects(store.signIn('admin', 'admin pass 1'), (e: unknown) => isKrpError(e) && e.code === 'auth.throttled' && e.details.seconds === 10);
  clock.now += 10_001;
  const admin = await store.signIn('admin', 'admin pass 1');
  assert.equal(admin.username, 'admin');
  store.signOut();
  await assert.rejects(store.signIn('admin', 'bad password'), code('auth.failed'), 'a success clears the count: the next failure is not delayed');
  assert.ok(store.listAudit({ limit: 100 }).filter((e) => e.action === 'sign-in-failed' && (e.after as { reason: string }).reason === 'throttled').length === 3);
});

test('reset password: a temporary one that must be changed; unlock needs the same user\'s password', async (t) => {
  const clock = { now: Date.parse('2025-06-01T09:00:00Z') };
  const store = freshStore(t, clock);
  await store.createFirstAdministrator({ username: 'admin', password: 'admin pass 1' });
  const user = await store.addUser({ username: 'kato', role: 'clinician', password: 'first pass 1' });
  const reset = await store.resetPassword(user.id, 'temporary 99');
  assert.equal(reset.mustChangePassword, true);
  store.signOut();
  await assert.rejects(store.signIn('kato', 'first pass 1'), code('auth.failed'), 'the old password no longer works');
  await store.signIn('kato', 'temporary 99');
  await assert.rejects(store.changePassword('wrong', 'new password 1'), code('auth.wrong-current-password'));
  await assert.rejects(store.changePassword('temporary 99', 'temporary 99'), code('auth.password-unchanged'));
  await assert.rejects(store.changePassword('temporary 99', 'short'), code('auth.password-too-short'));
  const changed = await store.changePassword('temporary 99', 'new password 1');
  assert.equal(changed.mustChangePassword, false);

  store.logLock('inactivity');
  await assert.rejects(store.unlock('admin pass 1'), code('auth.failed'), 'another user\'s password does not unlock');
  const back = await store.unlock('new password 1');
  assert.equal(back.id, user.id);
  assert.deepEqual(store.listAudit({ limit: 3 }).map((e) => e.action), ['unlock', 'unlock-failed', 'lock']);
  assert.equal(store.verifyAudit().ok, true);
});

test('every audit entry carries the signed-in user, bound into its hash: editing the user id is detected', async (t) => {
  const clock = { now: Date.parse('2025-06-01T09:00:00Z') };
  const store = freshStore(t, clock);
  const admin = await store.createFirstAdministrator({ username: 'admin', displayName: 'Dr Admin', password: 'admin pass 1' });
  const patient = store.createPatient({ displayCode: 'KET-1', birthYear: 1970, sex: 'female' });
  const entry = store.listAudit({ limit: 1 })[0]!;
  assert.deepEqual([entry.entityId, entry.clinician, entry.userId], [patient.id, 'Dr Admin', admin.id]);
  assert.equal(store.verifyAudit().ok, true);
  const db = store.connection;
  db.exec('DROP TRIGGER audit_log_no_update');
  db.prepare('UPDATE audit_log SET user_id = 999 WHERE seq = ?').run(entry.seq);
  const result = store.verifyAudit();
  assert.equal(result.ok, false);
  assert.equal(result.firstBadSeq, entry.seq);
});

test('a direct edit of a user row (e.g. making a clinician an administrator) is detected by verify', async (t) => {
  const clock = { now: Date.parse('2025-06-01T09:00:00Z') };
  const store = freshStore(t, clock);
  await store.createFirstAdministrator({ username: 'admin', password: 'admin pass 1' });
  const user = await store.addUser({ username: 'kato', role: 'clinician', password: 'first pass 1' });
  assert.equal(store.verifyAudit().ok, true);
  store.connection.prepare("UPDATE users SET role = 'administrator' WHERE id = ?").run(user.id);
  const result = store.verifyAudit();
  assert.deepEqual([result.ok, result.table, result.rowId], [false, 'users', user.id]);
});
