/**
 * Every screen at 1280×800 and 1024×700, in Japanese and in English: screenshots of each (to
 * look at) and an automated check that no page scrolls sideways and no text is clipped. A patient
 * of a 12-patient site, a phantom scan analysed through the UI (viewer, QC plots), scores; then
 * list, chart, imaging, estimate, audit, new patient, cohort, settings and the report. The report
 * PDF embeds the shipped Noto Sans JP as CID TrueType (pdffonts), no Type 3 font, and is rendered
 * to PNG for inspection.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { writePhantom, type WrittenPhantom } from '../electron/analysis/phantom/write-phantom';
import { createLauncher, SCREENSHOT_DIR, type AppHandle, type Launcher } from './support/launcher';
import { expectText, startSession } from './support/steps';
import { chooseImagingFile, fullScreenshot } from './support/imaging-steps';
import { seedSite, seedTreatedPatient } from './support/seed-record';
import { layoutProblems } from './support/layout-checks';
import { en } from '../renderer/i18n/catalog-en';
import { ja } from '../renderer/i18n/catalog-ja';

let launcher: Launcher;
let dataDir: string;
let outDir: string;
let phantom: WrittenPhantom;
let app: AppHandle;

const SIZES = [{ width: 1280, height: 800 }, { width: 1024, height: 700 }] as const;
const LANGUAGES = ['ja', 'en'] as const;

before(async () => {
  launcher = await createLauncher();
  dataDir = mkdtempSync(join(tmpdir(), 'krp-e2e-layout-'));
  outDir = mkdtempSync(join(tmpdir(), 'krp-e2e-layout-out-'));
  phantom = await writePhantom({ z: 0.3, gridMm: 3, volumes: 100, seed: 41 }, join(outDir, 'phantom'));
});
after(async () => {
  await app?.close();
  await launcher?.dispose();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(outDir, { recursive: true, force: true });
});

async function switchTo(page: Page, lang: 'ja' | 'en'): Promise<void> {
  await page.getByRole('radio', { name: lang === 'ja' ? '日本語' : 'English' }).first().click();
  await expectText(page.getByTestId('research-banner'), lang === 'ja' ? ja['app.banner'] : en['app.banner']);
}

const failures: string[] = [];

/** Retries `check` until it passes (the table reloads after a sort click), up to `timeout` ms. */
async function eventually(check: () => Promise<void>, timeout = 10_000): Promise<void> {
  const end = Date.now() + timeout;
  for (;;) {
    try { await check(); return; } catch (e) { if (Date.now() > end) throw e; }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The current screen at both sizes in both languages: screenshot and layout check (failures collected). */
async function checkScreen(page: Page, name: string, ready?: () => Promise<void>): Promise<void> {
  for (const size of SIZES) {
    await page.setViewportSize(size);
    for (const lang of LANGUAGES) {
      await switchTo(page, lang);
      if (ready) await ready();
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      const problems = await layoutProblems(page);
      await fullScreenshot(page, `40-layout-${name}-${size.width}-${lang}`);
      if (problems.length > 0) console.log(`layout ${name} ${size.width} ${lang}:`, problems);
      for (const p of problems) failures.push(`${name} ${size.width}×${size.height} ${lang}: ${p.kind} ${p.where} (${p.detail})`);
    }
  }
  await page.setViewportSize(SIZES[0]);
  await switchTo(page, 'ja');
}

test('every screen fits at 1280×800 and 1024×700 in both languages; the PDF embeds the shipped font', async () => {
  seedSite(dataDir, 12, 'S');
  seedTreatedPatient(dataDir, { code: 'KET-400', preNrs: 7, postNrs: 3 });
  app = await launcher.launch(dataDir);
  const { page } = app;
  await page.setViewportSize(SIZES[0]);
  await page.locator('#username').waitFor();
  await checkScreen(page, 'start');
  await startSession(page, '山田 花子');
  await switchTo(page, 'ja');

  await page.getByTestId('patient-row').first().waitFor();
  await checkScreen(page, 'list');
  // Keyboard: from the top of the page, Tab reaches the top navigation before the content.
  await page.getByTestId('research-banner').click(); // the sequential focus starting point: top of the page
  await page.keyboard.press('Tab');
  assert.ok(await page.evaluate(() => document.activeElement?.closest('.topbar .nav') !== null), 'first Tab stop is the top navigation');

  await page.getByTestId('patient-row').filter({ hasText: 'KET-400' }).click();
  await page.getByTestId('chart-code').waitFor();
  await checkScreen(page, 'chart');
  // The chart header is compact (≈ 370 px before issue 14): at most ~150 px at 1280×800, in both languages.
  for (const lang of LANGUAGES) {
    await switchTo(page, lang);
    const head = await page.getByTestId('chart-head').boundingBox();
    assert.ok(head && head.height <= 150, `${lang} chart header ${head?.height} px high`);
  }
  await switchTo(page, 'ja');
  // The criteria open on demand, in words.
  await page.getByTestId('eligibility').locator('summary').click();
  await expectText(page.getByTestId('eligibility'), ja['elig.status.met']);
  await fullScreenshot(page, '44-chart-criteria-open-ja');
  await page.getByTestId('eligibility').locator('summary').click();
  // The score form opens in view: NRS and the Save button of all 27 items are on screen at 1280×800.
  await page.getByTestId('edit-pre').click();
  const form = page.getByTestId('assessment-form-pre');
  await form.waitFor();
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  for (const target of [form.locator('[data-score=nrs]'), form.locator('[data-score=pcs-13]'), form.locator('button[type=submit]')]) {
    const box = await target.boundingBox();
    assert.ok(box && box.y >= 0 && box.y + box.height <= SIZES[0].height, `score form control on screen (y ${box?.y})`);
  }
  await expectText(form, ja['hads.depression']);
  await fullScreenshot(page, '45-score-form-ja');
  await form.getByRole('button', { name: ja['common.cancel'] }).click();

  await page.getByTestId('tab-imaging').click();
  await chooseImagingFile(app, 'bold', phantom.boldPath);
  await chooseImagingFile(app, 'confounds', phantom.motionPath!);
  await page.getByTestId('space-decision').waitFor();
  // The date field follows the app's language, not Chromium's locale (which is ja-JP here).
  await page.locator('#acquiredAt').fill('2025-01-20');
  await page.locator('#acquiredAt').blur();
  assert.equal(await page.locator('#acquiredAt').inputValue(), '2025/01/20');
  await switchTo(page, 'en');
  // The switch re-renders the field in the other language's format (during render, not in an
  // effect); the switch itself settles asynchronously, so wait for that render, then check it.
  await page.waitForFunction(() => (document.querySelector('#acquiredAt') as HTMLInputElement | null)?.value === '20 Jan 2025', undefined, { timeout: 10_000 }).catch(() => undefined);
  assert.equal(await page.locator('#acquiredAt').inputValue(), '20 Jan 2025');
  await switchTo(page, 'ja');
  await page.getByTestId('analyse').click();
  await expectText(page.getByTestId('analysis-message'), ja['imaging.done'], 180_000);
  await page.locator('[data-testid=brain-viewer]:not([data-state=loading])').waitFor({ timeout: 90_000 });
  assert.equal(await page.getByTestId('brain-viewer').getAttribute('data-state'), 'ready', await page.getByTestId('brain-viewer').innerText());
  await checkScreen(page, 'imaging', async () => {
    await page.locator('[data-testid=brain-viewer][data-state=ready]').waitFor({ timeout: 30_000 });
    await page.locator('[data-testid=qc-carpet][data-state=ready]').waitFor({ timeout: 30_000 }); // QC plots (issue 14)
  });
  // The viewer close up: outlines over the z map, colour bar, letters, radiological convention.
  const viewer = page.getByTestId('brain-viewer');
  await viewer.scrollIntoViewIfNeeded();
  await viewer.screenshot({ path: join(SCREENSHOT_DIR, '41-viewer-outline-ja.png') });
  await page.getByTestId('viewer-radiological').click();
  await page.getByTestId('viewer-goto-mpfc').click();
  await page.getByTestId('viewer-zoom-in').click();
  await expectText(page.getByTestId('viewer-readout'), /MNI 1, 5[45], −[34]/);
  await viewer.screenshot({ path: join(SCREENSHOT_DIR, '42-viewer-radiological-mpfc-zoom-ja.png') });

  await page.getByTestId('tab-estimate').click();
  await page.getByTestId('estimate-tab').waitFor();
  await checkScreen(page, 'estimate');

  await page.getByTestId('tab-audit').click();
  await page.getByTestId('audit-table').waitFor();
  await checkScreen(page, 'audit');

  await page.getByTestId('open-report').click();
  await page.locator('[data-testid=report-page][data-ready=yes]').waitFor({ timeout: 60_000 });
  await checkScreen(page, 'report');
  await switchTo(page, 'ja');
  const pdf = join(outDir, 'report.pdf');
  await app.answerSaveDialog(pdf);
  await page.getByTestId('report-save').click();
  await expectText(page.getByTestId('report-message'), pdf, 60_000);
  const fonts = execFileSync('pdffonts', [pdf], { encoding: 'utf8' });
  const rows = fonts.split('\n').slice(2).filter((l) => l.trim() !== '');
  assert.ok(rows.length > 0, `pdffonts lists fonts:\n${fonts}`);
  assert.ok(rows.every((r) => !/Type 3/.test(r)), `no Type 3 font in the PDF:\n${fonts}`);
  assert.ok(rows.some((r) => /NotoSansJP/i.test(r) && /CID TrueType/.test(r) && /\byes\s+yes\b/.test(r)), `Noto Sans JP embedded (subset) as CID TrueType:\n${fonts}`);
  execFileSync('pdftoppm', ['-png', '-r', '80', pdf, join(outDir, 'layout-report')]);
  const png = readdirSync(outDir).find((f) => f.startsWith('layout-report') && f.endsWith('.png'));
  assert.ok(png, 'pdftoppm rendered the page');
  copyFileSync(join(outDir, png), join(SCREENSHOT_DIR, '43-report-pdf-ja.png'));

  await page.getByRole('button', { name: ja['nav.cohort'], exact: true }).click();
  await page.getByTestId('cohort-screen').waitFor();
  await page.getByTestId('cohort-row').first().waitFor();
  await checkScreen(page, 'cohort');
  // The patient table sorts by reduction both ways (header click; a second click reverses).
  const reductions = async () => (await page.getByTestId('cohort-reduction').allTextContents()).map((t) => Number(t.replace('%', '').replace('−', '-')));
  const descending = await reductions();
  assert.deepEqual(descending, [...descending].sort((a, b) => b - a), `descending: ${descending.join(', ')}`);
  await page.getByTestId('cohort-sort-reduction').click();
  await eventually(async () => {
    const ascending = await reductions();
    assert.deepEqual(ascending, [...ascending].sort((a, b) => a - b), `ascending: ${ascending.join(', ')}`);
    assert.notDeepEqual(ascending, descending);
  });
  // A point of the scatter opens that patient's chart: find a responder dot's pixel and click it.
  const scatter = page.getByTestId('cohort-scatter').locator('canvas');
  await scatter.scrollIntoViewIfNeeded();
  const dot = await scatter.evaluate((canvas: HTMLCanvasElement) => {
    const ctx = canvas.getContext('2d')!;
    const { width, height } = canvas;
    const data = ctx.getImageData(0, 0, width, height).data;
    const scale = canvas.getBoundingClientRect().width / width;
    // The responder colour #1e7a4c (possibly under the translucent band), above the legend (the bottom fifth).
    const responder = (i: number) => Math.abs(data[i]! - 30) <= 12 && Math.abs(data[i + 1]! - 121) <= 12 && Math.abs(data[i + 2]! - 80) <= 14;
    const r = Math.max(2, Math.round(3 * window.devicePixelRatio));
    for (let y = 0; y < height * 0.8 - r; y++) for (let x = 0; x < width - r; x++) {
      // the top of a dot: the same colour r px further down (its centre)
      if (responder((y * width + x) * 4) && responder(((y + r) * width + x) * 4)) return { x: x * scale, y: (y + r) * scale };
    }
    return null;
  });
  assert.ok(dot, 'a responder dot is drawn');
  await scatter.click({ position: dot });
  await page.getByTestId('chart-code').waitFor();
  assert.match((await page.getByTestId('chart-code').textContent()) ?? '', /^(S|KET-)/);
  await page.getByRole('button', { name: ja['nav.cohort'], exact: true }).click();
  await page.getByTestId('cohort-screen').waitFor();

  await page.getByRole('button', { name: en['nav.settings'] }).or(page.getByRole('button', { name: ja['nav.settings'], exact: true })).first().click();
  await page.getByTestId('verify-audit').waitFor();
  await checkScreen(page, 'settings');

  await page.getByRole('button', { name: ja['nav.patients'], exact: true }).click();
  await page.getByRole('button', { name: ja['list.new'] }).click();
  await page.locator('#displayCode').waitFor();
  await checkScreen(page, 'new-patient');

  assert.deepEqual(failures, [], `layout problems:\n${failures.join('\n')}`);
  assert.deepEqual(app.internalErrors(), []);
});
