/** The contract's handlers over the real record store (temporary SQLite file). */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { parseArgs, type MethodName } from '../../shared/api';
import type { ApiHandlers } from '../../shared/api/dispatch';
import { isKrpError } from '../../shared/errors';
import { createApiHandlers, concernsPatient } from './api-handlers';
import type { ImagingHandlerDeps } from './api-handlers-imaging';
import { RecordSession } from './record-session';
import type { RecordStore } from './record/record-store';

/** This file tests the record methods; the imaging ones are in api-handlers-imaging.test.ts. */
const notHere = () => { throw new Error('not used in this test'); };
const unusedImagingDeps: ImagingHandlerDeps = {
  imaging: { inspect: notHere, start: notHere, cancel: notHere, image: notHere, listSeries: notHere, cancelListing: notHere, preprocessing: notHere, reject: notHere },
  estimates: { estimateForPatient: notHere, cohort: notHere },
  chooseImagingFile: notHere, chooseReportPath: notHere, printToPdf: notHere, writeBinaryFile: notHere,
};

let dir: string;
let session: RecordSession;
let handlers: ApiHandlers;
const saves: (string | null)[] = [];

/** Calls a handler the way the dispatcher does: argument parsed by the contract first. */
async function call<M extends MethodName>(method: M, args: unknown) {
  const handler = handlers[method] as (a: unknown) => unknown;
  return handler(parseArgs(method, args)) as ReturnType<ApiHandlers[M]>;
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'krp-handlers-'));
  session = new RecordSession(join(dir, 'record.sqlite'), 'tester');
  handlers = createApiHandlers({
    host: 'stand-in', appName: 'KRP', appVersion: '9.9.9', dataDir: dir, settingsPath: join(dir, 'settings.json'),
    record: () => session.get(), session,
    files: { chooseSavePath: async () => saves.shift() ?? null, chooseBackupToRestore: async () => null },
    writeTextFile: async (path, text) => { (await import('node:fs')).writeFileSync(path, text); },
    now: () => new Date(2025, 5, 1, 9, 5),
    ...unusedImagingDeps,
  });
});
after(() => { session.close(); rmSync(dir, { recursive: true, force: true }); });

test('before sign-in: no record access; the first administrator signs in and the language and user name are remembered', async () => {
  await assert.rejects(Promise.resolve().then(() => call('patients.list', {})), (e: unknown) => isKrpError(e) && (e as { code: string }).code === 'session.no-user');
  const initial = await call('session.get', {});
  assert.deepEqual([initial.clinician, initial.user, initial.needsFirstAdministrator, initial.lastUsername, initial.language, initial.lockMinutes], [null, null, true, null, null, 10]);
  const started = await call('session.createAdministrator', { username: 'dra', displayName: 'Dr A', password: 'admin pass 1', language: 'en' });
  assert.deepEqual([started.clinician, started.user?.role, started.needsFirstAdministrator, started.lastUsername, started.language], ['Dr A', 'administrator', false, 'dra', 'en']);
  assert.equal((await call('session.setLanguage', { language: 'ja' })).language, 'ja');
  const saved = JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8')) as { language: string; lastUsername: string };
  assert.deepEqual([saved.language, saved.lastUsername], ['ja', 'dra']);
  assert.ok(!readFileSync(join(dir, 'settings.json'), 'utf8').includes('admin pass'), 'no password in the settings');
});

test('lock refuses record calls in main until the same password unlocks; settings are administrator-only', async () => {
  await call('session.lock', {});
  await assert.rejects(Promise.resolve().then(() => call('patients.list', {})), (e: unknown) => isKrpError(e) && e.code === 'session.locked');
  await assert.rejects(Promise.resolve().then(() => call('users.list', {})), (e: unknown) => isKrpError(e) && e.code === 'session.locked');
  await assert.rejects(call('session.unlock', { password: 'wrong pass 1' }), (e: unknown) => isKrpError(e) && e.code === 'auth.failed');
  assert.equal((await call('session.unlock', { password: 'admin pass 1' })).locked, false);
  const prefs = await call('settings.update', { lockMinutes: 3, autoBackupFolder: null, autoBackupHours: 24, autoBackupKeep: 7 });
  assert.deepEqual([prefs.lockMinutes, prefs.autoBackup.keep], [3, 7]);
  assert.equal((await call('session.get', {})).lockMinutes, 3);
  assert.equal(prefs.nonlinearNormalization, false, 'the nonlinear normalization is off by default');
  assert.equal((await call('settings.setNonlinearNormalization', { on: true })).nonlinearNormalization, true);
  assert.equal((await call('settings.get', {})).nonlinearNormalization, true);
  assert.equal((await call('settings.update', { lockMinutes: 3, autoBackupFolder: null, autoBackupHours: 24, autoBackupKeep: 7 })).nonlinearNormalization, true, 'kept by other settings changes');
  assert.equal((await call('settings.setNonlinearNormalization', { on: false })).nonlinearNormalization, false);
  await call('users.add', { username: 'nurse', role: 'clinician', password: 'temp pass 1' });
  await call('session.signOut', {});
  await call('session.signIn', { username: 'nurse', password: 'temp pass 1', language: 'en' });
  await assert.rejects(Promise.resolve().then(() => call('patients.list', {})), (e: unknown) => isKrpError(e) && e.code === 'session.password-change-required');
  await call('session.changePassword', { current: 'temp pass 1', next: 'nurse pass 1' });
  await assert.rejects(Promise.resolve().then(() => call('settings.update', { lockMinutes: 5, autoBackupFolder: null, autoBackupHours: 24, autoBackupKeep: 7 })), (e: unknown) => isKrpError(e) && e.code === 'auth.administrator-only');
  await assert.rejects(Promise.resolve().then(() => call('settings.setNonlinearNormalization', { on: true })), (e: unknown) => isKrpError(e) && e.code === 'auth.administrator-only');
  await assert.rejects(Promise.resolve().then(() => call('records.restore', {})), (e: unknown) => isKrpError(e) && e.code === 'auth.administrator-only');
  await call('session.signOut', {});
  await call('session.signIn', { username: 'dra', password: 'admin pass 1', language: 'en' });
});

