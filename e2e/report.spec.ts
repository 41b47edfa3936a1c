/**
 * The one-page report (issue 6), in Japanese: a patient of a 12-patient site with a phantom scan
 * analysed through the UI and pre/post scores; the report shows identity, scan/QC with the viewer
 * snapshot, z, the scores table, outcome, the estimate with its interval and the notice; saved as
 * PDF through Chromium printing (one A4 page), its text checked with pdftotext (both notices, the
 * z, the code; the hospital ID only when identified) and rendered with pdftoppm for inspection.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { RESEARCH_USE_NOTICE_EN, RESEARCH_USE_NOTICE_JA } from '../shared/model';
import { writePhantom, type WrittenPhantom } from '../electron/analysis/phantom/write-phantom';
import { createLauncher, SCREENSHOT_DIR, type Launcher } from './support/launcher';
import { expectText, startSession } from './support/steps';
import { chooseImagingFile, fullScreenshot, shownNumber } from './support/imaging-steps';
import { seedSite, seedTreatedPatient } from './support/seed-record';
import { inspectRecord } from './support/record-inspector';
import { ja } from '../renderer/i18n/catalog-ja';
import { en } from '../renderer/i18n/catalog-en';

let launcher: Launcher;
let dataDir: string;
let outDir: string;
let phantom: WrittenPhantom;

before(async () => {
  launcher = await createLauncher();
  dataDir = mkdtempSync(join(tmpdir(), 'krp-e2e-report-'));
  outDir = mkdtempSync(join(tmpdir(), 'krp-e2e-report-out-'));
  phantom = await writePhantom({ z: 0.25, gridMm: 3, volumes: 100, seed: 33 }, join(outDir, 'phantom'));
});
after(async () => {
  await launcher?.dispose();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(outDir, { recursive: true, force: true });
});

const squash = (text: string) => text.replace(/\s+/g, '');
const pdfText = (path: string) => execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' });
const pdfPages = (path: string) => Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [path], { encoding: 'utf8' }))?.[1]);

test('report: one A4 page with snapshot, scores, estimate and notices; identified and de-identified PDFs', async () => {
  seedSite(dataDir, 12, 'S');
  seedTreatedPatient(dataDir, { code: 'KET-300', preNrs: 7, postNrs: 2 });
  const app = await launcher.launch(dataDir);
  const page = app.page;
  await startSession(page, '山田 花子');
  // The institution name for the report header (Settings; full-width letters are normalised).
  await page.getByRole('button', { name: ja['nav.settings'], exact: true }).click();
  await page.getByTestId('institution-input').fill('ＫＲＰ大学病院　ペインクリニック');
  await page.getByTestId('institution-save').click();
  await expectText(page.getByTestId('institution-setting').getByRole('status'), ja['settings.institutionSaved']);
  await page.getByRole('button', { name: ja['nav.patients'], exact: true }).click();
  await page.getByTestId('patient-row').filter({ hasText: 'KET-300' }).click();
  await expectText(page.getByTestId('chart-code'), 'KET-300');

  // The scan, analysed through the UI (real images for the viewer snapshot).
  await page.getByTestId('tab-imaging').click();
  await chooseImagingFile(app, 'bold', phantom.boldPath);
  await chooseImagingFile(app, 'confounds', phantom.motionPath!);
  await page.getByTestId('space-decision').waitFor();
  await page.locator('#acquiredAt').fill('2025-01-20');
  await page.getByTestId('analyse').click();
  await expectText(page.getByTestId('analysis-message'), ja['imaging.done'], 120_000);
  const z = await shownNumber(page.getByTestId('result-z'));

  // The imaging tab's viewer has loaded (its volumes block the page's main thread while they load on a busy machine).
  await page.locator('[data-testid=brain-viewer]:not([data-state=loading])').waitFor({ timeout: 90_000 });
  // The report view: ready once the snapshot and the estimate are in.
  await page.getByTestId('open-report').click({ timeout: 90_000 });
  await page.locator('[data-testid=report-page][data-ready=yes]').waitFor({ timeout: 30_000 });
  await page.getByTestId('report-snapshot').waitFor();
  const snapshotWidth = await page.getByTestId('report-snapshot').evaluate((img) => (img as HTMLImageElement).naturalWidth);
  assert.ok(snapshotWidth > 100, `snapshot image ${snapshotWidth}px wide`);
  await expectText(page.getByTestId('report-z'), String(z));
  await expectText(page.getByTestId('report-reduction'), 'NRS 7 → 2: 71.4% 低下');
  await expectText(page.getByTestId('report-estimate'), '95% 予測区間');
  await expectText(page.getByTestId('report-hospital-id'), 'H-KET-300');
  await expectText(page.getByTestId('report-institution'), 'KRP大学病院 ペインクリニック');
  // HADS bands beside the scores (seeded pre: anxiety 15 → abnormal), the scales' notes, the scatter, signature and footer.
  await expectText(page.getByTestId('report-scores'), `15 ${ja['hads.band.abnormal']}`);
  await expectText(page.getByTestId('report-scale-notes'), ja['report.hadsBands']);
  await page.getByTestId('report-scatter').locator('canvas').waitFor();
  await expectText(page.getByTestId('report-legend'), ja['roi.precuneus']);
  await expectText(page.getByTestId('report-signature'), ja['report.signature']);
  await expectText(page.getByTestId('report-audit-head'), /監査ヘッド \d+:[0-9a-f]{12}/);
  await fullScreenshot(page, '30-report-ja');

  // Identified PDF.
  const identified = join(outDir, 'report.pdf');
  await app.answerSaveDialog(identified);
  await page.getByTestId('report-save').click();
  await expectText(page.getByTestId('report-message'), identified, 30_000);
  assert.equal(pdfPages(identified), 1, 'one page');
  const text = pdfText(identified);
  for (const expected of [RESEARCH_USE_NOTICE_JA, RESEARCH_USE_NOTICE_EN, `${ja['imaging.z']}${z}`, 'KET-300', 'H-KET-300', '95%予測区間', '山田花子',
    'KRP大学病院ペインクリニック', ja['report.signature'], '1/1ページ', ja['report.hadsBands'], ja['report.scatter']]) {
    assert.ok(squash(text).includes(squash(expected)), `PDF text lacks "${expected}":\n${text}`);
  }
  execFileSync('pdftoppm', ['-png', '-r', '100', identified, join(outDir, 'report-page')]);
  const png = readdirSync(outDir).find((f) => f.startsWith('report-page') && f.endsWith('.png'));
  assert.ok(png, 'pdftoppm rendered the page');
  copyFileSync(join(outDir, png), join(SCREENSHOT_DIR, '31-report-pdf-ja.png'));

  // Pseudonymised report: no display code, hospital ID, exact dates or clinician.
  await page.getByTestId('report-deidentified').check();
  assert.equal(await page.getByTestId('report-hospital-id').count(), 0);
  const deidentified = join(outDir, 'report-deid.pdf');
  await app.answerSaveDialog(deidentified);
  await page.getByTestId('report-save').click();
  await expectText(page.getByTestId('report-message'), deidentified, 30_000);
  const deidText = pdfText(deidentified);
  // Pseudonymised: no code that links back, no exact dates (days from the scan), no clinician; called 仮名化.
  for (const absent of ['KET-300', 'H-KET-300', '山田花子', '2025/01/20', '2025/']) {
    assert.ok(!squash(deidText).includes(squash(absent)), `pseudonymised PDF shows "${absent}":\n${deidText}`);
  }
  assert.ok(squash(deidText).includes(squash(ja['report.pseudonymised'])) && !deidText.includes('匿名化（'), 'called 仮名化');
  // Both saves are in the access log (without the file path).
  const saves = inspectRecord(dataDir).audit.filter((e) => e.action === 'export' && (e.after as { kind?: string } | null)?.kind === 'report-pdf');
  assert.deepEqual(saves.map((e) => (e.after as { deidentified: boolean }).deidentified), [true, false]);
  assert.ok(saves.every((e) => !JSON.stringify(e.after).includes('.pdf')));
  assert.ok(existsSync(deidentified));
  assert.equal(pdfPages(deidentified), 1, 'pseudonymised: one page');
  render(deidentified, '32-report-pdf-deid-ja');

  // English: the same page in the other language, pseudonymised and identified, each one A4 page.
  await page.getByRole('radio', { name: 'English' }).first().click();
  await expectText(page.getByTestId('report-scale-notes'), en['report.hadsBands']);
  for (const [name, deid] of [['33-report-pdf-deid-en', true], ['34-report-pdf-en', false]] as const) {
    await page.getByTestId('report-deidentified').setChecked(deid);
    const file = join(outDir, `${name}.pdf`);
    await app.answerSaveDialog(file);
    await page.getByTestId('report-save').click();
    await expectText(page.getByTestId('report-message'), file, 30_000);
    assert.equal(pdfPages(file), 1, `${name}: one page`);
    const text = squash(pdfText(file));
    for (const expected of [en['report.signature'], 'Page1of1', en['report.hadsBands'], 'Rumination', 'Helplessness']) {
      assert.ok(text.includes(squash(expected)), `${name} lacks "${expected}"`);
    }
    render(file, name);
  }
  assert.deepEqual(app.internalErrors(), []);
  await app.close();
});

/** The PDF's page as PNG in the screenshots folder, to look at. */
function render(pdf: string, name: string): void {
  const prefix = join(outDir, `render-${name}`);
  execFileSync('pdftoppm', ['-png', '-r', '100', '-singlefile', pdf, prefix]);
  copyFileSync(`${prefix}.png`, join(SCREENSHOT_DIR, `${name}.png`));
}
