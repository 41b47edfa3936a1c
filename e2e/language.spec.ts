/**
 * The language switch changes every visible string: on each main screen, in Japanese no English
 * catalogue text is visible, and in English no Japanese catalogue text (nor any Japanese
 * character besides the "日本語" switch itself) is visible. Dates and numbers follow the language.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { createLauncher, screenshot, type AppHandle, type Launcher } from './support/launcher';
import { assertOnlyLanguage, expectText, foreignFragments, startSession, submitInfusion, submitNewPatient, typeScores } from './support/steps';
import { en } from '../renderer/i18n/catalog-en';
import { ja } from '../renderer/i18n/catalog-ja';

let launcher: Launcher;
let dataDir: string;
let app: AppHandle;

before(async () => {
  launcher = await createLauncher();
  dataDir = mkdtempSync(join(tmpdir(), 'krp-e2e-lang-'));
  app = await launcher.launch(dataDir);
});
after(async () => {
  await app?.close();
  await launcher?.dispose();
  rmSync(dataDir, { recursive: true, force: true });
});

async function switchTo(page: Page, lang: 'ja' | 'en'): Promise<void> {
  await page.getByRole('radio', { name: lang === 'ja' ? '日本語' : 'English' }).first().click();
  await expectText(page.getByTestId('research-banner'), lang === 'ja' ? ja['app.banner'] : en['app.banner']);
}

/** Checks the screen in both languages (screenshots of each) and leaves it in English. */
async function checkBoth(page: Page, name: string): Promise<void> {
  await switchTo(page, 'ja');
  await assertOnlyLanguage(page, 'ja', name);
  await screenshot(page, `${name}-ja`);
  await switchTo(page, 'en');
  await assertOnlyLanguage(page, 'en', name);
  await screenshot(page, `${name}-en`);
}

test('the checks have something to find: each catalogue has fragments foreign to the other', () => {
  assert.ok(foreignFragments('ja').includes('Ketamine Response Predictor'));
  assert.ok(foreignFragments('en').includes('ケタミン反応予測'));
  assert.ok(foreignFragments('ja').length > 150 && foreignFragments('en').length > 150);
});

test('every main screen in Japanese and in English', async () => {
  const { page } = app;
  await page.locator('#username').waitFor();
  await checkBoth(page, '20-start');

  await startSession(page, 'Dr Lang');
  await submitNewPatient(page, 'en', { displayCode: 'KET-200', hospitalId: 'H-77', birthYear: '1981', sex: 'male', diagnosis: 'CRPS', painDurationMonths: '14', psychiatricHistory: 'no', abnormalMri: 'yes' });
  await page.getByTestId('chart-code').waitFor();
  await submitInfusion(page, '2025-03-04T14:30', '80');
  await page.getByTestId('infusion-summary').waitFor();
  await typeScores(page, 'pre', '6' + '1'.repeat(14) + '2'.repeat(13));
  await page.keyboard.press('Enter');
  await page.getByTestId('nrs-pre').waitFor();
  await typeScores(page, 'post60', '4');
  await page.keyboard.press('Enter');
  await page.getByTestId('nrs-post60').waitFor();
  await checkBoth(page, '21-chart');

  // Dates and numbers follow the language: 4 March 2025 14:30; 100 × (6 − 4) / 6 = 33.3 %.
  await switchTo(page, 'ja');
  await expectText(page.locator('[data-testid=infusion] .when'), '2025/03/04 14:30');
  await expectText(page.locator('[data-testid=infusion] [data-testid=outcome]'), 'NRS 6 → 4: 33.3% 低下');
  await switchTo(page, 'en');
  await expectText(page.locator('[data-testid=infusion] .when'), '4 Mar 2025, 14:30');
  await expectText(page.locator('[data-testid=infusion] [data-testid=outcome]'), 'NRS 6 → 4: 33.3% reduction');
  await expectText(page.locator('[data-testid=infusion] [data-testid=response]'), en['outcome.nonResponder']);

  await page.getByTestId('record-pre').count().then((n) => assert.equal(n, 0));
  await page.getByRole('button', { name: en['assess.edit'] }).first().click();
  await page.getByTestId('assessment-form-pre').waitFor();
  await checkBoth(page, '22-score-form');
  await page.keyboard.press('Escape');

  await page.getByTestId('tab-audit').click();
  await page.getByTestId('audit-table').waitFor();
  await checkBoth(page, '23-audit');

  await page.getByRole('button', { name: en['nav.patients'], exact: true }).click();
  await page.getByTestId('patient-row').first().waitFor();
  await checkBoth(page, '24-patient-list');

  await page.getByRole('button', { name: en['list.new'] }).click();
  await page.locator('#displayCode').press('Enter'); // empty: shows the field's message too
  await page.locator('#displayCode-error').waitFor();
  await checkBoth(page, '25-new-patient');
  await page.getByRole('button', { name: en['patient.cancel'] }).click();

  await page.getByRole('button', { name: en['nav.settings'], exact: true }).click();
  await page.getByTestId('verify-audit').click();
  await page.getByTestId('settings-message').waitFor();
  await checkBoth(page, '26-settings');
  assert.deepEqual(app.internalErrors(), []);
});
