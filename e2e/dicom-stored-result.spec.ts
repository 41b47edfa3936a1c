/**
 * DICOM to a stored result (issue 13): a Siemens session long enough to analyse, written at test
 * time from the real XA30 session in ../shared/data/dicom (electron/analysis/preprocess/
 * dicom-run-builder.ts: 150 volumes of 64×64×33 at TR 1 s made from the real BOLD's volumes with
 * planted rigid motion, the real T1 unchanged, the files' real patient identity). 150 is about the
 * shortest run the analysis accepts with room to spare: the default denoising (27 regressors with
 * three scrubbed scans) leaves 24 independent values of 24 in the band, above the refusal at 10
 * (a QC warning below 28 is shown, honestly). Skips cleanly when the shared data folder is absent.
 *
 *  - In the app: choose the folder → series picker with the BOLD and the T1 pre-selected → every
 *    step's progress → the registration check (image, agreement, ROI coverage, motion) above the
 *    result → the stored result: z in the result, in the chart's list and on the timeline.
 *    Screenshots at 1280×800 in Japanese and English. The record holds the analysis with its
 *    preprocessing summary and the registration image's SHA-256; the DICOM identity is in no file
 *    of the data folder and in no log line.
 *  - The CLI on the same folder: `krp analyze FOLDER --json` has `preprocessing` (steps, durations,
 *    realignment, registration), its motion recovers the planted motion (≤ 0.1 mm, ≤ 0.1°), and its
 *    z is the app's z.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import type { PreprocessingSummary } from '../shared/imaging/preprocessing-types';
import { writePlantedDicomRun, type PlantedDicomRun } from '../electron/analysis/preprocess/dicom-run-builder';
import { listDicomSeriesWithIdentity } from '../electron/analysis/preprocess/dicom-series';
import { createLauncher, ROOT, screenshot, type Launcher } from './support/launcher';
import { identityLeaks, identityNeedles } from './support/identity-leaks';
import { inspectAnalyses, inspectRecord } from './support/record-inspector';
import { expectText, startSession, submitNewPatient } from './support/steps';
import { recordedStages, startStageRecorder } from './support/imaging-steps';
import { en } from '../renderer/i18n/catalog-en';
import { ja } from '../renderer/i18n/catalog-ja';

const SESSION = join(ROOT, '..', 'shared', 'data', 'dicom', 'siemens-xa30');
const present = existsSync(SESSION);
const skip = present ? false : `skipped: ${SESSION} is absent (shared test data)`;
const VOLUMES = 150;
const STEPS = ['convert', 'realign', 'slice-timing', 'coregister', 'normalize', 'registration-qc', 'resample'] as const;

let launcher: Launcher | undefined;
let work = '';
let run: PlantedDicomRun;
let needles: string[] = [];
let appZ: number | null = null;

before(async () => {
  if (!present) return;
  work = mkdtempSync(join(tmpdir(), 'krp-e2e-dicom-run-'));
  run = await writePlantedDicomRun(join(work, 'session'), { volumes: VOLUMES });
  const listing = await listDicomSeriesWithIdentity(run.folder);
  assert.equal(listing.identities.length, 1);
  needles = identityNeedles(listing.identities[0]!);
  assert.ok(needles.length >= 3, `the files carry an identity to look for: ${needles.join(', ')}`);
});
after(async () => {
  await launcher?.dispose();
  if (work) rmSync(work, { recursive: true, force: true });
});

/** Mean absolute error of the estimated motion against the planted truth (mm, degrees). */
function motionError(estimated: number[][], truth: number[][]): { mm: number; degrees: number } {
  let mm = 0, degrees = 0;
  for (let t = 0; t < truth.length; t++) for (let i = 0; i < 3; i++) {
    mm += Math.abs(estimated[t]![i]! - truth[t]![i]!) / (3 * truth.length);
    degrees += (Math.abs(estimated[t]![i + 3]! - truth[t]![i + 3]!) * 180) / Math.PI / (3 * truth.length);
  }
  return { mm, degrees };
}

/** Screenshot with the element's top at the top of the scrolling screen (its heading shown). */
async function shot(page: Page, name: string, testId: string): Promise<void> {
  await page.getByTestId(testId).evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await screenshot(page, name);
}

