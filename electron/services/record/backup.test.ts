import assert from 'node:assert/strict';
import fs from 'node:fs';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { syncBuiltinESMExports } from 'node:module';
import { after, mock, test } from 'node:test';
import Database from 'better-sqlite3';
import { KrpError } from '../../../shared/errors';
import { restoreBackupSet, SAFETY_COPIES_KEPT } from './backup';
import { sha256OfFile, type BackupManifest } from './backup-manifest';
import { LATEST_VERSION } from './migrations';
import { FIXED_NOW, seedCompletePatient, TEST_ACTOR } from './record-fixtures';
import { RecordStore } from './record-store';

const root = mkdtempSync(join(tmpdir(), 'krp-backup-'));
after(() => rmSync(root, { recursive: true, force: true }));
const isCode = (code: string, message?: RegExp) => (e: unknown) => {
  if (!(e instanceof KrpError) || e.code !== code) { assert.fail(`expected ${code}, got ${(e as KrpError).code}: ${(e as Error).message}`); }
  if (message && !message.test(e.message)) assert.fail(`message "${e.message}" does not match ${message}`);
  return true;
};

let clock = FIXED_NOW;
/** A record in its own data folder with `n` complete patients and their analysis images on disk. */
function makeRecord(name: string, n: number): RecordStore {
  const dataDir = join(root, name);
  mkdirSync(dataDir, { recursive: true });
  const store = RecordStore.open(join(dataDir, 'krp.sqlite3'), { actor: TEST_ACTOR, now: () => (clock += 1000) });
  for (let i = 0; i < n; i++) seedCompletePatient(store, i);
  for (const row of store.connection.prepare('SELECT scan_id FROM analyses').pluck().all() as number[]) {
    mkdirSync(join(dataDir, 'analyses', String(row)), { recursive: true });
    // record-fixtures: the seed map's SHA-256 is that of the text `seed<scanId>`, the mean image's of `mean<scanId>`
    writeFileSync(join(dataDir, `analyses/${row}/seed-map.nii.gz`), `seed${row}`);
    writeFileSync(join(dataDir, `analyses/${row}/mean.nii.gz`), `mean${row}`);
  }
  return store;
}

const readManifest = (dir: string) => JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as BackupManifest;
/** Re-seals the manifest after an edit of the database, as an attacker who knows the format would. */
function reseal(dir: string, change: (m: BackupManifest) => void = () => {}): void {
  const m = readManifest(dir);
  m.database.sha256 = sha256OfFile(join(dir, 'krp.sqlite3'));
  m.database.bytes = statSync(join(dir, 'krp.sqlite3')).size;
  change(m);
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(m));
}

test('a backup is a complete folder: database, every image, a manifest with SHA-256s and the audit head', async () => {
  const store = makeRecord('live', 3);
  const head = store.verifyAudit().head;
  const out = join(root, 'b1');
  const result = await store.backup(out);
  assert.equal(result.path, out);
  assert.equal(result.integrity, 'ok');
  assert.equal(result.images, 6);
  assert.deepEqual(result.missingImages, []);
  assert.deepEqual(result.auditHead, head, 'the head of the record as backed up');
  assert.equal(result.sha256, sha256OfFile(join(out, 'manifest.json')));
  assert.ok(!existsSync(`${out}.partial`));
  const m = readManifest(out);
  assert.equal(m.schemaVersion, LATEST_VERSION);
  assert.deepEqual(m.auditHead, head);
  for (const f of [m.database, ...m.files]) assert.equal(sha256OfFile(join(out, f.path)), f.sha256);
  assert.deepEqual(m.files.map((f) => f.storedAs).sort(), ['analyses/1/mean.nii.gz', 'analyses/1/seed-map.nii.gz', 'analyses/2/mean.nii.gz', 'analyses/2/seed-map.nii.gz', 'analyses/3/mean.nii.gz', 'analyses/3/seed-map.nii.gz']);
  const entry = store.listAudit({ limit: 1 })[0];
  assert.equal(entry.action, 'backup');
  assert.equal((entry.after as { sha256: string }).sha256, result.sha256);
  assert.equal(store.verifyAudit(head!).ok, true, 'the manifest head anchors the live record');
  await assert.rejects(store.backup(out), isCode('record.backup-exists'));
  store.close();
});

