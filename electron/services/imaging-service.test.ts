import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AnalysisJobEnd, AnalysisJobProgress } from '../../shared/api-imaging';
import { writeNifti } from '../analysis/nifti/write-nifti';
import { writePhantom } from '../analysis/phantom/write-phantom';
import { writeCoarseBold } from '../analysis/test-support/coarse-bold';
import { RecordStore } from './record/record-store';
import { TEST_ACTOR } from './record/record-fixtures';
import { ImagingService } from './imaging-service';

function setup(t: { after: (fn: () => void) => void }) {
  const dir = mkdtempSync(join(tmpdir(), 'krp-imaging-'));
  const dataDir = join(dir, 'data');
  const store = RecordStore.open(join(dir, 'krp.sqlite3'), { actor: TEST_ACTOR });
  t.after(() => { store.close(); rmSync(dir, { recursive: true, force: true }); });
  const progress: AnalysisJobProgress[] = [];
  let resolveEnd: (end: AnalysisJobEnd) => void = () => undefined;
  const ended = new Promise<AnalysisJobEnd>((r) => { resolveEnd = r; });
  const service = new ImagingService({ record: () => store, dataDir, onProgress: (p) => progress.push(p), onFinished: (e) => resolveEnd(e) });
  const patient = store.createPatient({ displayCode: 'KET-001' });
  return { dir, dataDir, store, service, progress, ended, patientId: patient.id };
}

test('imaging: a phantom is analysed in the worker and stored with its scan and images; re-running keeps both runs', async (t) => {
  const { dir, dataDir, store, service, progress, ended, patientId } = setup(t);
  const phantom = await writePhantom({ z: 0.3, gridMm: 3, volumes: 100, seed: 5 }, join(dir, 'phantom'));
  const preview = await service.inspect(phantom.boldPath);
  assert.equal(preview.refusal, null);
  assert.equal(preview.space?.basis, 'mni-code');
  assert.equal(preview.trSeconds, 2);
  assert.deepEqual(preview.header?.dims, [61, 73, 61, 100]);

  const { jobId } = service.start({ patientId, boldPath: phantom.boldPath, confoundsPath: phantom.motionPath, acquiredAt: '2025-01-10' });
  const end = await ended;
  assert.equal(end.status, 'done', JSON.stringify(end));
  assert.equal(end.jobId, jobId);
  assert.ok(progress.length > 2 && progress.every((p) => p.jobId === jobId && p.patientId === patientId));
  if (end.status !== 'done') return;
  assert.ok(Math.abs(end.z - 0.3) < 0.02);
  const analysis = store.getAnalysis(end.analysisId);
  assert.equal(analysis.patientId, patientId);
  assert.match(analysis.seedMap?.path ?? '', /^analyses\/[0-9a-f-]+\/seed_map_z\.nii\.gz$/);
  for (const kind of ['seed-map', 'mean', 'rois'] as const) {
    const image = await service.image(end.analysisId, kind);
    const bytes = gunzipSync(Buffer.from(image.base64, 'base64'));
    assert.equal(bytes.readInt32LE(0), 348, `${kind} is a NIfTI-1 image`);
  }
  // The QC files: listed in the provenance with their SHA-256, served, and refused once changed.
  const qcImages = analysis.provenance.qcImages!;
  assert.match(qcImages.tsnr!.path, /^analyses\/[0-9a-f-]+\/tsnr\.nii\.gz$/);
  assert.match(qcImages.carpet!.path, /^analyses\/[0-9a-f-]+\/qc_carpet\.png$/);
  assert.equal(gunzipSync(Buffer.from((await service.image(end.analysisId, 'tsnr')).base64, 'base64')).readInt32LE(0), 348);
  const carpet = Buffer.from((await service.image(end.analysisId, 'carpet')).base64, 'base64');
  assert.equal(carpet.toString('latin1', 1, 4), 'PNG');
  assert.equal(carpet.readUInt32BE(20), 2 * analysis.qc.series!.carpet!.rows, 'both panels of the stored layout');
  assert.equal(analysis.qc.series!.fdMm!.length, 100);
  appendFileSync(join(dataDir, qcImages.carpet!.path), 'x');
  await assert.rejects(service.image(end.analysisId, 'carpet'), { code: 'analysis.image-changed' });
  assert.equal(service.running, 0);
  // Same file again: the scan is reused, both analyses kept.
  const ended2 = new Promise<AnalysisJobEnd>((resolve) => {
    const again = new ImagingService({ record: () => store, dataDir, onProgress: () => undefined, onFinished: resolve });
    again.start({ patientId, boldPath: phantom.boldPath, confoundsPath: phantom.motionPath, acquiredAt: '2025-01-10' });
  });
  const second = await ended2;
  assert.equal(second.status, 'done');
  const chart = store.openChart(patientId);
  assert.equal(chart.scans.length, 1);
  assert.equal(chart.scans[0].analyses.length, 2);
});

