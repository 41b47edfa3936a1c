/**
 * ImagingService with preprocessed input (DICOM / native NIfTI), the worker replaced by a scripted
 * job: the worker receives the input spec (path, BOLD series, T1) and a registration image path in
 * the job's folder; on success the preprocessing summary and the registration PNG (SHA-256 checked)
 * are kept with the analysis; progress carries the step; a cancelled run leaves no folder and no
 * row; a rejected analysis leaves the chart with its reason in the audit trail.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { AnalysisJobEnd, AnalysisJobProgress } from '../../shared/api-imaging';
import type { PreprocessingSummary } from '../../shared/imaging/preprocessing-types';
import { KrpError } from '../../shared/errors';
import type { AnalysisJob, AnalysisJobOptions, startAnalysisJob } from '../analysis/analysis-job';
import { RecordStore } from './record/record-store';
import { TEST_ACTOR, analysisInput, sha256Of } from './record/record-fixtures';
import { ImagingService } from './imaging-service';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);

function summary(): PreprocessingSummary {
  return {
    input: 'dicom', stepsRun: ['convert', 'realign', 'normalize', 'registration-qc', 'resample'], durationsSeconds: {},
    volumes: 3, trSeconds: 2, nativeGrid: { dims: [64, 64, 33], voxelMm: [3, 3, 3.4] },
    sliceTiming: { applied: true, reason: 'SliceTiming from the DICOM sidecar' },
    realignment: { maxTranslationMm: 0.3, maxRotationDeg: 0.2, meanFdMm: 0.1, maxFdMm: 0.2 },
    registration: {
      via: 't1', agreement: 0.91, agreementThreshold: 0.8, brainCoverage: 0.97, roiCoverage: { mpfc: 1, precuneus: 1 }, roiCoverageThreshold: 0.8,
      normalizationAgreement: 0.9, t1Overlap: 0.99, coregistrationShiftMm: 2,
    },
    motion: { parameters: [[0, 0, 0, 0, 0, 0], [0.1, 0, 0, 0, 0, 0], [0.3, 0, 0, 0, 0, 0]], fdMm: [0, 0.1, 0.2] },
    mniGrid: { dims: [97, 115, 97], voxelMm: 2 },
  };
}

function setup(t: { after: (fn: () => void) => void }, behaviour: 'done' | 'cancel' | 'refuse', nonlinear?: boolean) {
  const dir = mkdtempSync(join(tmpdir(), 'krp-imaging-pre-'));
  const dataDir = join(dir, 'data');
  const store = RecordStore.open(join(dir, 'krp.sqlite3'), { actor: TEST_ACTOR });
  t.after(() => { store.close(); rmSync(dir, { recursive: true, force: true }); });
  const calls: { options: AnalysisJobOptions; request: Parameters<typeof startAnalysisJob>[0] }[] = [];
  const progress: AnalysisJobProgress[] = [];
  let resolveEnd: (end: AnalysisJobEnd) => void = () => undefined;
  const ended = new Promise<AnalysisJobEnd>((r) => { resolveEnd = r; });
  const startJob: typeof startAnalysisJob = (request, outputs, options = {}): AnalysisJob => {
    calls.push({ options, request });
    options.onProgress?.({ stage: 'reading', fraction: 0.1 }, { step: 'realign', fraction: 0.2 });
    options.onProgress?.({ stage: 'denoising', fraction: 0.8 }, null);
    const seedMapPath = outputs.seedMapPath!;
    mkdirSync(dirname(seedMapPath), { recursive: true });
    if (behaviour === 'refuse') {
      writeFileSync(options.registrationImagePath!, PNG);
      const refusal = new KrpError('analysis.no-degrees-of-freedom', 'Too few scans (20 scans).');
      Object.defineProperty(refusal, 'findings', { value: { summary: summary(), registrationImageBase64: PNG.toString('base64') }, enumerable: false });
      return { result: Promise.reject(refusal), cancel() {} };
    }
    if (behaviour === 'cancel') {
      writeFileSync(options.registrationImagePath!, PNG); // a partial run may have written it
      return { result: Promise.reject(new KrpError('analysis.cancelled', 'The analysis was cancelled.')), cancel() {} };
    }
    writeFileSync(seedMapPath, 'seed');
    writeFileSync(options.registrationImagePath!, PNG);
    const fixture = analysisInput(1, 0.3);
    const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
    return {
      result: Promise.resolve({
        result: { r: fixture.r, z: fixture.z, qc: fixture.qc, signals: { mpfc: [], precuneus: [], trSeconds: 2 }, provenance: { ...fixture.provenance, input: { ...fixture.provenance.input, sha256: sha256Of('mni-series') } } },
        files: { seedMap: { path: seedMapPath, sha256: sha('seed') }, meanImage: null, roiLabels: null },
        preprocessing: summary(),
        registrationImage: { path: options.registrationImagePath!, sha256: sha(PNG) },
      }),
      cancel() {},
    };
  };
  const service = new ImagingService({ record: () => store, dataDir, onProgress: (p) => progress.push(p), onFinished: (e) => resolveEnd(e), startJob, ...(nonlinear === undefined ? {} : { nonlinearNormalization: () => nonlinear }) });
  const patientId = store.createPatient({ displayCode: 'KET-013' }).id;
  return { dataDir, store, service, calls, progress, ended, patientId };
}

test('a DICOM run: the worker gets the input spec; the summary and registration PNG are kept; progress names the step', async (t) => {
  const { dataDir, store, service, calls, progress, ended, patientId } = setup(t, 'done');
  service.start({ patientId, boldPath: '/scans/session', boldSeries: 7, t1Path: null, acquiredAt: '2022-07-11' });
  const end = await ended;
  assert.equal(end.status, 'done');
  if (end.status !== 'done') return;
  assert.deepEqual(calls[0]!.options.input, { path: '/scans/session', t1Path: null, series: 7, t1Series: null, noT1: false, noPreprocess: false });
  assert.match(calls[0]!.options.registrationImagePath!, /analyses[\\/][0-9a-f-]+[\\/]registration_check\.png$/);
  assert.deepEqual(progress.map((p) => p.step), ['realign', null]);

  const kept = service.preprocessing(end.analysisId);
  assert.equal(kept.hasRegistrationImage, true);
  assert.equal(kept.summary?.registration.agreement, 0.91);
  assert.deepEqual(kept.summary?.motion?.fdMm, [0, 0.1, 0.2]);
  const image = await service.image(end.analysisId, 'registration');
  assert.deepEqual(Buffer.from(image.base64, 'base64'), PNG);
  assert.equal(image.fileName, 'registration_check.png');

  // A changed PNG is refused (its SHA-256 was recorded).
  const stored = store.getAnalysis(end.analysisId).provenance.registrationImage!;
  writeFileSync(join(dataDir, stored.path), Buffer.from('tampered'));
  await assert.rejects(service.image(end.analysisId, 'registration'), { code: 'analysis.image-changed' });

  // Rejecting: the scan leaves the chart, with who/when/why in the audit trail.
  assert.throws(() => service.reject(end.analysisId, '  '), /reason is required/);
  assert.equal(store.openChart(patientId).scans.length, 1, 'a refused rejection changes nothing');
  service.reject(end.analysisId, 'template outlines off the brain');
  assert.equal(store.openChart(patientId).scans.length, 0);
  assert.equal(store.latestAnalysisForPatient(patientId), null);
  const audit = store.listAudit({ entity: 'scan' }).find((e) => e.action === 'delete');
  assert.ok(audit && JSON.stringify(audit).includes('template outlines off the brain'), 'the reason is in the audit trail');
});

test('the T1 chosen in the picker (another series, or none) reaches the worker', async (t) => {
  const { service, calls, ended, patientId } = setup(t, 'done');
  service.start({ patientId, boldPath: '/scans/session', boldSeries: 7, t1Series: 9, acquiredAt: '2022-07-11' });
  await ended;
  assert.deepEqual(calls[0]!.options.input, { path: '/scans/session', t1Path: null, series: 7, t1Series: 9, noT1: false, noPreprocess: false });
});

test('no T1 chosen in the picker reaches the worker as noT1', async (t) => {
  const { service, calls, ended, patientId } = setup(t, 'done');
  service.start({ patientId, boldPath: '/scans/session', boldSeries: 7, noT1: true, acquiredAt: '2022-07-11' });
  await ended;
  assert.deepEqual(calls[0]!.options.input, { path: '/scans/session', t1Path: null, series: 7, t1Series: null, noT1: true, noPreprocess: false });
});

test('an MNI NIfTI analysed as is has no preprocessing and no registration image', async (t) => {
  const { store, service } = setup(t, 'done');
  const patientId = store.createPatient({ displayCode: 'KET-014' }).id;
  const scan = store.addScan({ patientId, acquiredAt: '2025-01-01', originalPath: '/x.nii.gz', sha256: sha256Of('x'), header: null });
  const analysis = store.addAnalysis(analysisInput(scan.id, 0.2));
  assert.deepEqual(service.preprocessing(analysis.id), { analysisId: analysis.id, summary: null, hasRegistrationImage: false });
  await assert.rejects(service.image(analysis.id, 'registration'), { code: 'analysis.no-registration-image' });
});

test('a run refused after preprocessing reports what preprocessing found (summary, registration PNG) and stores nothing', async (t) => {
  const { dataDir, store, service, ended, patientId } = setup(t, 'refuse');
  service.start({ patientId, boldPath: '/scans/session', acquiredAt: '2022-07-11' });
  const end = await ended;
  assert.equal(end.status, 'failed');
  if (end.status !== 'failed') return;
  assert.equal(end.error.code, 'analysis.no-degrees-of-freedom');
  assert.deepEqual(end.findings?.summary?.motion?.fdMm, [0, 0.1, 0.2]);
  assert.deepEqual(Buffer.from(end.findings?.registrationImageBase64 ?? '', 'base64'), PNG);
  assert.deepEqual(existsSync(join(dataDir, 'analyses')) ? readdirSync(join(dataDir, 'analyses')) : [], []);
  assert.equal(store.openChart(patientId).scans.length, 0);
});

test('a cancelled DICOM run leaves no folder, no scan and no analysis', async (t) => {
  const { dataDir, store, service, ended, patientId } = setup(t, 'cancel');
  service.start({ patientId, boldPath: '/scans/session', acquiredAt: '2022-07-11' });
  const end = await ended;
  assert.equal(end.status, 'cancelled');
  assert.deepEqual(existsSync(join(dataDir, 'analyses')) ? readdirSync(join(dataDir, 'analyses')) : [], []);
  assert.equal(store.openChart(patientId).scans.length, 0);
});

test('the nonlinear normalization setting reaches the job as an analysis setting when on, and is absent when off', async (t) => {
  for (const on of [true, false]) {
    const { service, calls, ended, patientId } = setup(t, 'done', on);
    service.start({ patientId, boldPath: '/scans/session', boldSeries: 7, t1Path: null, acquiredAt: '2022-07-11' });
    await ended;
    assert.equal(calls[0]!.request.settings.nonlinearNormalization, on ? true : undefined);
  }
});