test('list filters and sorts over the whole record, then pages', async () => {
  // Four patients: responder (8→2, 75 %), non-responder (6→5, 16.7 %), not evaluable (2→1), pending (no post).
  const plan: [string, number, number | null][] = [['P-3', 8, 2], ['P-10', 6, 5], ['P-2', 2, 1], ['P-1', 7, null]];
  for (const [code, pre, post] of plan) {
    const p = await call('patients.create', { displayCode: code });
    const inf = await call('infusions.add', { patientId: p.id, startedAt: '2025-05-01T09:00', weightKg: 60 });
    await call('assessments.add', { patientId: p.id, infusionId: inf.id, timePoint: 'pre', recordedAt: '2025-05-01T08:50', nrs: pre });
    if (post !== null) await call('assessments.add', { patientId: p.id, infusionId: inf.id, timePoint: 'post60', recordedAt: '2025-05-01T10:00', nrs: post });
  }
  const codes = async (args: object) => (await call('patients.list', args)).rows.map((r) => r.displayCode);
  assert.deepEqual(await codes({ sort: 'code' }), ['P-1', 'P-2', 'P-3', 'P-10']);
  assert.deepEqual(await codes({ sort: 'code', direction: 'desc' }), ['P-10', 'P-3', 'P-2', 'P-1']);
  assert.deepEqual(await codes({ responder: 'responder' }), ['P-3']);
  assert.deepEqual(await codes({ responder: 'non-responder' }), ['P-10']);
  assert.deepEqual(await codes({ responder: 'not-evaluable' }), ['P-2']);
  assert.deepEqual(await codes({ responder: 'pending' }), ['P-1']);
  // Reduction descending: 75 (P-3), 50 (P-2: (2−1)/2), 16.7 (P-10), then no value (P-1) last.
  assert.deepEqual(await codes({ sort: 'reduction', direction: 'desc' }), ['P-3', 'P-2', 'P-10', 'P-1']);
  assert.deepEqual(await codes({ analysis: 'analysed' }), []);
  assert.equal((await call('patients.list', { analysis: 'not-analysed' })).total, 4);
  const page = await call('patients.list', { sort: 'code', offset: 1, limit: 2 });
  assert.deepEqual([page.total, page.rows.map((r) => r.displayCode)], [4, ['P-2', 'P-3']]);
  const row = (await call('patients.list', { search: 'P-3' })).rows[0]!;
  assert.deepEqual([row.outcome.status, row.outcome.reductionPct, row.outcome.responder], ['evaluable', 75, true]);
});

test('per-patient audit lists that patient\'s rows only, newest first', async () => {
  const p = (await call('patients.list', { search: 'P-10' })).rows[0]!;
  await call('patients.open', { patientId: p.id });
  const entries = await call('audit.list', { patientId: p.id });
  assert.deepEqual(entries.map((e) => `${e.action}:${e.entity}`), ['open-chart:patient', 'create:assessment', 'create:assessment', 'create:infusion', 'create:patient']);
  assert.ok(entries.every((e) => concernsPatient(e, p.id) && e.clinician === 'Dr A'));
});

test('backup and export go to the chosen file; a cancelled dialog writes nothing', async () => {
  const csv = join(dir, 'out.csv');
  saves.push(csv);
  const exported = await call('records.export', { deidentified: true });
  assert.equal(exported.status, 'done');
  if (exported.status === 'done') assert.equal(exported.result.rows, 4);
  assert.ok(!readFileSync(csv, 'utf8').includes('P-3'), 'de-identified export has no display codes');
  const before = (await call('audit.list', {})).length;
  saves.push(null);
  assert.deepEqual(await call('records.backup', {}), { status: 'cancelled' });
  assert.equal((await call('audit.list', {})).length, before);
  const file = join(dir, 'b-folder');
  saves.push(file);
  const backup = await call('records.backup', {});
  assert.equal(backup.status, 'done');
  assert.ok(existsSync(file));
  assert.equal((await call('audit.verify', {})).ok, true);
});

test('per-patient audit reaches past one chunk of the trail (5 000 entries)', async () => {
  const { patientAudit } = await import('./api-handlers');
  const first = await call('patients.create', { displayCode: 'OLD-1' });
  const store = session.get() as RecordStore; // the app's store; its connection batches the updates
  const other = await call('patients.create', { displayCode: 'BUSY-1' });
  store.connection.transaction(() => { for (let i = 0; i < 5200; i++) store.updatePatient(other.id, { notes: `n${i}` }, 'note added'); })();
  const entries = patientAudit(store, first.id, 50);
  assert.deepEqual(entries.map((e) => `${e.action}:${e.entityId}`), [`create:${first.id}`]);
  assert.equal(patientAudit(store, other.id, 10).length, 10);
});
