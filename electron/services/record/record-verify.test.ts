import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import Database from 'better-sqlite3';
import { AUDITED_TABLES } from './audited-tables';
import { parseAnchor } from './record-verify';
import { analysisInput, FIXED_NOW, seedCompletePatient, TEST_ACTOR } from './record-fixtures';
import { RecordStore } from './record-store';

// Tamper suite, database side: every change made around the app (as with the sqlite3 shell) to any
// audited table, and every truncation of the trail, is found and named.

const dir = mkdtempSync(join(tmpdir(), 'krp-verify-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const open = (path: string) => RecordStore.open(path, { actor: TEST_ACTOR, now: () => FIXED_NOW });

const pristine = join(dir, 'pristine.sqlite3');
{
  const store = open(pristine);
  await store.createFirstAdministrator({ username: 'admin', password: 'admin pass 1' });
  await store.addUser({ username: 'sato', role: 'clinician', password: 'temp pass 1' });
  for (let i = 0; i < 3; i++) seedCompletePatient(store, i);
  store.saveEstimate({ patientId: 2, z: 0.2, estimate: { pct: 30 }, model: { v: 1 }, modelId: 'm1' });
  store.updateAssessment(1, { nrs: 5 }, 'NRS typed wrong');
  store.deleteInfusion(3, 'entered twice');
  // A second analysis for patient 1 and the clinician's choice of the first one (analysis_choices).
  const second = store.addAnalysis(analysisInput(1, 0.5));
  store.chooseAnalysis(1, 1, 'second run had motion artefacts');
  assert.equal(second.id, 4);
  store.openChart(1); // the newest entry binds no row
  store.close();
}

let copies = 0;
/** A copy of the pristine record changed by `attack` on a raw connection (triggers and foreign keys as an attacker chooses). */
function tampered(attack: (db: Database.Database) => void, coverTracks = true): string {
  const path = join(dir, `t${++copies}.sqlite3`);
  copyFileSync(pristine, path);
  const db = new Database(path);
  db.pragma('foreign_keys = OFF');
  // The attacker drops the append-only triggers that stand in the way and puts them back afterwards
  // (unless the attack is on the schema itself), so the data check, not the schema check, must find it.
  const triggers = coverTracks ? db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").all() as { name: string; sql: string }[] : [];
  for (const t of triggers) db.exec(`DROP TRIGGER ${t.name}`);
  attack(db);
  for (const t of triggers) db.exec(t.sql);
  db.close();
  return path;
}

function verifyAt(path: string, anchor?: { seq: number; hash: string }) {
  const store = open(path);
  try { return store.verifyAudit(anchor); } finally { store.close(); }
}

test('the untouched record verifies, every clinical row compared', () => {
  const result = verifyAt(pristine);
  assert.equal(result.ok, true, result.problem ?? '');
  // 3 patients, 3 secrets, 3 scans, 4 analyses, 3 infusions, 6 assessments, 1 estimate, 3 corrections, 1 analysis choice, 2 users
  assert.equal(result.rowsChecked, 29);
});

const EDITS: Record<string, string> = {
  patients: "UPDATE patients SET notes = 'changed' WHERE id = 2",
  patient_secrets: 'UPDATE patient_secrets SET date_shift_days = -date_shift_days WHERE patient_id = 2',
  scans: "UPDATE scans SET acquired_at = '2020-01-01T08:00' WHERE id = 2",
  analyses: 'UPDATE analyses SET z = 1.5 WHERE id = 2',
  infusions: 'UPDATE infusions SET weight_kg = 99 WHERE id = 2',
  assessments: 'UPDATE assessments SET nrs = 9 WHERE id = 2',
  estimates: 'UPDATE estimates SET z = 1.9 WHERE id = 1',
  corrections: "UPDATE corrections SET reason = 'other' WHERE id = 1",
  analysis_choices: 'UPDATE analysis_choices SET analysis_id = 4 WHERE id = 1',
  users: "UPDATE users SET role = 'administrator' WHERE id = 2",
};
const EDITED_ID: Record<string, number> = {
  patients: 2, patient_secrets: 2, scans: 2, analyses: 2, infusions: 2, assessments: 2, estimates: 1, corrections: 1, analysis_choices: 1, users: 2,
};

/** Inserts a copy of row `id` under a new key (unique columns made unique). */
function insertCopy(db: Database.Database, table: string, key: string, id: number, overrides: Record<string, unknown> = {}): number {
  const row = db.prepare(`SELECT * FROM ${table} WHERE ${key} = ?`).get(id) as Record<string, unknown>;
  const next = (db.prepare(`SELECT max(${key}) FROM ${table}`).pluck().get() as number) + 1;
  const values = { ...row, ...overrides, [key]: next };
  const cols = Object.keys(values);
  db.prepare(`INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map((c) => `@${c}`).join(', ')})`).run(values);
  return next;
}

const INSERTS: Record<string, (db: Database.Database) => number> = {
  patients: (db) => insertCopy(db, 'patients', 'id', 1, { display_code: 'FAKE-1', hospital_id: 'H-FAKE' }),
  scans: (db) => insertCopy(db, 'scans', 'id', 1),
  analyses: (db) => insertCopy(db, 'analyses', 'id', 1),
  infusions: (db) => insertCopy(db, 'infusions', 'id', 1),
  assessments: (db) => insertCopy(db, 'assessments', 'id', 1, { deleted_at: 'x', deletion_reason: 'y' }),
  estimates: (db) => insertCopy(db, 'estimates', 'id', 1),
  corrections: (db) => insertCopy(db, 'corrections', 'id', 1, { audit_seq: 999_999 }),
  patient_secrets: (db) => insertCopy(db, 'patient_secrets', 'patient_id', 1),
  analysis_choices: (db) => insertCopy(db, 'analysis_choices', 'id', 1, { analysis_id: 4 }),
  users: (db) => insertCopy(db, 'users', 'id', 1, { username: 'intruder', username_key: 'intruder' }),
};

/** Tally of the database tamper suite: every attack must be found (printed and asserted at the end). */
const tally = { attacks: 0, detected: 0 };
function counted<T extends { ok: boolean }>(result: T): T {
  tally.attacks += 1;
  if (!result.ok) tally.detected += 1;
  return result;
}

test('the tamper suite covers every audited table with an edit, an insert and a delete', () => {
  for (const { table } of AUDITED_TABLES) {
    assert.ok(EDITS[table], `no edit attack for ${table}`);
    assert.ok(INSERTS[table], `no insert attack for ${table}`);
  }
});

for (const { table, key } of AUDITED_TABLES) {
  test(`${table}: a direct edit is found and named`, () => {
    const result = counted(verifyAt(tampered((db) => db.exec(EDITS[table]))));
    assert.equal(result.ok, false);
    assert.equal(result.table, table);
    assert.equal(result.rowId, EDITED_ID[table]);
    assert.match(result.problem ?? '', new RegExp(`Row ${EDITED_ID[table]} of table ${table} differs .*edited outside the app`));
  });

  test(`${table}: a direct delete is found and named`, () => {
    const result = counted(verifyAt(tampered((db) => {
      db.prepare(`DELETE FROM ${table} WHERE ${key} = (SELECT max(${key}) FROM ${table})`).run();
    })));
    assert.equal(result.ok, false);
    assert.equal(result.table, table);
    assert.match(result.problem ?? '', /is missing .*deleted outside the app/);
  });

  const insert = INSERTS[table];
  if (insert) {
    test(`${table}: a direct insert is found and named`, () => {
      let id = 0;
      const result = counted(verifyAt(tampered((db) => { id = insert(db); })));
      assert.equal(result.ok, false);
      assert.equal(result.table, table);
      assert.equal(result.rowId, id);
      assert.match(result.problem ?? '', /not recorded in the audit trail/);
    });
  }
}

test('truncating the trail and rewriting its head is found through the rows the removed entries bound', () => {
  const result = counted(verifyAt(tampered((db) => {
    const last = db.prepare("SELECT max(seq) FROM audit_log WHERE action <> 'open-chart'").pluck().get() as number;
    db.prepare('DELETE FROM audit_log WHERE seq >= ?').run(last);
    const head = db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string };
    db.prepare("UPDATE meta SET value = ? WHERE key = 'audit_head'").run(`${head.seq}:${head.hash}`);
  })));
  assert.equal(result.ok, false);
  assert.equal(result.table, 'corrections', 'the last change was the analysis choice, with its corrections row');
  assert.match(result.problem ?? '', /Row 3 of table corrections is not recorded/);
});

test('an anchor kept outside the database finds a truncation that leaves rows consistent, and a rewritten trail', () => {
  const store = open(pristine);
  const anchor = store.verifyAudit().head!;
  store.close();
  assert.equal(verifyAt(pristine, anchor).ok, true);
  const cut = counted(verifyAt(tampered((db) => {
    db.prepare('DELETE FROM audit_log WHERE seq = ?').run(anchor.seq);
    const head = db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string };
    db.prepare("UPDATE meta SET value = ? WHERE key = 'audit_head'").run(`${head.seq}:${head.hash}`);
  }), anchor));
  assert.equal(cut.ok, false);
  assert.match(cut.problem ?? '', new RegExp(`before the anchor's entry ${anchor.seq}`));
  const other = counted(verifyAt(pristine, { seq: anchor.seq, hash: 'f'.repeat(64) }));
  assert.equal(other.ok, false);
  assert.match(other.problem ?? '', /differs from the anchor/);
});

