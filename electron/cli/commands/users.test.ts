/**
 * Authentication and user accounts from the command line: record verbs need --user and the
 * password (KRP_PASSWORD or stdin), wrong ones are refused and logged; the first administrator is
 * created on a record without users; administrators add, list, reset and deactivate; a clinician
 * cannot restore or manage users.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { seedCompletePatient, TEST_ACTOR } from '../../services/record/record-fixtures';
import { RecordStore } from '../../services/record/record-store';
import { DB_FILE_NAME } from './record';
import { runCli } from '../test-support/run-cli';

const run = (args: string[], env: Record<string, string>, stdin = '') => runCli(args, { cwd: '/', env, stdin });

test('krp users: first administrator, sign-in by env or stdin, add / reset / deactivate, roles enforced', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'krp-cli-users-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const db = join(dir, DB_FILE_NAME);
  const seed = RecordStore.open(db, { actor: TEST_ACTOR });
  seedCompletePatient(seed, 1);
  seed.close();

  // No --user: a usage error naming what to give; nothing read.
  const anonymous = await run(['patients', 'list', '--db', db], {});
  assert.equal(anonymous.code, 2);
  assert.match(anonymous.stderr, /--user NAME/);

  // First administrator (no users yet): the new password on stdin.
  const first = await run(['users', 'add', 'admin', '--role', 'administrator', '--display-name', '管理 太郎', '--db', db], {}, 'admin pass 1\n');
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.stdout, /First administrator created: +1 +admin +管理 太郎 +administrator/);

  // Password from stdin, then from KRP_PASSWORD; a wrong one is refused with the app's sentence.
  assert.equal((await run(['patients', 'list', '--db', db, '--user', 'admin'], {}, 'admin pass 1\n')).code, 0);
  const wrong = await run(['patients', 'list', '--db', db], { KRP_USER: 'admin', KRP_PASSWORD: 'nope nope' });
  assert.equal(wrong.code, 1);
  assert.match(wrong.stderr, /krp patients: The user name or the password is wrong/);

  const admin = { KRP_USER: 'admin', KRP_PASSWORD: 'admin pass 1' };
  const added = await run(['users', 'add', 'sato', '--role', 'clinician', '--db', db], { ...admin, KRP_NEW_PASSWORD: 'temp pass 1' });
  assert.equal(added.code, 0, added.stderr);
  assert.match(added.stdout, /must change the password/);
  const list = JSON.parse((await run(['users', 'list', '--db', db, '--json'], admin)).stdout) as { username: string; role: string; mustChangePassword: boolean }[];
  assert.deepEqual(list.map((u) => [u.username, u.role, u.mustChangePassword]), [['admin', 'administrator', false], ['sato', 'clinician', true]]);

  // A clinician neither manages users nor restores (the store refuses).
  const clinician = { KRP_USER: 'sato', KRP_PASSWORD: 'temp pass 1' };
  const notAdmin = await run(['users', 'list', '--db', db], clinician);
  assert.equal(notAdmin.code, 1);
  assert.match(notAdmin.stderr, /Only an administrator may list the users/);
  const restore = await run(['restore', join(dir, 'nothing'), '--db', db], clinician);
  assert.equal(restore.code, 1);
  assert.match(restore.stderr, /Only an administrator may restore a backup/);

  assert.equal((await run(['users', 'reset-password', 'sato', '--db', db], admin, 'second temp 2\n')).code, 0);
  assert.equal((await run(['patients', 'list', '--db', db], clinician)).code, 1, 'the old password is gone');
  assert.equal((await run(['users', 'deactivate', 'sato', '--db', db], admin)).code, 2, '--reason is required');
  const off = await run(['users', 'deactivate', 'sato', '--reason', 'left the clinic', '--db', db], admin);
  assert.equal(off.code, 0, off.stderr);
  assert.equal((await run(['patients', 'list', '--db', db], { KRP_USER: 'sato', KRP_PASSWORD: 'second temp 2' })).code, 1, 'deactivated: cannot sign in');

  // Everything above is in the trail, signed by who did it, and the record verifies without signing in.
  const audit = JSON.parse((await run(['audit', 'list', '--limit', '200', '--db', db, '--json'], admin)).stdout) as { action: string; clinician: string }[];
  assert.ok(audit.some((e) => e.action === 'deactivate' && e.clinician === '管理 太郎'));
  assert.ok(audit.filter((e) => e.action === 'sign-in-failed').length >= 3);
  const verify = await run(['audit', 'verify', '--db', db], {});
  assert.equal(verify.code, 0, verify.stdout + verify.stderr);
});
