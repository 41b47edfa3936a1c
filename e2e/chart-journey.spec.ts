/**
 * The physician's daily journey, end to end: first start → clinician name → new patient →
 * infusion → pre and 60-min scores (keyboard only) → responder status → audit trail → backup and
 * export → restore → reopen the app on the same data folder and find everything still there.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createLauncher, screenshot, type Launcher } from './support/launcher';
import { inspectRecord } from './support/record-inspector';
import { expectText, startSession, submitInfusion, submitNewPatient, typeScores } from './support/steps';
import { ja } from '../renderer/i18n/catalog-ja';

let launcher: Launcher;
let dataDir: string;
let outDir: string;

before(async () => {
  launcher = await createLauncher();
  dataDir = mkdtempSync(join(tmpdir(), 'krp-e2e-journey-'));
  outDir = mkdtempSync(join(tmpdir(), 'krp-e2e-out-'));
});
after(async () => {
  await launcher?.dispose();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(outDir, { recursive: true, force: true });
});

// HADS items 1–14 typed as 2,1,0,2,1,0,2,1,0,2,1,0,2,1: anxiety (odd items) 2+0+1+2+0+1+2 = 8
// (borderline 8–10), depression (even items) 1+2+0+1+2+0+1 = 7 (normal).
const HADS = '21021021021021';
// PCS items 1–13 typed as 4,3,2,1,0,4,3,2,1,0,4,3,2: total 29 (below 30), rumination (8–11)
// 2+1+0+4 = 7, magnification (6,7,13) 4+3+2 = 9, helplessness (1–5,12) 4+3+2+1+0+3 = 13.
const PCS = '4321043210432';

test('first start to responder status, audit, backup, export, restore and reopen', async () => {
  let app = await launcher.launch(dataDir);
  let page = app.page;

  // First start: Japanese by default, research banner, the first administrator is created.
  await page.locator('#username').waitFor();
  await expectText(page.getByTestId('research-banner'), ja['app.banner']);
  await screenshot(page, '01-start-ja');
  await startSession(page, '山田 花子');
  await expectText(page.getByTestId('clinician'), '山田 花子');
  await expectText(page.locator('.empty'), ja['list.emptyAll']);

  // New patient.
  await page.getByRole('button', { name: ja['list.new'] }).click();
  await page.locator('#displayCode').waitFor();
  await screenshot(page, '02-new-patient-ja');
  await page.getByRole('button', { name: ja['patient.cancel'] }).click();
  await submitNewPatient(page, 'ja', {
    displayCode: 'KET-001', hospitalId: 'H-0012345', birthYear: '1970', sex: 'female',
    diagnosis: '複合性局所疼痛症候群', painDurationMonths: '24', psychiatricHistory: 'no', abnormalMri: 'no',
  });
  await expectText(page.getByTestId('chart-code'), 'KET-001');
  // Keyboard: after saving, the focus is on the new chart's heading (not lost to the page body).
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'chart-title', 'focus on the chart heading after saving');
  await expectText(page.getByTestId('eligibility'), ja['elig.overall.unknown']); // no scan yet

  // Infusion: 62.5 kg × 0.3 mg/kg = 18.75 mg shown live before saving.
  await page.getByTestId('new-infusion').click();
  await page.locator('#startedAt').fill('2025-06-01T09:00');
  await page.locator('#weightKg').fill('62.5');
  await expectText(page.getByTestId('total-mg'), '18.75 mg');
  await screenshot(page, '03-infusion-form-ja');
  await page.getByTestId('new-infusion').count().then((n) => assert.equal(n, 0));
  await page.locator('#weightKg').press('Enter');
  await expectText(page.getByTestId('infusion-summary'), '62.5 kg × 0.3 mg/kg = 18.75 mg（30 分）');

  // Pre scores, keyboard only: NRS 8, then every HADS and PCS item; live totals.
  await typeScores(page, 'pre', `8${HADS}${PCS}`);
  await expectText(page.getByTestId('hads-anxiety'), `8 · ${ja['hads.band.borderline']}`);
  await expectText(page.getByTestId('hads-depression'), `7 · ${ja['hads.band.normal']}`);
  await expectText(page.getByTestId('pcs-total'), '29');
  await screenshot(page, '04-pre-scores-ja');
  await page.keyboard.press('Enter'); // the cursor is on Save after the last item
  await expectText(page.getByTestId('nrs-pre'), '8');

  // 60-minute scores: NRS 3, Enter. 100 × (8 − 3) / 8 = 62.5 % ≥ 50 %: responder.
  await typeScores(page, 'post60', '3');
  await page.keyboard.press('Enter');
  await expectText(page.getByTestId('nrs-post60'), '3');
  await expectText(page.locator('[data-testid=infusion] [data-testid=outcome]'), 'NRS 8 → 3: 62.5% 低下');
  await expectText(page.locator('[data-testid=infusion] [data-testid=response]'), ja['outcome.responder']);
  await screenshot(page, '05-chart-ja');

  // Audit view of the patient: created patient, infusion, two score sets, chart opened.
  await page.getByTestId('tab-audit').click();
  await page.getByTestId('audit-table').waitFor();
  const actions = await page.getByTestId('audit-row').evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].slice(2, 5).map((td) => td.textContent ?? '').join('|')));
  for (const expected of [
    `山田 花子|${ja['audit.action.create']}|${ja['audit.entity.patient']}`,
    `山田 花子|${ja['audit.action.create']}|${ja['audit.entity.infusion']}`,
    `山田 花子|${ja['audit.action.open-chart']}|${ja['audit.entity.patient']}`,
  ]) {
    assert.ok(actions.some((a) => a.startsWith(expected)), `audit view lacks "${expected}" in ${JSON.stringify(actions)}`);
  }
  assert.equal(actions.filter((a) => a.startsWith(`山田 花子|${ja['audit.action.create']}|${ja['audit.entity.assessment']}`)).length, 2);
  await screenshot(page, '06-audit-ja');

  // Settings: backup and identified export through the (scripted) save dialog.
  await page.getByRole('button', { name: ja['nav.settings'] }).click();
  const backupPath = join(outDir, 'backup.sqlite');
  await app.answerSaveDialog(backupPath);
  await page.getByTestId('backup').click();
  await expectText(page.getByTestId('settings-message'), 'バックアップを保存しました');
  assert.ok(existsSync(backupPath), 'backup file written');
  const csvPath = join(outDir, 'cohort.csv');
  await app.answerSaveDialog(csvPath);
  await page.getByTestId('export').click();
  await expectText(page.getByTestId('settings-message'), `1 人分を ${csvPath} に出力しました。`);
  assert.match(readFileSync(csvPath, 'utf8'), /KET-001/);
  await app.answerSaveDialog(null);
  await page.getByTestId('export-deid').click();
  await expectText(page.getByTestId('settings-message'), ja['settings.cancelled']);
  await screenshot(page, '07-settings-ja');

  // Restore the backup (after confirming): the record is as it was when backed up, plus a
  // 'restore' audit row; the export made after the backup is no longer in the trail.
  page.once('dialog', (dialog) => { void dialog.accept(); });
  await app.answerOpenDialog(backupPath);
  await page.getByTestId('restore').click();
  await expectText(page.getByTestId('settings-message'), `${backupPath} から復元しました。`);
  assert.deepEqual(app.internalErrors(), []);
  await app.close();

  // Reopen: the start screen remembers the user name (the password is asked again); the list and the chart still hold everything.
  app = await launcher.launch(dataDir);
  page = app.page;
  const name = page.locator('#username');
  await name.waitFor();
  assert.equal(await name.inputValue(), '山田 花子');
  await startSession(page, '山田 花子');
  const row = page.getByTestId('patient-row').filter({ hasText: 'KET-001' });
  await row.waitFor();
  await expectText(row, ja['outcome.responder']);
  await expectText(row, '62.5%');
  await screenshot(page, '08-patient-list-ja');
  await row.focus();
  await page.keyboard.press('Enter');
  await expectText(page.getByTestId('chart-code'), 'KET-001');
  await expectText(page.getByTestId('infusion-summary'), '18.75 mg');
  await expectText(page.getByTestId('nrs-pre'), '8');
  await expectText(page.getByTestId('nrs-post60'), '3');
  await expectText(page.getByTestId('hads-anxiety'), `8 · ${ja['hads.band.borderline']}`);
  await expectText(page.locator('[data-testid=infusion] [data-testid=response]'), ja['outcome.responder']);
  assert.deepEqual(app.internalErrors(), []);
  await app.close();

  // What the file holds, read through the store.
  const stored = inspectRecord(dataDir);
  assert.equal(stored.patients.length, 1);
  assert.equal(stored.patients[0]!.preNrs, 8);
  assert.equal(stored.patients[0]!.post60Nrs, 3);
  assert.equal(stored.infusions, 1);
  assert.equal(stored.assessments, 2);
  const userId = stored.audit.find((e) => e.action === 'sign-in')?.userId;
  assert.ok(typeof userId === 'number', 'the sign-in names the user');
  const clinical = stored.audit.filter((e) => !['database', 'user', 'session'].includes(e.entity));
  assert.ok(clinical.length > 0 && clinical.every((e) => e.clinician === '山田 花子' && e.userId === userId), 'every change signed by the signed-in user (name and id)');
  assert.deepEqual(
    stored.audit.filter((e) => e.action !== 'open-chart' && e.action !== 'migrate' && e.entity !== 'session' && e.entity !== 'user').map((e) => `${e.action}:${e.entity}`).reverse(),
    ['create:patient', 'create:infusion', 'create:assessment', 'create:assessment', 'restore:database'],
  );
});
