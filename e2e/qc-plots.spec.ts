/**
 * QC plots on the imaging tab (issue 14): a phantom with planted outlier scans is analysed through
 * the UI; the FD trace, global-signal and DVARS traces and both carpet panels are drawn (not blank),
 * the planted outliers are the ones marked, the plots fit at 1280×800 and 1024×700 in Japanese and
 * English (no sideways scroll, no clipped text; screenshots of each), and the viewer lays the tSNR
 * map over the mean image instead of the z map, with its colour legend and readout.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { writePhantom, type WrittenPhantom } from '../electron/analysis/phantom/write-phantom';
import { createLauncher, SCREENSHOT_DIR, type Launcher } from './support/launcher';
import { expectText, startSession, submitNewPatient } from './support/steps';
import { chooseImagingFile, fullScreenshot, pixelVariance } from './support/imaging-steps';
import { layoutProblems } from './support/layout-checks';
import { en } from '../renderer/i18n/catalog-en';
import { ja } from '../renderer/i18n/catalog-ja';

let launcher: Launcher;
let dataDir: string;
let inputs: string;
let phantom: WrittenPhantom;

before(async () => {
  launcher = await createLauncher();
  dataDir = mkdtempSync(join(tmpdir(), 'krp-e2e-qc-'));
  inputs = mkdtempSync(join(tmpdir(), 'krp-e2e-qc-in-'));
  phantom = await writePhantom({ z: 0.35, gridMm: 3, volumes: 110, seed: 33 }, join(inputs, 'phantom'));
});
after(async () => {
  await launcher?.dispose();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(inputs, { recursive: true, force: true });
});

async function switchTo(page: Page, lang: 'ja' | 'en'): Promise<void> {
  await page.getByRole('radio', { name: lang === 'ja' ? '日本語' : 'English' }).first().click();
  await expectText(page.getByTestId('research-banner'), lang === 'ja' ? ja['app.banner'] : en['app.banner']);
}

/** A screenshot of one element with the app's scroll frame unrolled (as fullScreenshot does), so the sticky top bar does not cover it. */
async function elementShot(page: Page, testId: string, name: string): Promise<void> {
  const frame = (on: boolean) => page.evaluate((unroll) => {
    for (const sel of ['.app', '.app > .screen-scroll']) {
      const el = document.querySelector(sel) as HTMLElement | null;
      if (el) { el.style.height = unroll ? 'auto' : ''; el.style.overflow = unroll ? 'visible' : ''; }
    }
  }, on);
  await frame(true);
  await page.getByTestId(testId).screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`) });
  await frame(false);
}

test('QC plots: FD, global signal, DVARS and carpet before/after denoising; tSNR overlay; fits at both sizes in both languages', async () => {
  const app = await launcher.launch(dataDir);
  const page = app.page;
  await page.setViewportSize({ width: 1280, height: 800 });
  await startSession(page, '佐藤 一郎');
  await switchTo(page, 'ja');
  await submitNewPatient(page, 'ja', { displayCode: 'KET-140', birthYear: '1970', sex: 'female' });
  await expectText(page.getByTestId('chart-code'), 'KET-140');
  await page.getByTestId('tab-imaging').click();
  await chooseImagingFile(app, 'bold', phantom.boldPath);
  await chooseImagingFile(app, 'confounds', phantom.motionPath!);
  await page.getByTestId('space-decision').waitFor();
  await page.locator('#acquiredAt').fill('2025-02-03');
  await page.getByTestId('analyse').click();
  await expectText(page.getByTestId('analysis-message'), ja['imaging.done'], 180_000);

  const plots = page.getByTestId('qc-plots');
  await plots.waitFor({ timeout: 60_000 });
  await page.locator('[data-testid=qc-carpet][data-state=ready]').waitFor({ timeout: 30_000 });
  await page.locator('[data-testid=brain-viewer][data-state=ready]').waitFor({ timeout: 90_000 });
  for (const key of ['qcPlots.fd', 'qcPlots.gsz', 'qcPlots.dvars', 'qcPlots.carpetBefore', 'qcPlots.carpetAfter'] as const) {
    assert.equal(await plots.getByRole('img', { name: ja[key], exact: true }).count(), 1, `plot "${ja[key]}"`);
  }
  // Default scrubbing is CONN's composite rule (0.9 mm): the FD line is a reference, said under the plot.
  await expectText(plots, ja['qcPlots.fdNoteComposite'].replace('{rule}', '0.9').replace('{value}', '0.5'));
  for (const id of ['qc-fd', 'qc-gs', 'qc-dvars', 'qc-carpet-before', 'qc-carpet-after']) {
    const area = page.getByTestId(id);
    await area.scrollIntoViewIfNeeded();
    const variance = await pixelVariance(page, area);
    assert.ok(variance > 20, `${id} is drawn (luminance variance ${variance.toFixed(1)})`);
  }
  // The carpet panels line up with the traces: the same plot-area width (same canvas width, same gutter).
  const widths = await page.evaluate(() => ['qc-fd', 'qc-carpet-before', 'qc-carpet-after'].map((id) => {
    const el = document.querySelector(`[data-testid=${id}]`);
    const canvas = (el instanceof HTMLCanvasElement ? el : el?.querySelector('canvas')) as HTMLCanvasElement;
    return Math.round(canvas.getBoundingClientRect().width);
  }));
  assert.equal(new Set(widths).size, 1, `same widths ${widths.join(', ')}`);

  const failures: string[] = [];
  for (const size of [{ width: 1280, height: 800 }, { width: 1024, height: 700 }]) {
    await page.setViewportSize(size);
    for (const lang of ['ja', 'en'] as const) {
      await switchTo(page, lang);
      await page.locator('[data-testid=qc-carpet][data-state=ready]').waitFor({ timeout: 30_000 });
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      for (const p of await layoutProblems(page)) failures.push(`${size.width} ${lang}: ${p.kind} ${p.where} (${p.detail})`);
      await elementShot(page, 'qc-plots', `50-qc-plots-${size.width}-${lang}`);
      await fullScreenshot(page, `51-imaging-qc-${size.width}-${lang}`);
    }
  }
  assert.deepEqual(failures, [], `layout problems:\n${failures.join('\n')}`);

  // The tSNR map instead of the z map: legend and readout follow; back to z.
  await page.setViewportSize({ width: 1280, height: 800 });
  await switchTo(page, 'ja');
  const viewer = page.getByTestId('brain-viewer');
  await viewer.scrollIntoViewIfNeeded();
  const beforeShot = await page.getByTestId('viewer-canvas').screenshot();
  await page.getByTestId('viewer-overlay-tsnr').click();
  await page.getByTestId('viewer-legend-tsnr').waitFor();
  await expectText(page.getByTestId('viewer-legend'), /tSNR 0–\d+/);
  await page.getByTestId('viewer-goto-precuneus').click();
  await expectText(page.getByTestId('viewer-readout'), /tSNR \d/);
  assert.equal(await page.getByTestId('viewer-threshold').isDisabled(), true, 'the z threshold does not apply to tSNR');
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const tsnrShot = await page.getByTestId('viewer-canvas').screenshot();
  assert.notDeepEqual(tsnrShot, beforeShot, 'the scene changed');
  await viewer.screenshot({ path: join(SCREENSHOT_DIR, '52-viewer-tsnr-ja.png') });
  await switchTo(page, 'en');
  await expectText(page.getByTestId('viewer-readout'), /tSNR \d/);
  await viewer.screenshot({ path: join(SCREENSHOT_DIR, '52-viewer-tsnr-en.png') });
  await page.getByTestId('viewer-overlay-z').click();
  await expectText(page.getByTestId('viewer-readout'), /seed-map z/);
  assert.deepEqual(app.internalErrors(), []);
  await app.close();
});
