import assert from 'node:assert/strict';
import { copyFileSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { parseCohortCsv } from '../../../shared/model/cohort-csv';
import { seedCompletePatient, TEST_ACTOR } from '../../services/record/record-fixtures';
import { RecordStore } from '../../services/record/record-store';
import { DB_FILE_NAME } from './record';
import { runCli } from '../test-support/run-cli';

/** The administrator every record fixture has (tests sign in as them unless they say otherwise). */
const ADMIN = { KRP_USER: 'admin', KRP_PASSWORD: 'admin pass 1' };

const run = (args: string[], cwd: string, env: Record<string, string> = {}, stdin = '') => runCli(args, { cwd, env: { ...ADMIN, ...env }, stdin });

/** A data folder holding the record file (DB_FILE_NAME) with an administrator and three complete patients. */
async function dataDir(t: { after: (fn: () => void) => void }): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'krp-cli-record-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const store = RecordStore.open(join(dir, DB_FILE_NAME), { actor: TEST_ACTOR });
  await store.createFirstAdministrator({ username: ADMIN.KRP_USER, password: ADMIN.KRP_PASSWORD });
  for (let i = 1; i <= 3; i++) seedCompletePatient(store, i);
  store.close();
  return dir;
}

test('patients list reads the database from --db or KRP_DATA_DIR', async (t) => {
  const dir = await dataDir(t);
  const viaEnv = await run(['patients', 'list'], '/', { KRP_DATA_DIR: dir });
  assert.equal(viaEnv.code, 0, viaEnv.stderr);
  assert.match(viaEnv.stdout, /^3 of 3 patient\(s\)\n/);
  assert.match(viaEnv.stdout, /KET-00002 +H100002/);
  const json = await run(['patients', 'list', '--db', DB_FILE_NAME, '--search', 'KET-00003', '--json'], dir);
  assert.equal(json.code, 0, json.stderr);
  const page = JSON.parse(json.stdout) as { total: number; items: { displayCode: string; preNrs: number }[] };
  assert.equal(page.total, 1);
  assert.equal(page.items[0].displayCode, 'KET-00003');
  assert.equal(page.items[0].preNrs, 6); // 3 + 3 % 8
});

test('usage errors exit 2; a missing database exits 1 without creating one', async (t) => {
  const dir = await dataDir(t);
  assert.equal((await run(['patients', 'list'], dir)).code, 2);
  assert.equal((await run(['patients', 'show', '--db', join(dir, DB_FILE_NAME)], dir)).code, 2);
  const missing = await run(['patients', 'list', '--db', join(dir, 'nope.sqlite3')], dir);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /no record database at .*nope\.sqlite3/);
  assert.equal(existsSync(join(dir, 'nope.sqlite3')), false);
});

test('export writes the cohort CSV that krp model reads; it never overwrites', async (t) => {
  const dir = await dataDir(t);
  const out = join(dir, 'cohort.csv');
  const r = await run(['export', out], dir, { KRP_DATA_DIR: dir });
  assert.equal(r.code, 0, r.stderr);
  const csv = readFileSync(out, 'utf8');
  assert.match(csv, /KET-00001/);
  const parsed = parseCohortCsv(csv);
  assert.deepEqual(parsed.errors, []);
  assert.equal(parsed.candidates.length, 3);
  const again = await run(['export', out], dir, { KRP_DATA_DIR: dir });
  assert.equal(again.code, 1);
  assert.match(again.stderr, /already exists/);
  assert.equal(readFileSync(out, 'utf8'), csv);

  const deid = join(dir, 'deid.csv');
  assert.equal((await run(['export', '--deidentified', deid], dir, { KRP_DATA_DIR: dir })).code, 0);
  const text = readFileSync(deid, 'utf8');
  assert.doesNotMatch(text, /KET-|H1000/);
  assert.equal(parseCohortCsv(text).candidates.length, 3);
});