test('each image is read once from the data folder (hashed while copied); a changed image is listed, not copied', async () => {
  const store = makeRecord('live-once', 3);
  const dataDir = join(root, 'live-once');
  writeFileSync(join(dataDir, 'analyses/2/mean.nii.gz'), 'changed after the analysis');
  const images = new Map<number, string>();
  let bytesReadFromImages = 0;
  let wholeFileCopies = 0;
  const realOpen = fs.openSync;
  const realRead = fs.readSync;
  const realCopy = fs.copyFileSync;
  mock.method(fs, 'openSync', (path: fs.PathLike, ...rest: unknown[]) => {
    const fd = (realOpen as (...a: unknown[]) => number)(path, ...rest);
    if (String(path).startsWith(join(dataDir, 'analyses'))) images.set(fd, String(path));
    return fd;
  });
  mock.method(fs, 'readSync', (fd: number, ...rest: unknown[]) => {
    const n = (realRead as (...a: unknown[]) => number)(fd, ...rest);
    if (images.has(fd)) bytesReadFromImages += n;
    return n;
  });
  const realClose = fs.closeSync;
  mock.method(fs, 'closeSync', (fd: number) => { images.delete(fd); realClose(fd); });
  mock.method(fs, 'copyFileSync', (from: fs.PathLike, ...rest: unknown[]) => {
    if (String(from).startsWith(join(dataDir, 'analyses'))) wholeFileCopies += 1;
    return (realCopy as (...a: unknown[]) => void)(from, ...rest);
  });
  syncBuiltinESMExports();
  let result;
  try {
    result = await store.backup(join(root, 'b-once'));
  } finally {
    mock.restoreAll();
    syncBuiltinESMExports();
  }
  const imageBytes = ['1/seed-map', '1/mean', '2/seed-map', '2/mean', '3/seed-map', '3/mean']
    .reduce((n, name) => n + statSync(join(dataDir, `analyses/${name}.nii.gz`)).size, 0);
  assert.equal(wholeFileCopies, 0);
  assert.equal(bytesReadFromImages, imageBytes, 'every byte of every image read exactly once');
  assert.equal(result.images, 5);
  assert.deepEqual(result.missingImages, ['analyses/2/mean.nii.gz (changed in the data folder (SHA-256 ' + sha256OfFile(join(dataDir, 'analyses/2/mean.nii.gz')) + '))']);
  assert.ok(!existsSync(join(root, 'b-once', 'files/analyses/2/mean.nii.gz')));
  assert.deepEqual(readdirSync(join(root, 'b-once')).sort(), ['files', 'krp.sqlite3', 'manifest.json'], 'no staging file left');
  store.close();
});

test('restore brings back the record and its images, keeps a safety copy, and records itself', async () => {
  const store = makeRecord('live-r', 3);
  const chartBefore = store.openChart(2);
  const out = join(root, 'b2');
  await store.backup(out);
  store.deletePatient(2, 'entered by mistake');
  seedCompletePatient(store, 99);
  const dataDir = join(root, 'live-r');
  rmSync(join(dataDir, 'analyses/2'), { recursive: true });
  writeFileSync(join(dataDir, 'analyses/3/mean.nii.gz'), 'overwritten');
  const restored = await store.restore(out);
  assert.equal(restored.patients, 3);
  assert.equal(restored.images, 3, 'two missing and one changed image written back');
  assert.equal(readFileSync(join(dataDir, 'analyses/2/seed-map.nii.gz'), 'utf8'), 'seed2');
  assert.equal(readFileSync(join(dataDir, 'analyses/3/mean.nii.gz'), 'utf8'), 'mean3');
  assert.ok(readdirSync(join(dataDir, 'safety')).some((n) => n.startsWith('images-')), 'the overwritten image is kept aside');
  assert.deepEqual(store.openChart(2).infusions, chartBefore.infusions);
  assert.equal(store.verifyAudit().ok, true);
  assert.equal(store.listAudit({ limit: 2 })[1].action, 'restore');
  const safety = new Database(restored.safetyCopy, { readonly: true });
  assert.equal(safety.prepare("SELECT count(*) FROM patients WHERE display_code = 'KET-00099'").pluck().get(), 1, 'the safety copy holds the later changes');
  safety.close();
  store.close();
});

