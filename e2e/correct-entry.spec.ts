/**
 * Correct entry and corrections (issue 10), keyboard first, Japanese UI: full-width (IME) input
 * accepted everywhere a number or code is typed; a full saved score sheet (NRS + HADS 14 + PCS 13)
 * re-typed over itself — equal digits, changed digits, Backspace, NRS 10, a pasted row — saves
 * exactly the typed items (compared item by item in the record file); corrections need a reason and
 * show a "corrected" mark and before → after with the reason in the audit view; removing an entry
 * asks for the removal's own reason.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createLauncher, screenshot, type AppHandle, type Launcher } from './support/launcher';
import { inspectRecord, inspectScores } from './support/record-inspector';
import { expectText, startSession, submitNewPatient, typeScores } from './support/steps';
import { ja } from '../renderer/i18n/catalog-ja';

let launcher: Launcher;
let dataDir: string;
let app: AppHandle;

before(async () => {
  launcher = await createLauncher();
  dataDir = mkdtempSync(join(tmpdir(), 'krp-e2e-correct-'));
  app = await launcher.launch(dataDir);
});
after(async () => {
  await app?.close();
  await launcher?.dispose();
  rmSync(dataDir, { recursive: true, force: true });
});

const digits = (s: string) => [...s].map(Number);
const HADS_1 = '21032103210321';
const PCS_1 = '4321043210432';
// Second sheet: some items equal to the saved ones (they must still advance), others changed.
const HADS_2 = '21132103310320';
const PCS_2 = '4321143210430';

test('full-width input, a re-typed score sheet saved item for item, corrections with a reason', async () => {
  const { page } = app;
  await page.locator('#username').waitFor();
  await startSession(page, '山田 花子');

  // Full-width code and months from the IME are the same values; a look-alike code collides.
  await submitNewPatient(page, 'ja', { displayCode: 'ＫＥＴ－０１４', painDurationMonths: '２４', birthYear: '１９６８' });
  await expectText(page.getByTestId('chart-code'), 'KET-014');
  assert.deepEqual(inspectRecord(dataDir).patients.map((p) => [p.displayCode, p.birthYear]), [['KET-014', 1968]]);
  await page.getByRole('button', { name: ja['nav.patients'], exact: true }).click();
  await submitNewPatient(page, 'ja', { displayCode: 'ket-014' });
  await expectText(page.getByTestId('form-error'), ja['error.record.duplicate-display-code']);
  await page.locator('#displayCode').fill('KET\u200B015');
  await page.locator('#displayCode').press('Enter');
  await expectText(page.locator('#displayCode-error'), ja['input.err.invisible-character'].replace('{codePoint}', 'U+200B'));
  assert.equal(inspectRecord(dataDir).patients.length, 1);
  await page.getByRole('button', { name: ja['patient.cancel'] }).click();
  await page.getByTestId('patient-row').filter({ hasText: 'KET-014' }).click();

  // Infusion: 「６２．５」 kg; a dose off the protocol is warned about, the total is shown.
  await page.getByTestId('new-infusion').click();
  await page.locator('#startedAt').fill('2025-06-01T09:00');
  await page.locator('#weightKg').fill('６２．５');
  await expectText(page.getByTestId('total-mg'), '18.75 mg');
  await page.locator('#doseMgPerKg').fill('０．５');
  await expectText(page.getByTestId('dose-warning'), ja['infusion.warnDose'].replace('{dose}', '0.5'));
  await expectText(page.getByTestId('total-mg'), '31.25 mg');
  await page.locator('#doseMgPerKg').fill('9');
  await expectText(page.getByTestId('total-mg'), ja['common.none']); // never a total from an invalid dose
  await page.locator('#doseMgPerKg').fill('0.3');
  await page.locator('#weightKg').press('Enter');
  await expectText(page.getByTestId('infusion-summary'), '62.5 kg × 0.3 mg/kg = 18.75 mg');

  // First sheet: NRS 10 ("1" then "0"), every HADS and PCS item; saved.
  await typeScores(page, 'pre', `10${HADS_1}${PCS_1}`, '2025-06-01T08:50');
  await page.keyboard.press('Enter');
  await expectText(page.getByTestId('nrs-pre'), '10');
  let stored = inspectScores(dataDir).scores;
  assert.deepEqual(stored.map((s) => [s.nrs, s.hads, s.pcs]), [[10, digits(HADS_1), digits(PCS_1)]]);

  // Re-type the saved sheet over itself with some digits equal and some changed, NRS 1 then a HADS digit.
  await page.getByTestId('edit-pre').click();
  await page.locator('#pre-nrs').focus();
  await page.keyboard.type(`1${HADS_2}${PCS_2}`);
  // Backspace on the last PCS item clears it in place; a retyped digit fills it again.
  await page.locator('#pre-pcs-13').focus();
  await page.keyboard.press('Backspace');
  assert.equal(await page.locator('#pre-pcs-13').inputValue(), '');
  await page.keyboard.type('１'); // full-width digit from the IME
  assert.equal(await page.locator('#pre-pcs-13').inputValue(), '1');
  await screenshot(page, '40-retyped-sheet-ja');
  await page.getByRole('button', { name: ja['assess.save'] }).click();
  await expectText(page.locator('#pre-reason-error'), ja['correct.err.reasonRequired']);
  assert.deepEqual(inspectScores(dataDir).scores[0]!.hads, digits(HADS_1), 'nothing stored without a reason');
  await page.locator('#pre-reason').fill('HADS 3, 9, 14 と PCS 5, 13 を原票で確認');
  await page.locator('#pre-reason').press('Enter');
  await expectText(page.getByTestId('nrs-pre'), '1');
  stored = inspectScores(dataDir).scores;
  const pcs2 = digits(PCS_2); pcs2[12] = 1;
  assert.deepEqual(stored.map((s) => [s.nrs, s.hads, s.pcs]), [[1, digits(HADS_2), pcs2]]);

  // A pasted row fills item after item from the focused one.
  await page.getByTestId('edit-pre').click();
  await page.locator('#pre-hads-1').focus();
  await page.evaluate(() => {
    const target = document.activeElement!;
    const data = new DataTransfer();
    data.setData('text/plain', '0 0 0 1');
    target.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  });
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'pre-hads-5');
  await page.locator('#pre-reason').fill('貼り付けで修正');
  await page.locator('#pre-reason').press('Enter');
  await expectText(page.getByTestId('nrs-pre'), '1');
  const hads3 = digits(HADS_2); hads3.splice(0, 4, 0, 0, 0, 1);
  assert.deepEqual(inspectScores(dataDir).scores[0]!.hads, hads3);

  // Infusion weight corrected with a reason: the chart marks it, the audit view shows before → after and why.
  await page.getByTestId('correct-infusion').click();
  await page.locator('#weightKg').fill('７２');
  await page.locator('#infusion-reason').fill('体重の転記ミス 62.5→72');
  await page.locator('#weightKg').press('Enter');
  await expectText(page.getByTestId('infusion-summary'), '72 kg × 0.3 mg/kg = 21.6 mg');
  await page.locator('[data-testid^=corrected-infusion-]').click();
  await expectText(page.getByTestId('correction-history'), '体重の転記ミス 62.5→72');
  await screenshot(page, '41-corrected-mark-ja');
  assert.deepEqual(inspectScores(dataDir).weights, [72]);
  assert.deepEqual(inspectScores(dataDir).corrections.map((c) => c.entity), ['assessment', 'assessment', 'infusion']);

  await page.getByTestId('tab-audit').click();
  await page.getByTestId('audit-corrections-only').check();
  await expectText(page.getByTestId('audit-change'), 'weightKg: 62.5 → 72');
  await expectText(page.getByTestId('audit-reason'), '体重の転記ミス 62.5→72');
  await screenshot(page, '42-audit-corrections-ja');

  // Removing an entry asks for the removal's reason (its own label and message, not a correction's);
  // nothing is removed without one.
  await page.getByTestId('tab-timeline').click();
  await page.getByTestId('remove-assessment-pre').click();
  const removeForm = page.getByTestId('remove-form-assessment-pre');
  await expectText(removeForm, ja['reason.remove']);
  await removeForm.getByTestId('correction-reason').press('Enter');
  await expectText(removeForm, ja['reason.err.removeRequired']);
  assert.equal(inspectScores(dataDir).scores.length, 1, 'nothing removed without a reason');
  await screenshot(page, '43-remove-reason-ja');
  await removeForm.getByTestId('correction-reason').fill('別の患者の評価を誤って入力');
  await removeForm.getByTestId('correction-reason').press('Enter');
  await removeForm.waitFor({ state: 'detached' });
  assert.equal(inspectScores(dataDir).scores.length, 0);
  assert.deepEqual(app.internalErrors(), []);
});
