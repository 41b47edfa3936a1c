/** The user's steps through the UI, shared by the specs (keyboard where a clinician would use it). */
import assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
import { en } from '../../renderer/i18n/catalog-en';
import { ja } from '../../renderer/i18n/catalog-ja';

export const CATALOGS = { en, ja } as const;

/** Waits until `locator` shows exactly / contains `text` (up to 20 s: returns at once when it does; CI machines can be loaded). */
export async function expectText(locator: Locator, text: string | RegExp, timeout = 20_000): Promise<void> {
  const deadline = Date.now() + timeout;
  let last = '';
  while (Date.now() < deadline) {
    last = (await locator.first().textContent({ timeout }).catch(() => null)) ?? '';
    if (typeof text === 'string' ? last.includes(text) : text.test(last)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail(`expected ${String(text)} in "${last}"`);
}

/** The password every e2e user is given (at least 8 characters). */
export const E2E_PASSWORD = 'e2e pass 1234';

/**
 * The start screen: on the first run (no user yet) creates the administrator `username` (shown
 * under that name), later signs in as `username`; then waits for the app. Language as chosen before.
 */
export async function startSession(page: Page, username: string, password = E2E_PASSWORD): Promise<void> {
  const input = page.locator('#username');
  await input.waitFor();
  const firstRun = (await page.getByTestId('first-admin-form').count()) > 0;
  await input.fill(username);
  await page.locator('#password').fill(password);
  if (firstRun) await page.locator('#password2').fill(password);
  await page.locator('#password').press('Enter');
  await page.getByTestId('clinician').waitFor();
}

export interface PatientFields {
  displayCode: string;
  hospitalId?: string;
  birthYear?: string;
  sex?: 'female' | 'male' | 'other' | 'unknown';
  diagnosis?: string;
  painDurationMonths?: string;
  psychiatricHistory?: 'yes' | 'no' | 'unset';
  abnormalMri?: 'yes' | 'no' | 'unset';
}

/** Patient list → New patient → fill → Enter. Does not wait for the chart (callers check the outcome). */
export async function submitNewPatient(page: Page, lang: 'ja' | 'en', f: PatientFields): Promise<void> {
  await page.getByRole('button', { name: CATALOGS[lang]['list.new'] }).click();
  await page.locator('#displayCode').fill(f.displayCode);
  if (f.hospitalId !== undefined) await page.locator('#hospitalId').fill(f.hospitalId);
  if (f.birthYear !== undefined) await page.locator('#birthYear').fill(f.birthYear);
  if (f.sex) await page.locator('#sex').selectOption(f.sex);
  if (f.diagnosis !== undefined) await page.locator('#diagnosis').fill(f.diagnosis);
  if (f.painDurationMonths !== undefined) await page.locator('#painDurationMonths').fill(f.painDurationMonths);
  if (f.psychiatricHistory) await page.locator('#psychiatricHistory').selectOption(f.psychiatricHistory);
  if (f.abnormalMri) await page.locator('#abnormalMri').selectOption(f.abnormalMri);
  await page.locator('#displayCode').press('Enter');
}

/** In a chart: New infusion → start, weight (dose and duration as given) → Enter. */
export async function submitInfusion(page: Page, startedAt: string, weight: string, dose?: string): Promise<void> {
  await page.getByTestId('new-infusion').click();
  await page.locator('#startedAt').fill(startedAt);
  await page.locator('#weightKg').fill(weight);
  if (dose !== undefined) await page.locator('#doseMgPerKg').fill(dose);
  await page.locator('#weightKg').press('Enter');
}

/**
 * Opens the score form of the (only) infusion for `timePoint` and types `keys` from the NRS field
 * on: each valid score moves the cursor to the next item, so "8" + 14 HADS + 13 PCS digits fill it all.
 */
export async function typeScores(page: Page, timePoint: 'pre' | 'post60', keys: string, recordedAt?: string): Promise<void> {
  await page.getByTestId(`record-${timePoint}`).click();
  const form = page.getByTestId(`assessment-form-${timePoint}`);
  await form.waitFor();
  if (recordedAt !== undefined) await page.locator(`#${timePoint}-recordedAt`).fill(recordedAt);
  await page.locator(`#${timePoint}-nrs`).focus();
  await page.keyboard.type(keys);
}

/** Visible text of the page. */
export function visibleText(page: Page): Promise<string> {
  return page.evaluate(() => document.body.innerText);
}

/**
 * Fragments of the other language's catalogue that must not be visible: the fixed parts (between
 * placeholders) of every string that differs between the languages, minus fragments that also
 * occur in the shown language's catalogue (shared tokens such as "NRS" or "mg").
 */
export function foreignFragments(shown: 'ja' | 'en'): string[] {
  const other = shown === 'ja' ? en : ja;
  const mine = Object.values(CATALOGS[shown]).join('\n');
  const fragments = new Set<string>();
  for (const key of Object.keys(en) as (keyof typeof en)[]) {
    if (en[key] === ja[key]) continue;
    for (const part of other[key].split(/\{\w+\}/)) {
      const fragment = part.trim();
      if (fragment.length < (shown === 'ja' ? 4 : 2) || mine.includes(fragment)) continue;
      if (shown === 'ja' && !/[A-Za-z]{3}/.test(fragment)) continue;
      fragments.add(fragment);
    }
  }
  return [...fragments];
}

/** Asserts no string of the other language's catalogue is visible. */
export async function assertOnlyLanguage(page: Page, shown: 'ja' | 'en', where: string): Promise<void> {
  const text = await visibleText(page);
  const leaks = foreignFragments(shown).filter((f) => text.includes(f));
  assert.deepEqual(leaks, [], `${where}: ${shown === 'ja' ? 'English' : 'Japanese'} text visible in ${shown}: ${leaks.join(' | ')}`);
  if (shown === 'en') {
    const cjk = text.replace(/日本語/g, '').match(/[\u3040-\u30ff\u4e00-\u9fff]+/g) ?? [];
    assert.deepEqual(cjk, [], `${where}: Japanese characters visible in English: ${cjk.join(' ')}`);
  }
}