test('the restore entry is inside the database file before it replaces the live one (no interruption can lose it)', async () => {
  const store = makeRecord('live-a', 1);
  const out = join(root, 'b3');
  await store.backup(out);
  const db = store.connection;
  const dbPath = store.path;
  await restoreBackupSet(db, out, { dbPath, dataDir: dirname(dbPath), appVersion: 'test', now: () => FIXED_NOW, actor: TEST_ACTOR });
  assert.equal(db.open, false);
  const raw = new Database(dbPath, { readonly: true });
  assert.equal(raw.prepare('SELECT action FROM audit_log ORDER BY seq DESC LIMIT 1').pluck().get(), 'restore');
  raw.close();
  assert.ok(!existsSync(`${dbPath}.restoring`));
});

test('safety copies are bounded', async () => {
  const store = makeRecord('live-s', 1);
  const out = join(root, 'b4');
  await store.backup(out);
  for (let i = 0; i < SAFETY_COPIES_KEPT + 2; i++) await store.restore(out);
  assert.equal(readdirSync(join(root, 'live-s', 'safety')).filter((n) => n.startsWith('pre-restore-')).length, SAFETY_COPIES_KEPT);
  store.close();
});

// ---- tamper suite, backup side: every altered backup is refused by name, the live record untouched

const source = makeRecord('source', 2);
const pristine = join(root, 'pristine-backup');
const ready = source.backup(pristine);
const victim = makeRecord('victim', 1);
after(() => { source.close(); victim.close(); });

let n = 0;
/** Tally of the backup tamper suite: every altered backup must be refused (printed and asserted at the end). */
const refusals = { attempted: 0, refused: 0 };
async function refusedAfter(alter: (dir: string) => void, code: string, message?: RegExp): Promise<void> {
  await ready;
  refusals.attempted += 1;
  const dir = join(root, `altered-${++n}`);
  cpSync(pristine, dir, { recursive: true });
  alter(dir);
  const headBefore = victim.verifyAudit().head;
  await assert.rejects(victim.restore(dir), isCode(code, message));
  assert.equal(victim.listPatients().total, 1, 'live record untouched');
  assert.deepEqual(victim.verifyAudit().head, headBefore, 'not even an audit entry was written');
  assert.ok(!existsSync(`${victim.path}.restoring`));
  refusals.refused += 1;
}
const raw = (dir: string, sql: string, pragmas: string[] = []) => {
  const db = new Database(join(dir, 'krp.sqlite3'));
  for (const p of pragmas) db.pragma(p);
  db.exec(sql);
  db.close();
};

test('refused: no such backup, a single file, an interrupted backup, a garbled manifest', async () => {
  await refusedAfter((d) => rmSync(d, { recursive: true }), 'record.restore-missing');
  await refusedAfter((d) => { rmSync(d, { recursive: true }); writeFileSync(d, 'x'); }, 'record.restore-no-manifest', /single file/);
  await refusedAfter((d) => rmSync(join(d, 'manifest.json')), 'record.restore-no-manifest', /interrupted/);
  await refusedAfter((d) => writeFileSync(join(d, 'manifest.json'), '{"format":'), 'record.restore-manifest', /not valid JSON/);
  await refusedAfter((d) => reseal(d, (m) => { m.files[0].path = '../../etc/passwd'; }), 'record.restore-manifest', /file list/);
});

test('refused: a truncated database, an edited one, an image missing or changed', async () => {
  await refusedAfter((d) => truncateSync(join(d, 'krp.sqlite3'), 4096), 'record.restore-file-changed', /krp\.sqlite3 has 4096 bytes/);
  await refusedAfter((d) => raw(d, 'UPDATE assessments SET nrs = 1 WHERE id = 1'), 'record.restore-file-changed', /krp\.sqlite3 does not match/);
  await refusedAfter((d) => rmSync(join(d, 'files/analyses/1/mean.nii.gz')), 'record.restore-file-missing', /files\/analyses\/1\/mean\.nii\.gz/);
  await refusedAfter((d) => writeFileSync(join(d, 'files/analyses/2/seed-map.nii.gz'), 'seed9'), 'record.restore-file-changed', /seed-map/);
  await refusedAfter((d) => {
    rmSync(join(d, 'files/analyses/2/seed-map.nii.gz'));
    const m = readManifest(d);
    m.files = m.files.filter((f) => f.storedAs !== 'analyses/2/seed-map.nii.gz');
    writeFileSync(join(d, 'manifest.json'), JSON.stringify(m));
  }, 'record.restore-image-missing', /lacks image analyses\/2\/seed-map/);
});