const SCHEMA_ATTACKS: [string, string, RegExp][] = [
  ['dropped trigger that keeps the trail append-only', 'DROP TRIGGER audit_log_no_update', /lacks trigger audit_log_no_update/],
  ['dropped trigger that keeps corrections append-only', 'DROP TRIGGER corrections_no_delete', /lacks trigger corrections_no_delete/],
  ['dropped trigger that keeps analysis choices append-only', 'DROP TRIGGER analysis_choices_no_update', /lacks trigger analysis_choices_no_update/],
  ['a trigger replaced by one that lets edits through', "DROP TRIGGER audit_log_no_update; CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT 1; END;", /trigger audit_log_no_update different/],
  ['an added trigger (e.g. one that rewrites rows behind the app)', "CREATE TRIGGER sneaky AFTER INSERT ON patients BEGIN SELECT 1; END;", /has trigger sneaky/],
  ['a dropped uniqueness index', 'DROP INDEX one_live_assessment_per_time_point', /lacks index one_live_assessment_per_time_point/],
];
for (const [what, sql, message] of SCHEMA_ATTACKS) {
  test(`a ${what} in the live database is found and named`, () => {
    const result = counted(verifyAt(tampered((db) => db.exec(sql), false)));
    assert.equal(result.ok, false);
    assert.match(result.problem ?? '', message);
    assert.match(result.problem ?? '', /protections were altered outside the app/);
  });
}

