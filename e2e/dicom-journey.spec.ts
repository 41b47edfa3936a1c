/**
 * DICOM journey (issue 13): the real Siemens XA30 session (../shared/data/dicom/siemens-xa30/) is
 * chosen as a folder; both series are listed with the resting BOLD and the T1 pre-selected and the
 * files' patient identity beside the chart's; the analysis converts, realigns, normalizes and
 * analyses it in the worker with the running step named on one bar; the registration check (image,
 * agreement, ROI coverage, motion) and the result appear. A second run is cancelled midway and
 * nothing of it is stored. Screenshots at 1280×800 in Japanese and English. Skips cleanly when the
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
import { recordedStages, shownNumber, startStageRecorder } from './support/imaging-steps';
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

test('DICOM folder → series picker → steps\' progress → registration check and result; a cancelled run stores nothing', { skip: present ? false : `skipped: ${SESSION} is absent (shared test data)` }, async () => {
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
  await expectText(page.getByTestId('analysis-message'), ja['imaging.done'], 600_000);
  const { stages, fractions } = await recordedStages(page);
  for (const step of ['convert', 'realign', 'normalize', 'resample'] as const) {
    assert.ok(stages.some((s) => s.includes(ja[`step.${step}`])), `step ${step} shown: ${stages.join(' | ')}`);
  }
  assert.ok(stages.some((s) => s.includes(ja['stage.denoising'])), 'then the analysis proper');
  assert.ok(fractions.every((f, i) => i === 0 || f >= fractions[i - 1]!), 'progress never goes back');

  // The registration check before the result: image, agreement, ROI coverage, motion.
  const check = page.getByTestId('registration-check');
  await check.waitFor();
  await page.waitForFunction(() => {
    const img = document.querySelector('[data-testid=registration-image]') as HTMLImageElement | null;
    return img !== null && img.complete && img.naturalWidth > 100;
  }, undefined, { timeout: 30_000 });
  const agreement = Number(((await page.getByTestId('registration-agreement').textContent()) ?? '').split(/[（(]/)[0]!.trim());
  assert.ok(agreement >= 0.8 && agreement <= 1, `agreement ${agreement} passed its threshold`);
  await expectText(page.getByTestId('registration-roi-coverage'), ja['roi.mpfc']);
  await page.getByTestId('motion-chart').waitFor();
  const checkBox = await check.boundingBox();
  const resultBox = await page.getByTestId('analysis-result').boundingBox();
  assert.ok(checkBox !== null && resultBox !== null && checkBox.y < resultBox.y, 'the registration check comes before the result');
  const z = await shownNumber(page.getByTestId('result-z'));
  assert.ok(Number.isFinite(z) && Math.abs(z) < 3, `z ${z}`);
  await shot(page, '42-dicom-registration-ja', 'registration-check');
  await switchTo(page, 'en');
  await expectText(check, en['reg.title']);
  await shot(page, '43-dicom-registration-en', 'registration-check');

  // A second run, in English: cancelled midway, nothing of it stored.
  await chooseDicomFolder(app, SESSION);
  await page.locator('#acquiredAt').fill('2022-07-11');
  await shot(page, '44-dicom-series-en', 'series-list');
  await page.getByTestId('analyse').click();
  await page.locator('[data-testid=analysis-stage][data-step=realign]').waitFor({ timeout: 120_000 });
  await shot(page, '45-dicom-progress-en', 'analysis-progress');
  await page.getByTestId('cancel-analysis').click();
  await expectText(page.getByTestId('analysis-message'), en['imaging.cancelled'], 60_000);
  assert.equal(await page.getByTestId('run-row').count(), 1);
  assert.deepEqual(app.internalErrors(), []);
  await app.close();

  const stored = inspectRecord(dataDir);
  assert.equal(stored.scans, 1, 'only the first run\'s scan is stored');
  assert.equal(stored.analyses, 1, 'only the completed analysis is stored');
  const folders = readdirSync(join(dataDir, 'analyses'));
  assert.equal(folders.length, 1, 'only the completed run left a folder');
  assert.ok(readdirSync(join(dataDir, 'analyses', folders[0]!)).includes('registration_check.png'), 'the registration check image is stored with the analysis');
});