test('refused even with the manifest re-sealed: edited row, newer schema, CHECK-violating row, dropped trigger, truncated trail', async () => {
  await refusedAfter((d) => { raw(d, 'UPDATE assessments SET nrs = 1 WHERE id = 3'); reseal(d); }, 'record.restore-data-changed', /Row 3 of table assessments differs/);
  await refusedAfter((d) => { raw(d, "DELETE FROM infusions WHERE id = 2", ['foreign_keys = OFF']); reseal(d); }, 'record.restore-broken-reference');
  await refusedAfter((d) => { raw(d, `PRAGMA user_version = ${LATEST_VERSION + 1}`); reseal(d, (m) => { m.schemaVersion = LATEST_VERSION + 1; }); }, 'record.restore-newer-schema', /newer version/);
  await refusedAfter((d) => { raw(d, `PRAGMA user_version = ${LATEST_VERSION - 1}`); reseal(d); }, 'record.restore-version-mismatch');
  await refusedAfter((d) => { raw(d, 'UPDATE assessments SET nrs = 99 WHERE id = 1', ['ignore_check_constraints = ON']); reseal(d); }, 'record.restore-rule-broken', /CHECK constraint failed: nrs .* in table assessments, row 1/);
  await refusedAfter((d) => { raw(d, 'DROP TRIGGER audit_log_no_update'); reseal(d); }, 'record.restore-schema-changed', /trigger audit_log_no_update/);
  await refusedAfter((d) => {
    raw(d, "DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log); UPDATE meta SET value = (SELECT seq || ':' || hash FROM audit_log ORDER BY seq DESC LIMIT 1) WHERE key = 'audit_head';"
      + 'CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, \'audit_log is append-only\'); END;');
    reseal(d);
  }, 'record.restore-data-changed');
  await refusedAfter((d) => {
    raw(d, "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET clinician = 'Mallory' WHERE seq = 2; CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;");
    reseal(d);
  }, 'record.restore-audit-broken', /entry 2 was edited/);
  await refusedAfter((d) => reseal(d, (m) => { m.auditHead = { seq: 1, hash: 'e'.repeat(64) }; }), 'record.restore-head-mismatch');
});

test('refused: an image swapped with its manifest entry re-sealed, other dropped or added triggers, a newer manifest format', async () => {
  await refusedAfter((d) => {
    writeFileSync(join(d, 'files/analyses/1/seed-map.nii.gz'), 'another image');
    reseal(d, (m) => {
      const f = m.files.find((x) => x.storedAs === 'analyses/1/seed-map.nii.gz')!;
      f.sha256 = sha256OfFile(join(d, f.path));
      f.bytes = statSync(join(d, f.path)).size;
    });
  }, 'record.restore-image-missing', /copy of image analyses\/1\/seed-map\.nii\.gz is not the image the record refers to/);
  await refusedAfter((d) => { raw(d, 'DROP TRIGGER corrections_no_delete'); reseal(d); }, 'record.restore-schema-changed', /trigger corrections_no_delete/);
  await refusedAfter((d) => { raw(d, 'DROP TRIGGER analysis_choices_no_update'); reseal(d); }, 'record.restore-schema-changed', /trigger analysis_choices_no_update/);
  await refusedAfter((d) => { raw(d, 'CREATE TRIGGER sneaky AFTER INSERT ON patients BEGIN SELECT 1; END;'); reseal(d); }, 'record.restore-schema-changed', /trigger sneaky/);
  await refusedAfter((d) => reseal(d, (m) => { m.formatVersion = 99; }), 'record.restore-manifest', /format version 99/);
});

test('the untouched backup restores into another record', async () => {
  await ready;
  const restored = await victim.restore(pristine);
  assert.equal(restored.patients, 2);
  assert.equal(victim.verifyAudit().ok, true);
});

test('tamper suite (backups): every altered backup was refused by name, the live record untouched', () => {
  console.log(`tamper suite (backups): ${refusals.refused}/${refusals.attempted} altered backups refused`);
  assert.equal(refusals.attempted, 24);
  assert.equal(refusals.refused, refusals.attempted);
});