test('backup writes a complete folder; audit verify passes, then names an edited row and a rewritten trail', async (t) => {
  const dir = await dataDir(t);
  const db = join(dir, DB_FILE_NAME);
  const backup = await run(['backup', 'copy', '--db', db], dir);
  assert.equal(backup.code, 0, backup.stderr);
  assert.match(backup.stdout, /integrity ok/);
  assert.match(backup.stdout, /Audit head \d+:[0-9a-f]{64}/);
  const copy = new Database(join(dir, 'copy', 'krp.sqlite3'), { readonly: true });
  assert.equal(copy.prepare('SELECT count(*) FROM patients').pluck().get(), 3);
  copy.close();
  assert.equal((await run(['backup', 'copy', '--db', db], dir)).code, 1, 'refuses to overwrite a backup');

  const ok = await run(['audit', 'verify', '--db', db, '--anchor', 'copy'], dir);
  assert.equal(ok.code, 0, ok.stderr);
  // 21 entries before (migrate, first administrator, their sign-in, 18 of the patients), then each CLI run
  // signs in and out: the backup anchors entry 22 (its sign-in); the refused second backup adds 2 more.
  // Rows: 21 clinical + 1 user.
  assert.match(ok.stdout, /Record intact: 26 audit entries chain correctly and 22 clinical rows match them; head 26:[0-9a-f]{64}; anchor entry 22 present/);

  const edited = join(dir, 'edited.sqlite3');
  copyFileSync(db, edited);
  const e = new Database(edited);
  e.exec('UPDATE assessments SET nrs = 0 WHERE id = 2');
  e.close();
  const badRow = await run(['audit', 'verify', '--db', edited], dir);
  assert.equal(badRow.code, 1);
  assert.match(badRow.stdout, /RECORD DOES NOT VERIFY \(table assessments, row 2\)/);

  const raw = new Database(db);
  raw.exec("DROP TRIGGER audit_log_no_update; UPDATE audit_log SET os_user = 'someone' WHERE seq = 4;");
  raw.close();
  const bad = await run(['audit', 'verify', '--db', db, '--json'], dir);
  assert.equal(bad.code, 1);
  const result = JSON.parse(bad.stdout) as { ok: boolean; firstBadSeq: number };
  assert.equal(result.ok, false);
  assert.equal(result.firstBadSeq, 4);
  assert.equal((await run(['audit', 'verify', '--db', db, '--anchor', 'nonsense'], dir)).code, 2);
});

test('restore refuses an altered backup and restores an intact one', async (t) => {
  const dir = await dataDir(t);
  const db = join(dir, DB_FILE_NAME);
  assert.equal((await run(['backup', 'b', '--db', db], dir)).code, 0);
  cpSync(join(dir, 'b'), join(dir, 'b2'), { recursive: true });
  const m = JSON.parse(readFileSync(join(dir, 'b2', 'manifest.json'), 'utf8')) as { auditHead: { seq: number } };
  m.auditHead.seq = 1;
  writeFileSync(join(dir, 'b2', 'manifest.json'), JSON.stringify(m));
  const refused = await run(['restore', 'b2', '--db', db], dir);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /krp restore: .*manifest recorded entry 1 .*Nothing was restored/);
  const restored = await run(['restore', 'b', '--db', db], dir);
  assert.equal(restored.code, 0, restored.stderr);
  assert.match(restored.stdout, /Restored 3 patient\(s\)/);
});

test('scans redact removes original paths and header text, keeping the SHA-256', async (t) => {
  const dir = await dataDir(t);
  const db = join(dir, DB_FILE_NAME);
  assert.equal((await run(['scans', 'redact', '--all', '--db', db], dir)).code, 2, '--reason is required');
  const r = await run(['scans', 'redact', '--all', '--reason', 'names in paths', '--db', db, '--json'], dir);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), { redacted: [1, 2, 3] });
  const check = new Database(db, { readonly: true });
  assert.equal(check.prepare('SELECT count(*) FROM scan_sources WHERE original_path IS NOT NULL').pluck().get(), 0);
  assert.equal(check.prepare('SELECT count(*) FROM scans').pluck().get(), 3);
  check.close();
  assert.equal((await run(['audit', 'verify', '--db', db], dir)).code, 0);
});
