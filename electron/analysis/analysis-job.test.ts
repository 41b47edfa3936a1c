import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_ANALYSIS_SETTINGS, type AnalysisProgress } from '../../shared/imaging/analysis-types';
import { isKrpError } from '../../shared/errors';
import { fileURLToPath } from 'node:url';
import { defaultWorkerLimits, startAnalysisJob } from './analysis-job';
import { writeCoarseBold } from './test-support/coarse-bold';

const settings = structuredClone(DEFAULT_ANALYSIS_SETTINGS);

test('analysis job: runs in a worker thread, reports progress through every stage, writes its images', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'krp-job-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const bold = await writeCoarseBold(dir);
  const events: AnalysisProgress[] = [];
  const job = startAnalysisJob({ boldPath: bold, confoundsPath: null, wmMaskPath: null, csfMaskPath: null, settings },
    { seedMapPath: join(dir, 'seed.nii.gz'), meanImagePath: join(dir, 'mean.nii.gz') },
    { onProgress: (p) => events.push(p) });
  const { result, files } = await job.result;
  assert.ok(Number.isFinite(result.z) && Math.abs(result.r) < 1);
  assert.equal(files.seedMap?.sha256.length, 64);
  assert.equal(files.roiLabels, null);
  assert.equal(result.qc.volumes.total, 40);
  assert.ok(existsSync(join(dir, 'seed.nii.gz')) && existsSync(join(dir, 'mean.nii.gz')));
  const stages = new Set(events.map((e) => e.stage));
  for (const stage of ['reading', 'seed-map', 'writing']) assert.ok(stages.has(stage as AnalysisProgress['stage']), `saw stage ${stage}`);
  for (let i = 1; i < events.length; i++) assert.ok(events[i].fraction >= events[i - 1].fraction, 'progress never goes back');
  assert.equal(events.at(-1)?.fraction, 1);
});

test('analysis job: cancel midway rejects with analysis.cancelled and leaves no output file', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'krp-job-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const bold = await writeCoarseBold(dir, { volumes: 400, voxelMm: 4 });
  const seedMapPath = join(dir, 'seed.nii.gz');
  let cancelledAt: number | null = null;
  const job = startAnalysisJob({ boldPath: bold, confoundsPath: null, wmMaskPath: null, csfMaskPath: null, settings },
    { seedMapPath },
    { onProgress: (p) => { if (cancelledAt === null && p.stage === 'reading' && p.fraction > 0.1) { cancelledAt = p.fraction; job.cancel(); } } });
  await assert.rejects(job.result, (e: unknown) => isKrpError(e) && e.code === 'analysis.cancelled');
  assert.ok(cancelledAt !== null && cancelledAt < 0.7, 'cancelled while reading');
  assert.equal(existsSync(seedMapPath), false);
});

test('analysis job: a failure inside the worker reaches the caller as a clear error', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'krp-job-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const notNifti = join(dir, 'scan.nii');
  writeFileSync(notNifti, 'this is a text file, not an image\n'.repeat(40));
  const job = startAnalysisJob({ boldPath: notNifti, confoundsPath: null, wmMaskPath: null, csfMaskPath: null, settings }, {});
  await assert.rejects(job.result, (e: unknown) => isKrpError(e) && e.code.startsWith('nifti.') && /NIfTI/i.test(e.message));
});

test('analysis job: a worker forced past its memory limit is reported as a failed analysis, and this process carries on', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'krp-job-oom-'));
  try {
    const job = startAnalysisJob({ boldPath: join(dir, 'none.nii'), confoundsPath: null, wmMaskPath: null, csfMaskPath: null, settings },
      { seedMapPath: join(dir, 'seed.nii.gz'), meanImagePath: join(dir, 'mean.nii.gz') },
      { workerPath: fileURLToPath(new URL('./test-support/memory-hog-worker.ts', import.meta.url)), resourceLimits: { maxOldGenerationSizeMb: 48, maxYoungGenerationSizeMb: 8 } });
    await assert.rejects(job.result, (e: unknown) => isKrpError(e) && e.code === 'analysis.out-of-memory' && /ran out of the memory it is allowed/.test(e.message));
    // Still alive and able to allocate.
    assert.ok(new Array(1e5).fill(1).length === 1e5 && process.memoryUsage().rss > 0);
    assert.equal(existsSync(join(dir, 'seed.nii.gz')), false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('analysis job: the default worker limits come from the memory budget', () => {
  const limits = defaultWorkerLimits();
  assert.ok(limits.maxOldGenerationSizeMb! >= 256 && limits.maxOldGenerationSizeMb! <= 2048);
});