test('imaging: cancelling midway stores nothing and removes the run\'s folder', async (t) => {
  const { dir, dataDir, store, service, progress, ended, patientId } = setup(t);
  const bold = await writeCoarseBold(dir, { volumes: 400, voxelMm: 4 });
  const { jobId } = service.start({ patientId, boldPath: bold, acquiredAt: '2025-01-10' });
  while (!progress.some((p) => p.stage === 'reading' && p.fraction > 0.1)) await new Promise((r) => setTimeout(r, 5));
  service.cancel(jobId);
  const end = await ended;
  assert.equal(end.status, 'cancelled');
  assert.equal(store.openChart(patientId).scans.length, 0);
  assert.deepEqual(existsSync(join(dataDir, 'analyses')) ? readdirSync(join(dataDir, 'analyses')) : [], []);
});

test('imaging: a scanner-space image is flagged at inspection and preprocessed by the analysis (issue 13); a blank one fails realignment, nothing stored', async (t) => {
  const { dir, dataDir, store, service, ended, patientId } = setup(t);
  const path = join(dir, 'native.nii.gz');
  await writeNifti(path, { dims: [61, 73, 61, 25], affine: [3, 0, 0, -90, 0, 3, 0, -126, 0, 0, 3, -72, 0, 0, 0, 1], datatype: 'int16', data: new Int16Array(61 * 73 * 61 * 25).fill(300), sformCode: 1, qformCode: 1, trSeconds: 2 });
  const preview = await service.inspect(path);
  assert.equal(preview.space, null);
  assert.match(preview.refusal?.message ?? '', /scanner space/);
  service.start({ patientId, boldPath: path, acquiredAt: '2025-01-10' });
  const end = await ended;
  assert.equal(end.status, 'failed');
  assert.equal(preview.refusal?.code, 'space.scanner'); // the import form shows "will be preprocessed"
  if (end.status === 'failed') assert.equal(end.error.code, 'preprocess.realign-failed', end.error.message);
  assert.equal(store.openChart(patientId).scans.length, 0);
  assert.deepEqual(readdirSync(join(dataDir, 'analyses')), []);
});

test('imaging: one analysis at a time per patient', async (t) => {
  const { dir, service, ended, patientId } = setup(t);
  const bold = await writeCoarseBold(dir, { volumes: 200, voxelMm: 4 });
  const { jobId } = service.start({ patientId, boldPath: bold, acquiredAt: '2025-01-10' });
  assert.throws(() => service.start({ patientId, boldPath: bold, acquiredAt: '2025-01-10' }), /already running/);
  service.cancel(jobId);
  await ended;
});

test('imaging: a future or malformed acquisition date is refused before any analysis starts', async (t) => {
  const { dir, dataDir, service, patientId } = setup(t);
  const bold = join(dir, 'never-read.nii.gz');
  assert.throws(() => service.start({ patientId, boldPath: bold, acquiredAt: '2999-01-01' }),
    (e: unknown) => (e as { code?: string }).code === 'record.date-in-future');
  assert.throws(() => service.start({ patientId, boldPath: bold, acquiredAt: '2025-02-30' }),
    (e: unknown) => (e as { code?: string }).code === 'record.invalid-date');
  assert.equal(service.running, 0);
  assert.equal(existsSync(join(dataDir, 'analyses')), false, 'no run folder was made');
});
