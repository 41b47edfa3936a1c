/**
 * The session in the main process: record calls are refused before sign-in, while locked (after
 * inactivity past the configured time, on an injected clock) and while a reset password waits to
 * be changed; only the same user's password unlocks; sign-out lets another user in.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { isKrpError } from '../../shared/errors';
import { RecordSession } from './record-session';

const code = (expected: string) => (error: unknown) => isKrpError(error) && error.code === expected;

test('record calls are refused until sign-in, while locked and until a reset password is changed', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'krp-session-'));
  const clock = { now: Date.parse('2025-06-01T09:00:00Z') };
  let lockMinutes = 10;
  const session = new RecordSession(join(dir, 'krp.sqlite3'), 'tester', { now: () => clock.now, lockMinutes: () => lockMinutes });
  t.after(() => { session.close(); rmSync(dir, { recursive: true, force: true }); });

  assert.deepEqual(session.status(), { user: null, locked: false, needsFirstAdministrator: true });
  assert.throws(() => session.get(), code('session.no-user'));
  const admin = await session.createFirstAdministrator({ username: 'admin', password: 'admin pass 1' });
  session.get().createPatient({ displayCode: 'KET-1', sex: 'female' });
  await session.accounts().addUser({ username: 'sato', displayName: '佐藤', role: 'clinician', password: 'temp pass 1' });

  // Inactivity: 10 minutes pass without a touch → locked; the main process refuses record calls.
  clock.now += 9 * 60_000;
  session.touch();
  clock.now += 9 * 60_000;
  assert.doesNotThrow(() => session.get().listPatients(), 'activity 9 minutes ago: still open');
  clock.now += 2 * 60_000;
  assert.throws(() => session.get(), code('session.locked'));
  assert.equal(session.status().locked, true);
  assert.throws(() => session.accounts(), code('session.locked'));
  session.touch();
  assert.throws(() => session.get(), code('session.locked'), 'activity does not unlock');
  await assert.rejects(session.unlock('temp pass 1'), code('auth.failed'), 'another user\'s password does not unlock');
  const back = await session.unlock('admin pass 1');
  assert.equal(back.id, admin.id);
  assert.equal(session.get().listPatients().total, 1);

  // A shorter configured time applies at once.
  lockMinutes = 1;
  clock.now += 91_000;
  assert.throws(() => session.get(), code('session.locked'));

  // Sign out at the lock screen; another user signs in and must first change the temporary password.
  session.signOut();
  assert.deepEqual(session.status(), { user: null, locked: false, needsFirstAdministrator: false });
  await session.signIn('sato', 'temp pass 1');
  assert.throws(() => session.get(), code('session.password-change-required'));
  await session.changePassword('temp pass 1', 'my own pass 1');
  assert.equal(session.get().listPatients().total, 1);
  await assert.rejects(session.system().restore(join(dir, 'nope')), code('auth.administrator-only'));

  const actions = session.get().listAudit({ limit: 100 }).map((e) => e.action).reverse();
  assert.deepEqual(actions.filter((a) => ['sign-in', 'sign-out', 'lock', 'unlock', 'unlock-failed'].includes(a)),
    ['sign-in', 'lock', 'unlock-failed', 'unlock', 'lock', 'sign-out', 'sign-in']);
  const locks = session.get().listAudit({ limit: 100 }).filter((e) => e.action === 'lock');
  assert.ok(locks.every((e) => (e.after as { cause: string }).cause === 'inactivity'));
});
