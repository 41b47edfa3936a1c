/**
 * The helper thread (parallel/) changes how fast an analysis runs, never what it gives: with it the
 * result and every image are the same bits as in one thread. A helper that cannot start is not
 * used; one that dies while working fails the analysis with the dead-worker message; a cancel stops
 * both threads.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_ANALYSIS_SETTINGS } from '../../../shared/imaging/analysis-types';
import { isKrpError } from '../../../shared/errors';
import { analyze, type AnalyzeHooks } from '../analyze';
import { writePhantom } from '../phantom/write-phantom';
import { SharedHeap } from '../kernels/shared-heap';
import { WasmSeedMap } from '../kernels/seed-map-wasm';
import { AnalysisHelper } from './analysis-helper';
import { HELPER_ROLE } from './helper-protocol';

test('one thread or two: the same z, seed-to-voxel mean, QC, seed map, tSNR image and carpet', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'krp-helper-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const phantom = await writePhantom({ z: 0.45, gridMm: 3, volumes: 90, seed: 31 }, dir);
  const run = (hooks: AnalyzeHooks) => analyze({
    boldPath: phantom.boldPath, confoundsPath: phantom.motionPath, wmMaskPath: null, csfMaskPath: null, settings: structuredClone(DEFAULT_ANALYSIS_SETTINGS),
  }, hooks);
  const one = await run({ threads: 1 });
  const stages: string[] = [];
  const two = await run({ threads: 2, onProgress: (p) => stages.push(p.stage) });
  assert.equal(two.result.z, one.result.z);
  assert.deepEqual(two.result.seedToVoxel, one.result.seedToVoxel);
  assert.deepEqual(two.result.qc, one.result.qc);
  assert.deepEqual(two.result.signals, one.result.signals);
  assert.deepEqual(two.seedMap, one.seedMap);
  assert.deepEqual(two.tsnrImage, one.tsnrImage);
  assert.deepEqual(two.carpet, one.carpet);
  assert.ok(Math.abs(one.result.z - 0.45) < 0.05, `z ${one.result.z} near the planted 0.45`);
  assert.equal(one.result.qc.acompcor?.code, 'mni-tissue-maps', 'aCompCor ran (the white matter\'s in the helper)');
  assert.ok(stages.includes('seed-map'));
});

test('a helper whose script cannot start is never ready, and the work stays in the analysis thread', async () => {
  const helper = AnalysisHelper.start(join(tmpdir(), 'no-such-helper-script.cjs'));
  assert.ok(helper !== null);
  assert.equal(await helper.whenReady(), false);
  assert.equal(helper.usable, false);
  helper.stop();
});

test('a helper that dies while working fails its task with the dead-worker message, and this thread carries on', async (t) => {
  // A stand-in helper: ready at once, then it exits in the middle of its first task.
  const dir = mkdtempSync(join(tmpdir(), 'krp-helper-dies-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const script = join(dir, 'dies.cjs');
  writeFileSync(script, `const { parentPort, workerData } = require('node:worker_threads');
if (workerData.role !== ${JSON.stringify(HELPER_ROLE)}) throw new Error('wrong role');
parentPort.on('message', (m) => { if (m.type === 'task') process.exit(3); });
parentPort.postMessage({ type: 'ready' });\n`);
  const helper = AnalysisHelper.start(script);
  assert.ok(helper !== null);
  const heap = SharedHeap.create();
  const map = heap && WasmSeedMap.create(20, heap);
  assert.ok(heap !== null && map !== null);
  map.allocateData(20 * 8);
  helper.attach(heap);
  assert.equal(await helper.whenReady(), true);
  await assert.rejects(helper.run({ type: 'coefficients', layout: map.layout(), V: 8, K: 4, share: { index: 1, count: 2, slot: 1 } }),
    (error: unknown) => isKrpError(error) && error.code === 'analysis.worker-failed' && /exit code 3/.test(error.message));
  await assert.rejects(helper.run({ type: 'coefficients', layout: map.layout(), V: 8, K: 4, share: { index: 1, count: 2, slot: 1 } }),
    (error: unknown) => isKrpError(error) && error.code === 'analysis.worker-failed', 'later tasks are refused the same way');
  helper.stop();
});

test('cancel while both threads work: analysis.cancelled, and the helper is stopped', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'krp-helper-cancel-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const phantom = await writePhantom({ z: 0.3, gridMm: 3, volumes: 90, seed: 5 }, dir);
  const controller = new AbortController();
  const run = analyze({
    boldPath: phantom.boldPath, confoundsPath: phantom.motionPath, wmMaskPath: null, csfMaskPath: null, settings: structuredClone(DEFAULT_ANALYSIS_SETTINGS),
  }, { threads: 2, signal: controller.signal, onProgress: (p) => { if (p.stage === 'seed-map') controller.abort(); } });
  await assert.rejects(run, (error: unknown) => isKrpError(error) && error.code === 'analysis.cancelled');
});