test('a DICOM folder long enough to analyse: picker → every step → the registration check above the stored result, in ja and en; the record keeps the summary and the hashed check image, and no identity', { skip }, async () => {
  launcher = await createLauncher();
  const dataDir = mkdtempSync(join(work, 'data-'));
  const app = await launcher.launch(dataDir);
  const page = app.page;
  const consoleLines: string[] = [];
  page.on('console', (m) => consoleLines.push(m.text()));
  await page.setViewportSize({ width: 1280, height: 800 });
  await startSession(page, '佐藤 一郎');
  await submitNewPatient(page, 'ja', { displayCode: 'KET-303', birthYear: '1970', sex: 'female' });
  await page.getByTestId('tab-imaging').click();
  await page.getByTestId('imaging-tab').waitFor();

  // The series picker: the planted BOLD run (150 volumes) and the real T1, both pre-selected.
  await app.answerOpenDialog(run.folder);
  await page.getByTestId('choose-dicom-folder').click();
  await page.getByTestId('series-list').waitFor({ timeout: 60_000 });
  assert.equal(await page.getByTestId('series-row').count(), 2);
  const boldRow = page.locator('[data-testid=series-row][data-kind=bold]');
  assert.equal(await boldRow.getAttribute('data-selected'), 'bold');
  assert.equal(await page.locator('[data-testid=series-row][data-kind=t1]').getAttribute('data-selected'), 't1');
  await expectText(boldRow, String(VOLUMES));
  await page.getByTestId('identity-check').waitFor();
  await page.locator('#acquiredAt').fill('2022-07-11');
  await shot(page, '50-dicom-run-series-ja', 'series-list');

  // Every step named on one bar that only moves forward.
  await startStageRecorder(page);
  await page.getByTestId('analyse').click();
  await page.locator('[data-testid=analysis-stage][data-step=realign]').waitFor({ timeout: 120_000 });
  await shot(page, '51-dicom-run-progress-ja', 'analysis-progress');
  const check = page.getByTestId('registration-check');
  await check.waitFor({ timeout: 900_000 });
  const { stages, fractions } = await recordedStages(page);
  for (const step of STEPS) assert.ok(stages.some((s) => s.includes(ja[`step.${step}`])), `step ${step} shown: ${stages.join(' | ')}`);
  assert.ok(fractions.every((f, i) => i === 0 || f >= fractions[i - 1]!), 'progress never goes back');
  await expectText(page.getByTestId('analysis-message'), ja['imaging.done']);

  // The stored analysis, as the record holds it.
  const [stored, ...others] = inspectAnalyses(dataDir);
  assert.ok(stored && others.length === 0, 'one analysis stored');
  const summary = stored.provenance.preprocessing as PreprocessingSummary;
  assert.equal(summary.input, 'dicom');
  assert.deepEqual(summary.stepsRun, [...STEPS]);
  assert.equal(summary.volumes, VOLUMES);
  assert.equal(summary.motion?.parameters.length, VOLUMES);
  const error = motionError(summary.motion!.parameters, run.truth);
  assert.ok(error.mm <= 0.1 && error.degrees <= 0.1, `stored motion recovers the planted motion: ${error.mm.toFixed(4)} mm, ${error.degrees.toFixed(4)}°`);
  const image = stored.provenance.registrationImage!;
  assert.ok(image && existsSync(join(dataDir, image.path)), 'the registration image is kept in the data folder');
  assert.equal(createHash('sha256').update(readFileSync(join(dataDir, image.path))).digest('hex'), image.sha256, 'and its SHA-256 is stored');
  appZ = stored.z;

  // The registration check comes first: the image, agreement, ROI coverage and motion.
  await page.waitForFunction(() => {
    const img = document.querySelector('[data-testid=registration-image]') as HTMLImageElement | null;
    return img !== null && img.complete && img.naturalWidth > 0;
  }, undefined, { timeout: 30_000 });
  await expectText(page.getByTestId('registration-agreement'), summary.registration.agreement.toFixed(2));
  await expectText(page.getByTestId('registration-roi-coverage'), ja['roi.mpfc']);
  await page.getByTestId('motion-chart').waitFor();
  const checkBox = await check.boundingBox();
  const resultBox = await page.getByTestId('analysis-result').boundingBox();
  assert.ok(checkBox !== null && resultBox !== null && checkBox.y < resultBox.y, 'the registration check comes before the result');
  await shot(page, '52-dicom-run-registration-ja', 'registration-check');
  await shot(page, '53-dicom-run-motion-ja', 'motion-chart');

  // The stored result: z in the result card, in the chart's list of analyses and on the timeline.
  const shownZ = ((await page.getByTestId('result-z').textContent()) ?? '').trim();
  assert.ok(Math.abs(Number(shownZ.replace('−', '-')) - stored.z) < 0.01, `z shown ${shownZ}, stored ${stored.z}`);
  await shot(page, '54-dicom-run-result-ja', 'analysis-result');
  assert.equal(await page.getByTestId('run-row').count(), 1);
  await expectText(page.getByTestId('run-row'), shownZ);

  await page.getByRole('radio', { name: 'English' }).first().click();
  await expectText(check, en['reg.title']);
  await shot(page, '55-dicom-run-registration-en', 'registration-check');
  await shot(page, '56-dicom-run-result-en', 'analysis-result');
  await page.getByTestId('tab-timeline').click();
  await expectText(page.getByTestId('timeline'), shownZ);
  await shot(page, '57-dicom-run-timeline-en', 'timeline');
  assert.deepEqual(app.internalErrors(), []);
  await app.close();

  const record = inspectRecord(dataDir);
  assert.equal(record.scans, 1);
  assert.equal(record.analyses, 1);
  const auditLines = record.audit.map((a) => JSON.stringify(a));
  assert.deepEqual(identityLeaks(dataDir, needles, [...consoleLines, ...auditLines, ...app.internalErrors()]), [],
    'the DICOM identity is in no stored file and no log line');
});

