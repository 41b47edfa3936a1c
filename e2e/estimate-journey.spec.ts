/**
 * Outcome & estimate and the Cohort page (issue 6), in English. With 5 calibration patients the
 * estimate is withheld, saying why and where the patient's z sits, with the published direction;
 * with 14 (≥ 12) it is shown with its 95 % prediction interval, P(responder), model n and version
 * and the research-use notice in both languages, beside the cohort scatter. The Cohort page shows
 * the site scatter, published vs site r, LOO metrics, and exports the cohort CSV.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { RESEARCH_USE_NOTICE_EN, RESEARCH_USE_NOTICE_JA } from '../shared/model';
import { createLauncher, type Launcher } from './support/launcher';
import { inspectRecord } from './support/record-inspector';
import { expectText, startSession } from './support/steps';
import { fullScreenshot, pixelVariance, shownNumber } from './support/imaging-steps';
import { seedSite, seedTreatedPatient } from './support/seed-record';
import { en } from '../renderer/i18n/catalog-en';

let launcher: Launcher;
let dataDir: string;
let outDir: string;

before(async () => {
  launcher = await createLauncher();
  dataDir = mkdtempSync(join(tmpdir(), 'krp-e2e-estimate-'));
  outDir = mkdtempSync(join(tmpdir(), 'krp-e2e-estimate-out-'));
});
after(async () => {
  await launcher?.dispose();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(outDir, { recursive: true, force: true });
});

async function openEstimate(page: Page, code: string): Promise<void> {
  await page.getByRole('button', { name: en['nav.patients'] }).click();
  const row = page.getByTestId('patient-row').filter({ hasText: code });
  await row.click();
  await expectText(page.getByTestId('chart-code'), code);
  await page.getByTestId('tab-estimate').click();
  await page.getByTestId('estimate-card').waitFor({ timeout: 15_000 });
}

async function startInEnglish(page: Page): Promise<void> {
  await page.getByRole('radio', { name: 'English' }).first().click();
  await startSession(page, 'Dr Hayashi');
}

test('withheld below the gate, shown with its interval above it; cohort page and export', async () => {
  // The target patient (z 0.1, NRS 8 → 3: 62.5 %, responder) and a 5-patient site.
  seedTreatedPatient(dataDir, { code: 'KET-200', z: 0.1, preNrs: 8, postNrs: 3 });
  seedSite(dataDir, 5, 'A');

  let app = await launcher.launch(dataDir);
  let page = app.page;
  await startInEnglish(page);
  await openEstimate(page, 'KET-200');
  await expectText(page.getByTestId('outcome'), 'NRS 8 → 3: 62.5% reduction');
  await expectText(page.getByTestId('response'), en['outcome.responder']);
  const card = page.getByTestId('estimate-card');
  assert.equal(await card.getAttribute('data-status'), 'withheld');
  await expectText(page.getByTestId('estimate-withheld'), en['estimate.withheld']);
  await expectText(page.getByTestId('estimate-withheld'), '5 calibration patients at this site with the same analysis settings; an individual estimate needs at least 10.');
  await expectText(page.getByTestId('estimate-percentile'), 'This patient’s z (0.10) is at the');
  await expectText(page.getByTestId('estimate-withheld'), 'lower mPFC–precuneus connectivity before treatment went with greater pain relief');
  assert.equal(await page.getByTestId('estimate-predicted').count(), 0, 'no number when withheld');
  await expectText(page.getByTestId('research-notice'), RESEARCH_USE_NOTICE_JA);
  await expectText(page.getByTestId('research-notice'), RESEARCH_USE_NOTICE_EN);
  await page.getByTestId('cohort-scatter').waitFor();
  await expectText(page.getByTestId('model-metrics'), `${en['cohort.slope']}—`); // no line to read an estimate off
  await fullScreenshot(page, '20-estimate-withheld-en');
  assert.deepEqual(app.internalErrors(), []);
  await app.close();

  // Nine more site patients: 14 calibration patients for KET-200 (itself left out).
  seedSite(dataDir, 9, 'B');
  app = await launcher.launch(dataDir);
  page = app.page;
  await startSession(page, 'Dr Hayashi');
  await openEstimate(page, 'KET-200');
  const shown = page.getByTestId('estimate-card');
  assert.equal(await shown.getAttribute('data-status'), 'provisional');
  await expectText(page.getByTestId('provisional'), en['estimate.provisional']);
  const predicted = await shownNumber(page.getByTestId('estimate-predicted'));
  const interval = (await page.getByTestId('estimate-interval').textContent()) ?? '';
  const bounds = [...interval.matchAll(/([−-]?[\d.]+)%/g)].map((m) => Number(m[1]!.replace('−', '-')));
  assert.equal(bounds.length, 2, `interval shown: "${interval}"`);
  assert.ok(bounds[0]! < predicted && predicted < bounds[1]!, `${predicted} inside ${bounds.join('–')}`);
  const pResponder = await shownNumber(page.getByTestId('estimate-presponder'));
  assert.ok(pResponder > 0 && pResponder < 100);
  await expectText(page.getByTestId('estimate-model'), 'calibrated on 14 patients of this site');
  await expectText(page.getByTestId('estimate-model'), /Model krp-ols-nrs-reduction-on-z:[0-9a-f]{12}: calibrated on 14 patients of this site \(7 responders, 7 non-responders\)/);
  await expectText(page.getByTestId('research-notice'), RESEARCH_USE_NOTICE_JA);
  await expectText(page.getByTestId('research-notice'), RESEARCH_USE_NOTICE_EN);
  await expectText(page.getByTestId('model-metrics'), '−0.76 (95 % CI −0.89 to −0.51, n = 24)');
  await expectText(page.getByTestId('loo-metrics'), '% points');
  const scatter = page.getByTestId('cohort-scatter');
  assert.ok(await pixelVariance(page, scatter) > 50, 'the scatter is drawn');
  await fullScreenshot(page, '21-estimate-shown-en');

  // Cohort page: the whole site (14 + KET-200), the published r beside the site's, export.
  await page.getByTestId('nav-cohort').click();
  await page.getByTestId('cohort-screen').waitFor();
  await expectText(page.getByTestId('cohort-n'), '15');
  await expectText(page.getByTestId('cohort-status'), en['cohort.status.provisional']);
  await expectText(page.getByTestId('published-r'), '−0.76');
  await expectText(page.getByTestId('site-r'), '95 % CI');
  await page.getByTestId('cohort-scatter').waitFor();
  const csv = join(outDir, 'cohort.csv');
  await app.answerSaveDialog(csv);
  await page.getByTestId('cohort-export-deid').click();
  await expectText(page.getByTestId('cohort-message'), `Exported 15 patients to ${csv}.`);
  assert.ok(!readFileSync(csv, 'utf8').includes('KET-200'), 'de-identified export has no display codes');
  await fullScreenshot(page, '22-cohort-en');
  assert.deepEqual(app.internalErrors(), []);
  await app.close();

  // Each estimate shown was stored with its model (chart review).
  assert.equal(inspectRecord(dataDir).estimates, 2);
});
