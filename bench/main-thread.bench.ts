/**
 * Main-thread responsiveness while an analysis runs in the UI (formerly a pass/fail e2e assertion
 * "no block > 50 ms", which depended on machine load). The built renderer in Debian Chromium over
 * the real services (the e2e harness), a 120-volume 3 mm phantom with its motion file analysed
 * through the imaging tab, Long Tasks API entries recorded from the click on Analyse to the end
 * on screen. Reported: the analysis wall time (the baseline, same run), the number of long
 * tasks, the longest, and the share of the analysis the page was blocked (blocked ms / wall ms).
 * Target: no long task above 50 ms; a share near 0.
 * Needs Chromium (KRP_CHROMIUM or /usr/bin/chromium); builds dist/ first.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writePhantom } from '../electron/analysis/phantom/write-phantom';
import { ja } from '../renderer/i18n/catalog-ja';
import { buildBundles } from '../scripts/bundles.mjs';
import { chooseImagingFile, longTasks, recordedStages, startLongTaskRecorder, startStageRecorder } from '../e2e/support/imaging-steps';
import { createLauncher, ROOT } from '../e2e/support/launcher';
import { describeFigure, mainThreadFigure } from '../e2e/support/main-thread-figure';
import { expectText, startSession, submitNewPatient } from '../e2e/support/steps';
import type { BenchResult } from './bench-types';

export async function bench(): Promise<BenchResult[]> {
  const failures = await buildBundles(join(ROOT, 'dist'), { only: [] });
  if (failures.length > 0) throw new Error(`build failed: ${failures.join('; ')}`);
  const dataDir = mkdtempSync(join(tmpdir(), 'krp-bench-main-thread-'));
  const inputs = mkdtempSync(join(tmpdir(), 'krp-bench-main-thread-in-'));
  const launcher = await createLauncher();
  try {
    const phantom = await writePhantom({ z: 0.42, gridMm: 3, volumes: 120, seed: 21 }, join(inputs, 'phantom'));
    const app = await launcher.launch(dataDir);
    const page = app.page;
    await startSession(page, '計測 太郎');
    await submitNewPatient(page, 'ja', { displayCode: 'BENCH-1', birthYear: '1970', sex: 'female' });
    await page.getByTestId('tab-imaging').click();
    await chooseImagingFile(app, 'bold', phantom.boldPath);
    await page.getByTestId('header-summary').waitFor();
    await chooseImagingFile(app, 'confounds', phantom.motionPath!);
    await page.locator('#acquiredAt').fill('2025-03-01');
    await startLongTaskRecorder(page);
    await startStageRecorder(page);
    const startedAt = await page.evaluate(() => performance.now());
    await page.getByTestId('analyse').click();
    await expectText(page.getByTestId('analysis-message'), ja['imaging.done'], 300_000);
    const { endedAt } = await recordedStages(page);
    const figure = mainThreadFigure(await longTasks(page), startedAt, endedAt ?? (await page.evaluate(() => performance.now())));
    await app.close();
    console.log(describeFigure(figure));
    return [
      { name: 'analysis in the UI: wall time (baseline)', value: figure.analysisMs, unit: 'ms' },
      { name: 'main thread: long tasks during the analysis', value: figure.count, unit: 'tasks', note: 'Long Tasks API: each > 50 ms' },
      { name: 'main thread: longest block', value: figure.longestMs, unit: 'ms', note: 'target ≤ 50 (none)' },
      { name: 'main thread: blocked share of the analysis', value: figure.blockedShare, unit: 'ratio', note: 'blocked ms / wall ms; target ≈ 0' },
    ];
  } finally {
    await launcher.dispose();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(inputs, { recursive: true, force: true });
  }
}