test('a CHECK rule loosened through writable_schema is found', () => {
  const result = counted(verifyAt(tampered((db) => {
    const sql = db.prepare("SELECT sql FROM sqlite_master WHERE name = 'assessments'").pluck().get() as string;
    db.unsafeMode(true); // leaves SQLite's defensive mode, as the sqlite3 shell lets an attacker do
    db.pragma('writable_schema = ON');
    db.prepare("UPDATE sqlite_master SET sql = ? WHERE name = 'assessments'").run(sql.replace('nrs BETWEEN 0 AND 10', 'nrs BETWEEN 0 AND 99'));
    db.pragma('writable_schema = OFF');
  }, false)));
  assert.equal(result.ok, false);
  assert.match(result.problem ?? '', /table assessments different/);
});

test('anchors are read as SEQ:HASH, full-width accepted', () => {
  const hash = 'a'.repeat(64);
  assert.deepEqual(parseAnchor(`12:${hash}`), { seq: 12, hash });
  assert.deepEqual(parseAnchor(`１２：${hash.toUpperCase()}`), { seq: 12, hash });
  assert.equal(parseAnchor('12:abc'), null);
  assert.equal(parseAnchor(hash), null);
});

test('writes made on the app connection outside a change are not laundered into the next audit entry', () => {
  const path = join(dir, 'launder.sqlite3');
  copyFileSync(pristine, path);
  const store = open(path);
  store.connection.prepare('UPDATE assessments SET nrs = 0 WHERE id = 4').run();
  store.openChart(1);
  const result = store.verifyAudit();
  store.close();
  assert.equal(result.ok, false);
  assert.equal(result.table, 'assessments');
  assert.equal(result.rowId, 4);
});

test('the scan\'s original path and header text never enter the audit trail; redaction removes them', () => {
  const path = join(dir, 'redact.sqlite3');
  const store = open(path);
  const p = store.createPatient({ displayCode: 'R-1' });
  const header = { descrip: 'YAMADA^TARO 1960' } as never;
  const scan = store.addScan({ patientId: p.id, acquiredAt: '2024-05-01', originalPath: '/data/YAMADA^TARO/bold.nii.gz', sha256: 'c'.repeat(64), header });
  assert.equal(store.getAnalysis === undefined, false);
  assert.equal(scan.originalPath, '/data/YAMADA^TARO/bold.nii.gz', 'the chart still shows where the file came from');
  const logText = () => (store.connection.prepare('SELECT group_concat(coalesce(before_json, \'\') || coalesce(after_json, \'\'), \'|\') FROM audit_log').pluck().get() as string);
  assert.doesNotMatch(logText(), /YAMADA/);
  assert.match(logText(), /c{64}/, 'the SHA-256 is the scan\'s identity in the trail');
  const redacted = store.redactScanSource(scan.id, 'patient name in path');
  assert.equal(redacted.originalPath, '(redacted)');
  assert.equal(redacted.header, null);
  const everything = (store.connection.prepare("SELECT group_concat(coalesce(original_path, '') || coalesce(header_json, '')) FROM scan_sources").pluck().get() as string | null) ?? '';
  assert.doesNotMatch(everything, /YAMADA/);
  assert.equal(store.listAudit({ limit: 1 })[0].action, 'redact');
  assert.equal(store.verifyAudit().ok, true);
  store.close();
});

test('tamper suite (database): every attack was detected and named', () => {
  // 9 audited tables × (edit, insert, delete) + truncated trail + 2 anchor checks + 6 schema attacks + loosened CHECK
  const expected = AUDITED_TABLES.length * 3 + 3 + SCHEMA_ATTACKS.length + 1;
  console.log(`tamper suite (database): ${tally.detected}/${tally.attacks} attacks detected (${AUDITED_TABLES.length} audited tables)`);
  assert.equal(tally.attacks, expected);
  assert.equal(tally.detected, tally.attacks);
});
