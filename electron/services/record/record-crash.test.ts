import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, test } from 'node:test';
import { TEST_ACTOR } from './record-fixtures';
import { RecordStore } from './record-store';

const dir = mkdtempSync(join(tmpdir(), 'krp-crash-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Starts the writer child and SIGKILLs it once it has finished `patients` patients. */
function runAndKill(dbPath: string, patients: number): Promise<{ finished: number; signal: NodeJS.Signals | null }> {
  const childPath = fileURLToPath(new URL('./kill-child.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', childPath, dbPath], { stdio: ['ignore', 'pipe', 'pipe'] });
  let finished = 0;
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
  child.stdout.on('data', (d: Buffer) => {
    finished += d.toString().split('\n').filter(Boolean).length;
    if (finished >= patients && child.exitCode === null && !child.killed) child.kill('SIGKILL');
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`child did not reach ${patients} patients: ${stderr}`)); }, 60_000);
    child.on('exit', (_code, signal) => {
      clearTimeout(timer);
      if (signal !== 'SIGKILL') reject(new Error(`child exited by itself: ${stderr}`));
      else resolve({ finished, signal });
    });
  });
}

test('a writer killed mid-loop leaves a consistent database', { timeout: 90_000 }, async () => {
  const dbPath = join(dir, 'crash.sqlite3');
  const { finished, signal } = await runAndKill(dbPath, 40);
  assert.equal(signal, 'SIGKILL');

  const store = RecordStore.open(dbPath, { actor: TEST_ACTOR });
  const db = store.connection;
  assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
  assert.deepEqual(db.pragma('foreign_key_check'), []);
  const verify = store.verifyAudit();
  assert.equal(verify.ok, true, verify.problem ?? '');

  // Every committed row has its audit row and every create in the audit trail has its row.
  for (const [table, entity] of [['patients', 'patient'], ['scans', 'scan'], ['analyses', 'analysis'], ['infusions', 'infusion'], ['assessments', 'assessment']]) {
    const rows = db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
    const audited = db.prepare("SELECT count(*) FROM audit_log WHERE entity = ? AND action = 'create'").pluck().get(entity) as number;
    assert.equal(rows, audited, `${table}: rows and audit entries agree`);
  }
  const patients = db.prepare('SELECT count(*) FROM patients').pluck().get() as number;
  assert.ok(patients >= finished, `at least the ${finished} reported patients are stored (found ${patients})`);
  assert.equal(db.prepare('SELECT count(*) FROM patient_secrets').pluck().get(), patients, 'every patient has its secret');
  // Each reported-finished patient is complete: scan, analysis, infusion, pre and post assessment.
  const complete = db.prepare(`SELECT count(*) FROM patients p WHERE
      (SELECT count(*) FROM scans WHERE patient_id = p.id) = 1 AND
      (SELECT count(*) FROM analyses a JOIN scans s ON s.id = a.scan_id WHERE s.patient_id = p.id) = 1 AND
      (SELECT count(*) FROM infusions WHERE patient_id = p.id) = 1 AND
      (SELECT count(*) FROM assessments WHERE patient_id = p.id AND nrs IS NOT NULL AND has_hads = 1 AND has_pcs = 1) = 2`).pluck().get() as number;
  assert.ok(complete >= finished && complete >= patients - 1, `complete patients ${complete} of ${patients}; at most the one being written is partial`);
  // The store keeps working after the crash.
  store.createPatient({ displayCode: 'AFTER-CRASH' });
  assert.equal(store.verifyAudit().ok, true);
  store.close();
});
