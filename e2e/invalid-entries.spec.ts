/**
 * Invalid entries show their specific messages and store nothing: checked on screen and in the
 * record file itself. Includes refusals only the store can make (duplicate code, 60-min scores
 * earlier than the pre scores) and a malformed call straight at window.krp.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createLauncher, screenshot, type AppHandle, type Launcher } from './support/launcher';
import { inspectRecord } from './support/record-inspector';
import { expectText, startSession, submitInfusion, submitNewPatient, typeScores } from './support/steps';
import { en } from '../renderer/i18n/catalog-en';

let launcher: Launcher;
let dataDir: string;
let app: AppHandle;

before(async () => {
  launcher = await createLauncher();
  dataDir = mkdtempSync(join(tmpdir(), 'krp-e2e-invalid-'));
  app = await launcher.launch(dataDir);
});
after(async () => {
  await app?.close();
  await launcher?.dispose();
  rmSync(dataDir, { recursive: true, force: true });
});

test('invalid entries: messages shown, nothing stored', async () => {
  const { page } = app;
  // Start screen in English; an empty name is refused.
  await page.locator('#username').waitFor();
  await page.getByRole('radio', { name: 'English' }).click();
  await page.locator('#username').press('Enter');
  await expectText(page.locator('#username-error'), en['signin.err.usernameRequired']);
  await startSession(page, 'Dr Sato');

  // New patient: every field checked with its own message; nothing stored.
  await submitNewPatient(page, 'en', { displayCode: '   ', birthYear: '19x0', painDurationMonths: '-3' });
  await expectText(page.locator('#displayCode-error'), en['patient.err.displayCode']);
  await expectText(page.locator('#birthYear-error'), en['patient.err.birthYear']);
  await expectText(page.locator('#painDurationMonths-error'), en['patient.err.painDuration']);
  await expectText(page.getByTestId('form-error'), en['common.fixErrors']);
  await screenshot(page, '10-new-patient-invalid-en');
  assert.equal(inspectRecord(dataDir).patients.length, 0);
  await page.getByRole('button', { name: en['patient.cancel'] }).click();

  // A valid patient, then the same display code again: the store refuses, the page says why.
  await submitNewPatient(page, 'en', { displayCode: 'KET-100', painDurationMonths: '6' });
  await expectText(page.getByTestId('chart-code'), 'KET-100');
  await page.getByRole('button', { name: en['nav.patients'], exact: true }).click();
  await submitNewPatient(page, 'en', { displayCode: 'KET-100' });
  await expectText(page.getByTestId('form-error'), en['error.record.duplicate-display-code']);
  assert.equal(inspectRecord(dataDir).patients.length, 1);
  await page.getByRole('button', { name: en['patient.cancel'] }).click();
  await page.getByTestId('patient-row').filter({ hasText: 'KET-100' }).click();
  await page.getByTestId('chart-code').waitFor();

  // Infusion: weight 0, 450 kg, a dose of 7 mg/kg, an empty start: each refused in words.
  await submitInfusion(page, '', '0', '7');
  await expectText(page.locator('#startedAt-error'), en['infusion.err.startedAt']);
  await expectText(page.locator('#weightKg-error'), en['infusion.err.weight']);
  await expectText(page.locator('#doseMgPerKg-error'), en['infusion.err.dose']);
  await page.locator('#weightKg').fill('450');
  await page.locator('#weightKg').press('Enter');
  await expectText(page.locator('#weightKg-error'), en['infusion.err.weight']);
  await screenshot(page, '11-infusion-invalid-en');
  assert.equal(inspectRecord(dataDir).infusions, 0);
  await page.locator('#startedAt').fill('2025-06-02T09:00');
  await page.locator('#weightKg').fill('70');
  await page.locator('#doseMgPerKg').fill('0.5');
  await expectText(page.getByTestId('total-mg'), '35 mg');
  await page.locator('#weightKg').press('Enter');
  await expectText(page.getByTestId('infusion-summary'), '70 kg × 0.5 mg/kg = 35 mg over 30 min');

  // Scores: NRS 7 moves on to HADS item 1, where 5 is out of range (the cursor stays); PCS item 1 = 9
  // likewise; NRS 12 too. Nothing stored.
  await typeScores(page, 'pre', '75');
  await expectText(page.getByTestId('item-errors'), 'HADS item 1 must be 0, 1, 2 or 3.');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'pre-hads-1');
  await page.locator('#pre-hads-1').fill('1');
  await page.locator('#pre-pcs-1').fill('9');
  await expectText(page.getByTestId('item-errors'), 'PCS item 1 must be 0, 1, 2, 3 or 4.');
  await page.locator('#pre-nrs').fill('12');
  await page.locator('#pre-nrs').press('Enter');
  await expectText(page.locator('#pre-nrs-error'), en['assess.err.nrs']);
  await expectText(page.getByTestId('form-error'), en['common.fixErrors']);
  await screenshot(page, '12-scores-invalid-en');
  assert.equal(inspectRecord(dataDir).assessments, 0);

  // Corrected: saved.
  await page.locator('#pre-nrs').fill('6');
  await page.locator('#pre-pcs-1').fill('');
  await page.locator('#pre-recordedAt').fill('2025-06-02T08:55');
  await page.locator('#pre-nrs').press('Enter');
  await expectText(page.getByTestId('nrs-pre'), '6');
  assert.equal(inspectRecord(dataDir).assessments, 1);

  // 60-min scores dated before the pre scores: refused by the store with its specific message.
  await typeScores(page, 'post60', '2', '2025-06-02T08:00');
  await page.locator('#post60-nrs').press('Enter');
  await expectText(page.getByTestId('form-error'), /60-minute|before/);
  assert.equal(inspectRecord(dataDir).assessments, 1);

  // A malformed call straight at the bridge is refused by the contract before the store sees it.
  const refused = await page.evaluate(async () => {
    try {
      await (window.krp!.patients.create as (a: unknown) => Promise<unknown>)({ displayCode: 'X', sex: 'robot', extra: 1 });
      return null;
    } catch (e) {
      return e as { code: string; message: string };
    }
  });
  assert.equal(refused?.code, 'ipc.invalid-argument');
  assert.match(refused?.message ?? '', /unknown field "extra"|sex: expected one of/);
  assert.equal(inspectRecord(dataDir).patients.length, 1);
  assert.deepEqual(app.internalErrors(), []);
});
