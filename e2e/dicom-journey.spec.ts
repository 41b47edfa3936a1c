/**
 * DICOM journey (issue 13): the real Siemens XA30 session (../shared/data/dicom/siemens-xa30/) is
 * chosen as a folder; both series are listed with the resting BOLD and the T1 pre-selected and the
 * files' patient identity beside the chart's; the worker converts, realigns, corrects slice timing,
 * coregisters, normalizes, checks the registration and resamples it with the running step named on
 * one bar. The session has only 20 volumes, so the analysis proper refuses it (too few degrees of
 * freedom) in words and stores nothing; the registration check and result of a stored analysis are
 * covered by dicom-stored-result.spec.ts (a 150-volume session built from these volumes) and
 * imaging-service-preprocess.test.ts. A second run is cancelled midway and nothing of
 * it is stored. Screenshots at 1280×800 in Japanese and English. Skips cleanly when the
 * shared data folder is absent.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { createLauncher, ROOT, screenshot, type AppHandle, type Launcher } from './support/launcher';
import { inspectRecord } from './support/record-inspector';
import { expectText, startSession, submitNewPatient } from './support/steps';
import { recordedStages, startStageRecorder } from './support/imaging-steps';
import { seedPreprocessedPatient } from './support/seed-preprocessed';
import { en } from '../renderer/i18n/catalog-en';
import { ja } from '../renderer/i18n/catalog-ja';

const SESSION = join(ROOT, '..', 'shared', 'data', 'dicom', 'siemens-xa30');
const present = existsSync(SESSION);

let launcher: Launcher;
let dataDir: string;

before(async () => {
  if (!present) return;
  launcher = await createLauncher();
  dataDir = mkdtempSync(join(tmpdir(), 'krp-e2e-dicom-'));
});
after(async () => {
  await launcher?.dispose();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function chooseDicomFolder(app: AppHandle, path: string): Promise<void> {
  await app.answerOpenDialog(path);
  await app.page.getByTestId('choose-dicom-folder').click();
  await app.page.getByTestId('series-list').waitFor({ timeout: 60_000 });
}

async function switchTo(page: Page, lang: 'ja' | 'en'): Promise<void> {
  await page.getByRole('radio', { name: lang === 'ja' ? '日本語' : 'English' }).first().click();
  await expectText(page.getByTestId('research-banner'), lang === 'ja' ? ja['app.banner'] : en['app.banner']);
}

async function shot(page: Page, name: string, testId: string): Promise<void> {
  await page.getByTestId(testId).scrollIntoViewIfNeeded();
  await screenshot(page, name);
}

test('DICOM folder → series picker → every step\'s progress → a refusal in words; a cancelled run stores nothing', { skip: present ? false : `skipped: ${SESSION} is absent (shared test data)` }, async () => {
  const app = await launcher.launch(dataDir);
  const page = app.page;
  await page.setViewportSize({ width: 1280, height: 800 });
  await startSession(page, '佐藤 一郎');
  await submitNewPatient(page, 'ja', { displayCode: 'KET-301', birthYear: '1970', sex: 'female' });
  await page.getByTestId('tab-imaging').click();
  await page.getByTestId('imaging-tab').waitFor();

  // Both series listed; the resting BOLD (7) and the T1 (5) pre-selected; identity shown apart.
  await chooseDicomFolder(app, SESSION);
  const rows = page.getByTestId('series-row');
  assert.equal(await rows.count(), 2, 'the BOLD run and the T1');
  assert.equal(await page.locator('[data-testid=series-row][data-kind=bold]').getAttribute('data-selected'), 'bold');
  assert.equal(await page.locator('[data-testid=series-row][data-kind=t1]').getAttribute('data-selected'), 't1');
  assert.equal(await page.getByTestId('use-bold-7').isChecked(), true);
  await expectText(page.locator('[data-testid=series-row][data-kind=bold]'), '20');
  await page.getByTestId('identity-check').waitFor();
  await page.locator('#acquiredAt').fill('2022-07-11');
  await shot(page, '40-dicom-series-ja', 'series-list');

  // The full pipeline in the worker: the running step is named on one bar that only moves forward.
  await startStageRecorder(page);
  await page.getByTestId('analyse').click();
  await page.getByTestId('analysis-progress').waitFor();
  await page.locator('[data-testid=analysis-stage][data-step=realign]').waitFor({ timeout: 120_000 });
  await shot(page, '41-dicom-progress-ja', 'analysis-progress');
  // The real session has 20 volumes: every preprocessing step runs, then the analysis itself
  // refuses it in words (too few independent values after denoising) and stores nothing.
  const message = page.getByTestId('analysis-message');
  await message.waitFor({ timeout: 600_000 });
  const { stages, fractions } = await recordedStages(page);
  for (const step of ['convert', 'realign', 'slice-timing', 'coregister', 'normalize', 'registration-qc', 'resample'] as const) {
    assert.ok(stages.some((s) => s.includes(ja[`step.${step}`])), `step ${step} shown: ${stages.join(' | ')}`);
  }
  assert.ok(fractions.every((f, i) => i === 0 || f >= fractions[i - 1]!), 'progress never goes back');
  const shown = (await message.textContent()) ?? '';
  assert.ok(shown.includes(ja['error.analysis.no-degrees-of-freedom']), `the 20-volume run is refused in words: ${shown}`);
  await shot(page, '42-dicom-refused-ja', 'analysis-message');
  // What preprocessing found is still shown (not stored): the registration check image and motion.
  await page.waitForFunction(() => {
    const img = document.querySelector('[data-testid=refusal-registration-image]') as HTMLImageElement | null;
    return img !== null && img.complete && img.naturalWidth > 0;
  }, undefined, { timeout: 30_000 });
  await page.getByTestId('refusal-motion-summary').waitFor();
  await shot(page, '43-dicom-refused-findings-ja', 'refusal-findings');
  await switchTo(page, 'en');
  await expectText(message, en['error.analysis.no-degrees-of-freedom']);
  assert.equal(await page.getByTestId('registration-check').count(), 0, 'nothing stored, so no registration check of a stored analysis');

  // A second run, in English: cancelled midway, nothing of it stored.
  await chooseDicomFolder(app, SESSION);
  await page.locator('#acquiredAt').fill('2022-07-11');
  // "No T1" is an explicit choice (the EPI-only route).
  await page.getByTestId('use-no-t1').check();
  assert.equal(await page.getByTestId('use-t1-5').isChecked(), false);
  await shot(page, '44-dicom-series-en', 'series-list');
  await page.getByTestId('analyse').click();
  await page.locator('[data-testid=analysis-stage][data-step=realign]').waitFor({ timeout: 120_000 });
  await shot(page, '45-dicom-progress-en', 'analysis-progress');
  await page.getByTestId('cancel-analysis').click();
  await expectText(page.getByTestId('analysis-message'), en['imaging.cancelled'], 60_000);
  assert.equal(await page.getByTestId('run-row').count(), 0);
  assert.deepEqual(app.internalErrors(), []);
  await app.close();

  const stored = inspectRecord(dataDir);
  assert.equal(stored.scans, 0, 'neither the refused nor the cancelled run stored a scan');
  assert.equal(stored.analyses, 0);
  const analysesDir = join(dataDir, 'analyses');
  assert.deepEqual(existsSync(analysesDir) ? readdirSync(analysesDir) : [], [], 'no folder left behind');
});

test('a stored DICOM analysis shows its registration check (image, agreement, coverage, motion) before the result, and can be rejected with a reason', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'krp-e2e-dicom-reg-'));
  try {
    seedPreprocessedPatient(dir, 'KET-302');
    const app = await (launcher ?? (launcher = await createLauncher())).launch(dir);
    const page = app.page;
    await page.setViewportSize({ width: 1280, height: 800 });
    await startSession(page, '佐藤 一郎');
    await page.getByTestId('patient-row').filter({ hasText: 'KET-302' }).click();
    await page.getByTestId('tab-imaging').click();
    const check = page.getByTestId('registration-check');
    await check.waitFor();
    await page.waitForFunction(() => {
      const img = document.querySelector('[data-testid=registration-image]') as HTMLImageElement | null;
      return img !== null && img.complete && img.naturalWidth === 480;
    }, undefined, { timeout: 30_000 });
    await expectText(page.getByTestId('registration-agreement'), '0.87');
    await expectText(page.getByTestId('registration-roi-coverage'), ja['roi.mpfc']);
    await page.getByTestId('motion-chart').waitFor();
    const checkBox = await check.boundingBox();
    const resultBox = await page.getByTestId('analysis-result').boundingBox();
    assert.ok(checkBox !== null && resultBox !== null && checkBox.y < resultBox.y, 'the registration check comes before the result');
    await shot(page, '46-dicom-registration-ja', 'registration-check');
    await page.getByTestId('motion-chart').scrollIntoViewIfNeeded();
    await screenshot(page, '47-dicom-motion-ja');
    await switchTo(page, 'en');
    await expectText(check, en['reg.title']);
    await shot(page, '48-dicom-registration-en', 'registration-check');

    // Rejecting needs a reason; then the analysis leaves the chart, with the reason in the trail.
    await page.getByTestId('reject-analysis').click();
    await page.getByTestId('reject-confirm').click();
    await expectText(page.getByTestId('reject-form'), en['reason.err.rejectRequired']);
    await expectText(page.getByTestId('reject-form'), en['reason.reject']);
    // The shared reason rules apply: an invisible character is refused, naming it.
    await page.getByTestId('reject-form').getByTestId('correction-reason').fill('Template\u200b outlines');
    await page.getByTestId('reject-confirm').click();
    await expectText(page.getByTestId('reject-form'), 'U+200B');
    await page.getByTestId('reject-form').getByTestId('correction-reason').fill('Template outlines do not follow the brain');
    await shot(page, '49-dicom-reject-en', 'reject-form');
    await page.getByTestId('reject-confirm').click();
    await expectText(page.locator('.runs'), en['imaging.runsEmpty'], 10_000);
    assert.equal(await page.getByTestId('registration-check').count(), 0);
    assert.deepEqual(app.internalErrors(), []);
    await app.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
