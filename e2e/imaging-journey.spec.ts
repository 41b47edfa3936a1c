/**
 * Imaging journey (issue 6), in Japanese: a scanner-space file is announced as to be preprocessed
 * to MNI (issue 13) and Analyse is offered; a phantom with planted z is imported with its
 * realignment parameters, the header and space decision are shown, the analysis runs with its
 * progress reaching completion (main-thread blocks meanwhile are printed as a figure, not judged:
 * they depend on machine load; `npm run bench` measures them too), the z (within 0.02 of the
 * planted value), QC, viewer (non-blank) and ROI signals appear; a second, longer analysis is
 * cancelled midway and nothing of it is stored (database and data folder checked).
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { writePhantom, type WrittenPhantom } from '../electron/analysis/phantom/write-phantom';
import { writeCoarseBold } from '../electron/analysis/test-support/coarse-bold';
import { writeNifti } from '../electron/analysis/nifti/write-nifti';
import { createLauncher, ROOT, type Launcher } from './support/launcher';
import { describeFigure, mainThreadFigure } from './support/main-thread-figure';
import { inspectRecord } from './support/record-inspector';
import { expectText, startSession, submitNewPatient } from './support/steps';
import { chooseImagingFile, fullScreenshot, longTasks, pixelVariance, recordedStages, shownNumber, startLongTaskRecorder, startStageRecorder } from './support/imaging-steps';
import { ja } from '../renderer/i18n/catalog-ja';

let launcher: Launcher;
let dataDir: string;
let inputs: string;
let phantom: WrittenPhantom;
let longBold: string;
let scannerSpace: string;

before(async () => {
  launcher = await createLauncher();
  dataDir = mkdtempSync(join(tmpdir(), 'krp-e2e-imaging-'));
  inputs = mkdtempSync(join(tmpdir(), 'krp-e2e-imaging-in-'));
  phantom = await writePhantom({ z: 0.42, gridMm: 3, volumes: 120, seed: 21 }, join(inputs, 'phantom'));
  longBold = await writeCoarseBold(inputs, { volumes: 400, voxelMm: 4, name: 'long_bold.nii.gz' });
  // The real scanner-space BOLD from the shared data when present, else one written here.
  const haxby = join(ROOT, '..', 'shared', 'data', 'bold', 'haxby2001_sub001_run001_bold_25mm.nii.gz');
  if (existsSync(haxby)) {
    scannerSpace = haxby;
  } else {
    scannerSpace = join(inputs, 'native_bold.nii.gz');
    await writeNifti(scannerSpace, { dims: [20, 20, 20, 30], affine: [3, 0, 0, -30, 0, 3, 0, -30, 0, 0, 3, -30, 0, 0, 0, 1], datatype: 'int16', data: new Int16Array(20 * 20 * 20 * 30).fill(300), sformCode: 1, qformCode: 1, trSeconds: 2 });
  }
});
after(async () => {
  await launcher?.dispose();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(inputs, { recursive: true, force: true });
});

test('import, analyse with progress, QC, viewer; refuse a non-MNI file; cancel a second run midway', async () => {
  const app = await launcher.launch(dataDir);
  const page = app.page;
  const cspViolations: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) cspViolations.push(m.text()); });
  await startSession(page, '佐藤 一郎');
  await submitNewPatient(page, 'ja', { displayCode: 'KET-101', birthYear: '1965', sex: 'male' });
  await expectText(page.getByTestId('chart-code'), 'KET-101');
  await page.getByTestId('tab-imaging').click();
  await page.getByTestId('imaging-tab').waitFor();
  await fullScreenshot(page, '10-imaging-empty-ja');

  // A scanner-space image (issue 13): not refused any more; the form says it will be preprocessed to MNI.
  await chooseImagingFile(app, 'bold', scannerSpace);
  await expectText(page.getByTestId('native-note'), ja['imaging.nativeNote'], 10_000);
  assert.equal(await page.getByTestId('scan-refusal').count(), 0);
  assert.equal(await page.getByTestId('analyse').isDisabled(), false, 'a native-space file can be analysed (preprocessed first)');
  await fullScreenshot(page, '11-imaging-native-ja');

  // The phantom and its realignment parameters: header and space decision before analysis.
  await chooseImagingFile(app, 'bold', phantom.boldPath);
  await page.getByTestId('header-summary').waitFor();
  await expectText(page.getByTestId('header-summary'), '61 × 73 × 61');
  await expectText(page.getByTestId('header-summary'), '120');
  await expectText(page.getByTestId('space-decision'), ja['imaging.space.mni-code']);
  // A motion file of another run (100 rows for 120 volumes) is refused as soon as it is chosen, not after Analyse.
  const otherRun = join(dirname(phantom.motionPath!), 'rp_other_run.txt');
  writeFileSync(otherRun, Array.from({ length: 100 }, () => '0 0 0 0 0 0').join('\n') + '\n');
  await chooseImagingFile(app, 'confounds', otherRun);
  await expectText(page.getByTestId('confounds-refusal'), ja['error.confounds.row-count'].replace('{rows}', '100').replace('{volumes}', '120'), 10_000);
  assert.equal(await page.getByTestId('analyse').isDisabled(), true, 'Analyse waits for a confounds file that fits');
  await chooseImagingFile(app, 'confounds', phantom.motionPath!);
  await page.getByTestId('confounds-refusal').waitFor({ state: 'detached' });
  await page.locator('#acquiredAt').fill('2025-03-01');
  await fullScreenshot(page, '12-imaging-preview-ja');

  await startLongTaskRecorder(page);
  await startStageRecorder(page);
  const startedAt = await page.evaluate(() => performance.now());
  await page.getByTestId('analyse').click();
  await page.getByTestId('analysis-progress').waitFor();
  await fullScreenshot(page, '13-imaging-progress-ja');
  await expectText(page.getByTestId('analysis-message'), ja['imaging.done'], 120_000);
  const blocks = await longTasks(page);
  const { stages, fractions, endedAt } = await recordedStages(page);
  assert.ok(endedAt !== null);
  assert.ok(stages.some((s) => s.includes(ja['stage.denoising'])), `stage names shown: ${stages.join(' | ')}`);
  assert.ok(fractions.length > 3 && Math.max(...fractions) > 0.9, `progress reached ${Math.max(...fractions)}`);
  assert.ok(fractions.every((f, i) => i === 0 || f >= fractions[i - 1]!), 'progress never goes back');
  console.log(`[figure] ${describeFigure(mainThreadFigure(blocks, startedAt, endedAt))}`);

  // The result: z within 0.02 of the planted value, QC in words, viewer and signals.
  // The stored analysis (QC, viewer, signals) renders after the end message; on a loaded machine that takes a while.
  await page.getByTestId('qc-panel').waitFor({ timeout: 60_000 });
  const z = await shownNumber(page.getByTestId('result-z'));
  assert.ok(Math.abs(z - phantom.truth.plantedZ) < 0.02, `z ${z} vs planted ${phantom.truth.plantedZ}`);
  await expectText(page.getByTestId('qc-volumes'), `${phantom.truth.volumes - phantom.truth.outlierScans.length} を使用`);
  await expectText(page.getByTestId('qc-motion'), 'mm');
  // aCompCor (on by default, from the bundled MNI tissue maps) and the motion units, in Japanese (issue 11).
  await expectText(page.getByTestId('qc-acompcor'), '同梱の MNI 組織確率マップから');
  await expectText(page.getByTestId('qc-motion-units'), 'ラジアン');
  const viewer = page.getByTestId('brain-viewer');
  await page.locator('[data-testid=brain-viewer][data-state=ready]').waitFor({ timeout: 30_000 });
  await expectText(page.getByTestId('viewer-readout'), 'MNI');
  await page.getByTestId('roi-signals').waitFor();
  const variance = await pixelVariance(page, page.getByTestId('viewer-canvas'));
  assert.ok(variance > 50, `the viewer shows an image (luminance variance ${variance.toFixed(1)})`);
  await viewer.scrollIntoViewIfNeeded();
  await fullScreenshot(page, '14-imaging-result-ja');
  await page.getByTestId('viewer-threshold').fill('0.8');
  await expectText(viewer, '0.8');

  // A second, longer analysis: cancelled midway, nothing of it stored.
  await chooseImagingFile(app, 'bold', longBold);
  await page.getByTestId('header-summary').waitFor();
  await page.locator('#acquiredAt').fill('2025-03-02');
  await startStageRecorder(page);
  await page.getByTestId('analyse').click();
  await page.waitForFunction(() => {
    const bar = document.querySelector('[data-testid=analysis-progress] progress') as HTMLProgressElement | null;
    return bar !== null && bar.value > 0.05;
  }, undefined, { timeout: 60_000 });
  await fullScreenshot(page, '15-imaging-cancel-running-ja');
  await page.getByTestId('cancel-analysis').click();
  await expectText(page.getByTestId('analysis-message'), ja['imaging.cancelled'], 30_000);
  await expectText(page.getByTestId('result-z'), String(z).slice(0, 4)); // the first run is still shown
  assert.equal(await page.getByTestId('run-row').count(), 1);
  await fullScreenshot(page, '16-imaging-cancelled-ja');
  assert.deepEqual(app.internalErrors(), []);
  assert.deepEqual(cspViolations, [], 'NiiVue and chart.js run under the app\'s CSP');
  await app.close();

  const stored = inspectRecord(dataDir);
  assert.equal(stored.scans, 1, 'only the phantom scan is stored');
  assert.equal(stored.analyses, 1, 'only the completed analysis is stored');
  assert.deepEqual(readdirSync(join(dataDir, 'analyses')).length, 1, 'only the completed run left an image folder');
});
