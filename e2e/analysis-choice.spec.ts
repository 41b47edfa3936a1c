/**
 * Choosing which analysis counts (issue 10), in English: a patient with two runs of the same scan
 * (z 0.1, then z 0.9). The newest counts until the clinician picks the other one with a reason
 * (refused without one); then the runs table marks it in use and corrected, the note says who
 * chose it, when and why, the estimate uses its z, and the audit view shows the change and reason.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { RecordStore } from '../electron/services/record/record-store';
import { analysisInput } from '../electron/services/record/record-fixtures';
import { defaultSettingsHash } from '../electron/services/estimate-service';
import { DATABASE_FILE } from '../electron/shell/data-folder';
import { en } from '../renderer/i18n/catalog-en';
import { createLauncher, type Launcher } from './support/launcher';
import { expectText, startSession } from './support/steps';
import { fullScreenshot } from './support/imaging-steps';
import { seedSite, seedTreatedPatient } from './support/seed-record';

let launcher: Launcher;
let dataDir: string;

before(async () => {
  launcher = await createLauncher();
  dataDir = mkdtempSync(join(tmpdir(), 'krp-e2e-choice-'));
});
after(async () => {
  await launcher?.dispose();
  rmSync(dataDir, { recursive: true, force: true });
});

const openStore = () => RecordStore.open(join(dataDir, DATABASE_FILE), { actor: { clinician: 'e2e seed', osUser: 'e2e' } });

async function openTab(page: Page, tab: 'imaging' | 'estimate' | 'audit'): Promise<void> {
  await page.getByTestId(`tab-${tab}`).click();
  if (tab === 'estimate') await page.getByTestId('estimate-card').waitFor({ timeout: 15_000 });
}

test('the clinician chooses the analysis that counts, with a reason; chart, estimate and audit follow', async () => {
  const patientId = seedTreatedPatient(dataDir, { code: 'KET-300', z: 0.1, preNrs: 8, postNrs: 3 });
  seedSite(dataDir, 5, 'S');
  const store = openStore();
  const first = store.analysisInUse(patientId)!;
  const second = store.addAnalysis({ ...analysisInput(first.scanId, Math.tanh(0.9), defaultSettingsHash()), seedMap: null, meanImage: null });
  store.close();

  const app = await launcher.launch(dataDir);
  const page = app.page;
  await page.getByRole('radio', { name: 'English' }).first().click();
  await startSession(page, 'Dr Hayashi');
  await page.getByRole('button', { name: en['nav.patients'] }).click();
  await page.getByTestId('patient-row').filter({ hasText: 'KET-300' }).click();
  await expectText(page.getByTestId('chart-code'), 'KET-300');

  await openTab(page, 'imaging');
  const rows = page.getByTestId('run-row');
  await rows.nth(1).waitFor();
  assert.equal(await rows.count(), 2);
  await expectText(page.getByTestId('analysis-in-use-note'), 'The estimate uses the newest analysis');
  await expectText(rows.filter({ has: page.getByTestId('analysis-in-use') }), '0.900');
  await openTab(page, 'estimate');
  await expectText(page.getByTestId('estimate-percentile'), 'This patient’s z (0.90)');

  await openTab(page, 'imaging');
  await page.getByTestId(`choose-analysis-${first.id}`).click();
  const form = page.getByTestId('choose-analysis-form');
  await form.waitFor();
  await page.getByTestId('choose-analysis-confirm').click();
  await expectText(form, en['reason.err.chooseRequired']);
  await expectText(form, en['reason.choose']);
  await fullScreenshot(page, '44-choose-reason-en');
  await page.getByTestId('correction-reason').fill('Run 2: head moved 3 mm');
  await page.getByTestId('choose-analysis-confirm').click();
  await expectText(page.getByTestId('analysis-in-use-note'), 'chosen by Dr Hayashi');
  await expectText(page.getByTestId('analysis-in-use-note'), 'Run 2: head moved 3 mm');
  await expectText(rows.filter({ has: page.getByTestId('analysis-in-use') }), '0.100');
  await page.getByTestId(`corrected-analysis-${first.id}`).waitFor();
  await page.getByTestId(`choose-analysis-${second.id}`).waitFor();
  await fullScreenshot(page, '40-analysis-choice-en');

  await openTab(page, 'estimate');
  await expectText(page.getByTestId('estimate-percentile'), 'This patient’s z (0.10)');
  await openTab(page, 'audit');
  const change = page.getByTestId('audit-row').filter({ hasText: 'Run 2: head moved 3 mm' });
  await expectText(change, `analysisInUse: ${second.id} → ${first.id}`);
  assert.deepEqual(app.internalErrors(), []);
  await app.close();

  const after = openStore();
  try {
    assert.deepEqual(after.listAnalysisChoices(patientId).map((c) => [c.analysisId, c.reason, c.clinician]), [[first.id, 'Run 2: head moved 3 mm', 'Dr Hayashi']]);
    assert.equal(after.verifyAudit().ok, true);
  } finally {
    after.close();
  }
});
