import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { parseCohortCsv } from '../../../shared/model/cohort-csv';
import { seedCompletePatient, TEST_ACTOR } from '../../services/record/record-fixtures';
import { RecordStore } from '../../services/record/record-store';
import type { CliIo } from '../cli-io';
import { main } from '../krp';
import { DB_FILE_NAME } from './record';

async function run(args: string[], cwd: string, env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (s) => { stdout += s; }, stderr: (s) => { stderr += s; }, env, cwd };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

/** A data folder holding the record file (DB_FILE_NAME) with three complete patients. */
function dataDir(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'krp-cli-record-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const store = RecordStore.open(join(dir, DB_FILE_NAME), { actor: TEST_ACTOR });
  for (let i = 1; i <= 3; i++) seedCompletePatient(store, i);
  store.close();
  return dir;
}

test('patients list reads the database from --db or KRP_DATA_DIR', async (t) => {
  const dir = dataDir(t);
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
  const dir = dataDir(t);
  assert.equal((await run(['patients', 'list'], dir)).code, 2);
  assert.equal((await run(['patients', 'show', '--db', join(dir, DB_FILE_NAME)], dir)).code, 2);
  const missing = await run(['patients', 'list', '--db', join(dir, 'nope.sqlite3')], dir);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /no record database at .*nope\.sqlite3/);
  assert.equal(existsSync(join(dir, 'nope.sqlite3')), false);
});

test('export writes the cohort CSV that krp model reads; it never overwrites', async (t) => {
  const dir = dataDir(t);
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

test('backup writes a checked copy; audit verify passes, then fails on an edited row', async (t) => {
  const dir = dataDir(t);
  const db = join(dir, DB_FILE_NAME);
  const backup = await run(['backup', 'copy.sqlite3', '--db', db], dir);
  assert.equal(backup.code, 0, backup.stderr);
  assert.match(backup.stdout, /integrity ok/);
  const copy = new Database(join(dir, 'copy.sqlite3'), { readonly: true });
  assert.equal(copy.prepare('SELECT count(*) FROM patients').pluck().get(), 3);
  copy.close();
  assert.equal((await run(['backup', 'copy.sqlite3', '--db', db], dir)).code, 1, 'refuses to overwrite a backup');

  const ok = await run(['audit', 'verify', '--db', db], dir);
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, /Audit trail intact: \d+ entries/);

  const raw = new Database(db);
  raw.exec("DROP TRIGGER audit_log_no_update; UPDATE audit_log SET os_user = 'someone' WHERE seq = 4;");
  raw.close();
  const bad = await run(['audit', 'verify', '--db', db, '--json'], dir);
  assert.equal(bad.code, 1);
  const result = JSON.parse(bad.stdout) as { ok: boolean; firstBadSeq: number };
  assert.equal(result.ok, false);
  assert.equal(result.firstBadSeq, 4);
});
