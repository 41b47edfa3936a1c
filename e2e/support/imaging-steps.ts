/** Steps and measurements for the imaging, estimate and report specs. */
import assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
import { screenshot, type AppHandle } from './launcher';

/** Answers the next open dialog with `path`, then clicks "Choose…" for `purpose`. */
export async function chooseImagingFile(app: AppHandle, purpose: 'bold' | 'confounds' | 'wm-mask' | 'csf-mask', path: string): Promise<void> {
  await app.answerOpenDialog(path);
  await app.page.getByTestId(`choose-${purpose}`).click();
  await app.page.getByTestId(`file-${purpose}`).filter({ hasText: path.split('/').pop()! }).waitFor();
}

/** Starts recording long tasks (main-thread blocks ≥ 50 ms, Long Tasks API) in the page. */
export async function startLongTaskRecorder(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __longTasks: { start: number; duration: number }[] };
    w.__longTasks = [];
    new PerformanceObserver((list) => { for (const e of list.getEntries()) w.__longTasks.push({ start: e.startTime, duration: e.duration }); }).observe({ type: 'longtask' });
  });
}

/** Long tasks (start and duration, ms on the page's clock) seen since the recorder started. */
export function longTasks(page: Page): Promise<{ start: number; duration: number }[]> {
  return page.evaluate(() => (window as unknown as { __longTasks: { start: number; duration: number }[] }).__longTasks.slice());
}

/** Records every text the progress line shows (MutationObserver, no polling). */
export async function startStageRecorder(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __stages: string[]; __fractions: number[]; __endedAt: number | null };
    w.__stages = [];
    w.__fractions = [];
    w.__endedAt = null;
    new MutationObserver(() => {
      // The job's end is on screen: the analysis is over (what renders next is the result).
      if (w.__endedAt === null && document.querySelector('[data-testid=analysis-message]')) w.__endedAt = performance.now();
      const text = document.querySelector('[data-testid=analysis-stage]')?.textContent;
      if (text && w.__stages[w.__stages.length - 1] !== text) w.__stages.push(text);
      const bar = document.querySelector('[data-testid=analysis-progress] progress') as HTMLProgressElement | null;
      if (bar) w.__fractions.push(bar.value);
    }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  });
}

/** What the stage recorder saw, and when (page clock, ms) the job's end appeared. */
export function recordedStages(page: Page): Promise<{ stages: string[]; fractions: number[]; endedAt: number | null }> {
  return page.evaluate(() => {
    const w = window as unknown as { __stages: string[]; __fractions: number[]; __endedAt: number | null };
    return { stages: w.__stages.slice(), fractions: w.__fractions.slice(), endedAt: w.__endedAt };
  });
}

/**
 * Luminance variance of what `locator` shows on screen (its screenshot decoded in the page):
 * 0 for a blank (one-colour) area.
 */
export async function pixelVariance(page: Page, locator: Locator): Promise<number> {
  const png = await locator.screenshot();
  return page.evaluate(async (dataUrl) => {
    const image = new Image();
    image.src = dataUrl;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = image.width;
    canvas.height = image.height;
    const ctx = canvas.getContext('2d')!;
    ctx.drawImage(image, 0, 0);
    const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
    let sum = 0;
    let sumSq = 0;
    const n = data.length / 4;
    for (let i = 0; i < data.length; i += 4) {
      const y = 0.299 * data[i]! + 0.587 * data[i + 1]! + 0.114 * data[i + 2]!;
      sum += y;
      sumSq += y * y;
    }
    const mean = sum / n;
    return sumSq / n - mean * mean;
  }, `data:image/png;base64,${png.toString('base64')}`);
}

/** The number the page shows in `locator`, parsed (ja/en digits and separators). */
export async function shownNumber(locator: Locator): Promise<number> {
  const text = (await locator.textContent()) ?? '';
  const value = Number(text.replace(/[,\s%]/g, '').replace('−', '-'));
  assert.ok(Number.isFinite(value), `not a number: "${text}"`);
  return value;
}

/**
 * Screenshot of the whole screen content: the app scrolls inside `.screen-scroll`, so the frame is
 * unrolled for the shot (inline styles through the CSSOM, which the CSP allows) and restored.
 */
export async function fullScreenshot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => {
    for (const sel of ['.app', '.app > .screen-scroll']) {
      const el = document.querySelector(sel) as HTMLElement | null;
      if (el) { el.style.height = 'auto'; el.style.overflow = 'visible'; }
    }
  });
  await screenshot(page, name);
  await page.evaluate(() => {
    for (const sel of ['.app', '.app > .screen-scroll']) {
      const el = document.querySelector(sel) as HTMLElement | null;
      if (el) { el.style.height = ''; el.style.overflow = ''; }
    }
  });
}
