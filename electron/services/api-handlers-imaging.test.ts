/**
 * The issue-6 handlers over the real services: a phantom analysed through the contract (progress,
 * end, stored z, images), the estimate gated below 10 calibration patients and given with its
 * interval above, the cohort view, dialogs cancelled or answered, the report PDF written as printed.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { parseArgs, type MethodName } from '../../shared/api';
import type { AnalysisJobEnd, AnalysisJobProgress } from '../../shared/api-imaging';
import type { ApiHandlers } from '../../shared/api/dispatch';
import { isKrpError } from '../../shared/errors';
import { RESEARCH_USE_NOTICE_EN } from '../../shared/model';
import { writePhantom } from '../analysis/phantom/write-phantom';
import { createApiHandlers } from './api-handlers';
import { EstimateService } from './estimate-service';
import { ImagingService } from './imaging-service';
import { RecordSession } from './record-session';
import { seedCohort } from './test-support/seed-cohort';

let dir: string;
let session: RecordSession;
let handlers: ApiHandlers;
const opens: (string | null)[] = [];
const saves: (string | null)[] = [];
const progress: AnalysisJobProgress[] = [];
let onEnd: (end: AnalysisJobEnd) => void = () => undefined;
const PDF = new TextEncoder().encode('%PDF-1.4 test bytes');

async function call<M extends MethodName>(method: M, args: unknown) {
  const handler = handlers[method] as (a: unknown) => unknown;
  return handler(parseArgs(method, args)) as ReturnType<ApiHandlers[M]>;
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'krp-imaging-handlers-'));
  session = new RecordSession(join(dir, 'record.sqlite'), 'tester');
  const record = () => session.get();
  handlers = createApiHandlers({
    host: 'stand-in', appName: 'KRP', appVersion: '9.9.9', dataDir: dir, settingsPath: join(dir, 'settings.json'),
    record, session,
    files: { chooseSavePath: async () => null, chooseBackupToRestore: async () => null },
    writeTextFile: (path, text) => writeFile(path, text),
    now: () => new Date(2025, 5, 1, 9, 5),
    imaging: new ImagingService({ record, dataDir: dir, onProgress: (p) => progress.push(p), onFinished: (e) => onEnd(e) }),
    estimates: new EstimateService(record),
    chooseImagingFile: async () => opens.shift() ?? null,
    chooseReportPath: async (name) => { assert.match(name, /^krp-report-(KET-9|deidentified)-20250601-0905\.pdf$/); return saves.shift() ?? null; },
    printToPdf: async () => PDF,
    writeBinaryFile: (path, bytes) => writeFile(path, bytes),
  });
});
after(() => { session.close(); rmSync(dir, { recursive: true, force: true }); });

test('before a clinician is named nothing is analysed or estimated', async () => {
  await assert.rejects(Promise.resolve().then(() => call('imaging.analyze', { patientId: 1, boldPath: '/x.nii', acquiredAt: '2025-01-01' })),
    (e: unknown) => isKrpError(e) && e.code === 'session.no-user');
  await call('session.createAdministrator', { username: 'drb', displayName: 'Dr B', password: 'admin pass 1', language: 'en' });
});

test('the open dialog: cancelled, or the chosen path with its file name', async () => {
  opens.push(null, '/data/sub-01_bold.nii.gz');
  assert.deepEqual(await call('imaging.chooseFile', { purpose: 'bold' }), { status: 'cancelled' });
  assert.deepEqual(await call('imaging.chooseFile', { purpose: 'wm-mask' }), { status: 'done', result: { purpose: 'wm-mask', path: '/data/sub-01_bold.nii.gz', fileName: 'sub-01_bold.nii.gz' } });
});

test('a phantom through the contract: preview, progress, stored z within 0.02 of the planted 0.35, images', async () => {
  const patient = await call('patients.create', { displayCode: 'KET-9' });
  const phantom = await writePhantom({ z: 0.35, gridMm: 3, volumes: 100, seed: 11 }, join(dir, 'phantom'));
  const preview = await call('imaging.inspect', { path: phantom.boldPath });
  assert.equal(preview.refusal, null);
  assert.equal(preview.space?.basis, 'mni-code');
  const ended = new Promise<AnalysisJobEnd>((resolve) => { onEnd = resolve; });
  const { jobId } = await call('imaging.analyze', { patientId: patient.id, boldPath: phantom.boldPath, confoundsPath: phantom.motionPath, acquiredAt: '2025-01-10' });
  const end = await ended;
  assert.equal(end.status, 'done', JSON.stringify(end));
  assert.equal(end.jobId, jobId);
  assert.ok(progress.some((p) => p.jobId === jobId && p.stage === 'seed-map'));
  if (end.status !== 'done') return;
  assert.ok(Math.abs(end.z - 0.35) < 0.02, `z ${end.z}`);
  const chart = await call('patients.open', { patientId: patient.id });
  assert.equal(chart.analysisInUse?.id, end.analysisId);
  const rois = await call('imaging.image', { analysisId: end.analysisId, kind: 'rois' });
  assert.equal(rois.fileName, 'roi_labels.nii.gz');
  assert.equal(await call('imaging.cancel', { jobId }), null, 'cancelling a finished job is a no-op');
});

test('estimate: withheld with 5 calibration patients; with 14, a provisional number with its interval, n and notice', async () => {
  const target = (await call('patients.list', { search: 'KET-9' })).rows[0]!;
  seedCohort(session.get(), 5, { codePrefix: 'A' });
  const withheld = await call('estimate.forPatient', { patientId: target.id });
  assert.equal(withheld.estimate.status, 'withheld');
  assert.equal(withheld.estimate.predictedReductionPct, null);
  assert.ok(withheld.estimate.reasons.some((r) => r.code === 'too-few-patients'));
  assert.equal(withheld.estimate.n, 5);

  seedCohort(session.get(), 9, { codePrefix: 'B' });
  const shown = await call('estimate.forPatient', { patientId: target.id });
  assert.equal(shown.estimate.status, 'provisional');
  assert.equal(shown.estimate.n, 14);
  assert.ok(shown.estimate.pi95 !== null && shown.estimate.pi95[0] < shown.estimate.predictedReductionPct! && shown.estimate.predictedReductionPct! < shown.estimate.pi95[1]);
  assert.equal(shown.estimate.notice.en, RESEARCH_USE_NOTICE_EN);
  assert.equal(shown.cohort.highlight?.z, shown.estimate.patientZ);
  // Each estimate shown is stored (chart review).
  assert.equal((await call('patients.open', { patientId: target.id })).estimates.length, 2);
  const cohort = await call('cohort.view', {});
  // The whole site: the 14 seeded patients (the phantom patient, never treated, is no candidate).
  assert.equal(cohort.n, 14);
  assert.equal(cohort.responders + cohort.nonResponders, 14);
  assert.equal(cohort.highlight, null);
  assert.equal(cohort.points.length, 14);
});

test('report: cancelled save writes nothing; a chosen path gets exactly the printed bytes', async () => {
  const target = (await call('patients.list', { search: 'KET-9' })).rows[0]!;
  saves.push(null);
  assert.deepEqual(await call('report.savePdf', { patientId: target.id, deidentified: false }), { status: 'cancelled' });
  const path = join(dir, 'report.pdf');
  saves.push(path);
  const saved = await call('report.savePdf', { patientId: target.id, deidentified: true });
  assert.deepEqual(saved, { status: 'done', result: { path, bytes: PDF.byteLength } });
  assert.deepEqual(new Uint8Array(readFileSync(path)), PDF);
});

test('contract: paths must be absolute, job ids plain, image kinds and purposes closed', () => {
  assert.throws(() => parseArgs('imaging.inspect', { path: 'relative/bold.nii' }), /path: expected text of 2–4096 characters \(an absolute file path\)/);
  assert.equal(parseArgs('imaging.inspect', { path: 'C:\\scans\\bold.nii.gz' }).path, 'C:\\scans\\bold.nii.gz');
  assert.throws(() => parseArgs('imaging.cancel', { jobId: '../x' }), /jobId/);
  assert.throws(() => parseArgs('imaging.image', { analysisId: 1, kind: 'raw' }), /kind: expected one of seed-map, mean, rois/);
  assert.throws(() => parseArgs('imaging.chooseFile', { purpose: 'anything' }), /purpose/);
  assert.throws(() => parseArgs('imaging.analyze', { patientId: 1, boldPath: '/b.nii', acquiredAt: '2025-02-30' }), /acquiredAt/);
  assert.throws(() => parseArgs('report.savePdf', { patientId: 1, deidentified: true, path: '/etc/x' }), /unknown field "path"/);
});