test('krp analyze FOLDER --json: preprocessing steps, durations, realignment and registration; the planted motion recovered; the app\'s z', { skip }, async () => {
  const cli = join(ROOT, 'dist', 'cli', 'krp.cjs');
  assert.ok(existsSync(cli), 'the CLI is built (npm test --e2e builds it)');
  const { stdout, stderr } = await promisify(execFile)(process.execPath, [cli, 'analyze', run.folder, '--json'],
    { cwd: work, maxBuffer: 256 * 1024 * 1024, timeout: 900_000 });
  const out = JSON.parse(stdout) as { z: number; preprocessing: PreprocessingSummary };
  const p = out.preprocessing;
  assert.equal(p.input, 'dicom');
  assert.deepEqual(p.stepsRun, [...STEPS]);
  for (const step of STEPS) assert.ok((p.durationsSeconds[step] ?? 0) > 0, `duration of ${step}`);
  assert.equal(p.volumes, VOLUMES);
  assert.equal(p.trSeconds, 1);
  assert.deepEqual(p.nativeGrid.dims, [64, 64, 33]);
  assert.equal(p.sliceTiming.applied, true);
  assert.ok(p.registration.agreement >= p.registration.agreementThreshold, `agreement ${p.registration.agreement}`);
  assert.ok(p.registration.roiCoverage.mpfc >= p.registration.roiCoverageThreshold && p.registration.roiCoverage.precuneus >= p.registration.roiCoverageThreshold);
  // The realignment summary matches the planted motion: its largest translation (the 1.2 mm jump plus drift).
  const plantedMaxMm = Math.max(...run.truth.flatMap((rp) => rp.slice(0, 3).map(Math.abs)));
  assert.ok(Math.abs(p.realignment.maxTranslationMm - plantedMaxMm) < 0.1, `max translation ${p.realignment.maxTranslationMm} vs planted ${plantedMaxMm}`);
  const error = motionError(p.motion!.parameters, run.truth);
  assert.ok(error.mm <= 0.1 && error.degrees <= 0.1, `mean error ${error.mm.toFixed(4)} mm, ${error.degrees.toFixed(4)}°`);
  assert.ok(Number.isFinite(out.z));
  if (appZ !== null) assert.ok(Math.abs(out.z - appZ) < 1e-6, `the CLI's z ${out.z} is the app's ${appZ}`);
  assert.deepEqual(needles.filter((n) => (stdout + stderr).toLowerCase().includes(n.toLowerCase())), [], 'no identity in the CLI\'s output');
});
