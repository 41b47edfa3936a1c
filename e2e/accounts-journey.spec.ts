/**
 * Local accounts end to end: first run creates the administrator → the administrator sets a short
 * lock time and adds a clinician → signs out → a wrong password is refused (same words whether or
 * not the user exists) → the clinician signs in with the temporary password and must choose their
 * own → inactivity locks the screen (the page clock is fast-forwarded past the configured minute:
 * no sleeping, no timing assertion) and the main process refuses record calls → only the
 * clinician's own password unlocks, the typed input is still there → the clinician cannot restore
 * (button disabled, and the service refuses a direct call). Screenshots of the sign-in and lock
 * screens in ja and en at 1280×800 and 1024×700.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { createLauncher, screenshot, type AppHandle, type Launcher } from './support/launcher';
import { inspectRecord } from './support/record-inspector';
import { expectText, startSession } from './support/steps';
import { en } from '../renderer/i18n/catalog-en';
import { ja } from '../renderer/i18n/catalog-ja';

const SIZES = [{ width: 1280, height: 800 }, { width: 1024, height: 700 }] as const;

let launcher: Launcher;
let dataDir: string;
let app: AppHandle;

before(async () => {
  launcher = await createLauncher();
  dataDir = mkdtempSync(join(tmpdir(), 'krp-e2e-accounts-'));
  app = await launcher.launch(dataDir);
});
after(async () => {
  await app?.close();
  await launcher?.dispose();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Screenshots of what is on screen now, in both languages and both window sizes (ends in Japanese). */
async function shootBoth(page: Page, name: string): Promise<void> {
  for (const lang of ['en', 'ja'] as const) {
    await page.getByRole('radio', { name: lang === 'en' ? 'English' : '日本語' }).last().click(); // the lock screen's own switch when locked
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await screenshot(page, `${name}-${lang}-${size.width}x${size.height}`);
    }
  }
  await page.setViewportSize({ width: 1320, height: 880 });
}

async function bridgeError(page: Page, call: string): Promise<string | null> {
  return page.evaluate(async (what) => {
    const krp = window.krp as unknown as Record<string, Record<string, (a: unknown) => Promise<unknown>>>;
    const [ns, verb] = what.split('.') as [string, string];
    try { await krp[ns]![verb]!({}); return null; } catch (e) { return (e as { code: string }).code; }
  }, call);
}

test('first administrator → clinician added → sign-out → clinician signs in → inactivity lock → unlock → no restore', async () => {
  const { page } = app;
  // Fake timers in the page from now on (time still flows); the lock timer is armed after sign-in.
  await page.clock.install();

  // First run: the administrator is created here.
  await page.getByTestId('first-admin-form').waitFor();
  await expectText(page.locator('h2'), ja['firstrun.title']);
  await shootBoth(page, '30-first-run');
  await page.locator('#username').fill('admin');
  await page.locator('#displayName').fill('管理 太郎');
  await page.locator('#password').fill('admin pass 1');
  await page.locator('#password2').fill('admin pass 2');
  await page.locator('#password2').press('Enter');
  await expectText(page.locator('#password2-error'), ja['account.err.mismatch']);
  await page.locator('#password2').fill('admin pass 1');
  await page.locator('#password2').press('Enter');
  await expectText(page.getByTestId('clinician'), '管理 太郎');

  // Settings: a one-minute lock, and a clinician with a temporary password.
  await page.getByRole('button', { name: ja['nav.settings'] }).click();
  await page.getByTestId('users-panel').waitFor();
  await page.locator('#lockMinutes').fill('１');
  await page.getByRole('button', { name: ja['settings.saveSettings'] }).click();
  await expectText(page.getByTestId('security-message'), ja['settings.saved']);
  await page.locator('#new-username').fill('sato');
  await page.locator('#new-displayName').fill('佐藤 一郎');
  await page.locator('#new-password').fill('temp pass 1');
  await page.getByRole('button', { name: ja['users.add'] }).click();
  await expectText(page.getByTestId('users-message'), ja['users.added'].replace('{username}', 'sato'));
  await expectText(page.getByTestId('user-row').filter({ hasText: 'sato' }), ja['users.mustChange']);

  // Sign out; a wrong password and an unknown user read the same.
  await page.getByTestId('sign-out').click();
  await page.getByTestId('sign-in-form').waitFor();
  assert.equal(await page.locator('#username').inputValue(), 'admin', 'the last user name is prefilled');
  await shootBoth(page, '31-sign-in');
  await startSessionExpectingError(page, 'sato', 'wrong pass 1', ja['error.auth.failed']);
  await startSessionExpectingError(page, 'nobody', 'temp pass 1', ja['error.auth.failed']);

  // The clinician signs in with the temporary password and must choose their own first.
  await page.locator('#username').fill('ｓａｔｏ'); // full-width, as an IME may type it
  await page.locator('#password').fill('temp pass 1');
  await page.locator('#password').press('Enter');
  await page.getByTestId('change-password').waitFor();
  await page.locator('#current-password').fill('temp pass 1');
  await page.locator('#new-password').fill('sato pass 12');
  await page.locator('#new-password2').fill('sato pass 12');
  await page.locator('#new-password2').press('Enter');
  await expectText(page.getByTestId('clinician'), '佐藤 一郎');

  // Unsaved input on screen, then a minute and a bit without activity: the screen locks.
  await page.getByRole('button', { name: ja['list.new'] }).click();
  await page.locator('#displayCode').fill('KET-LOCK');
  await page.clock.fastForward('01:05');
  await page.getByTestId('lock-screen').waitFor();
  await expectText(page.getByTestId('lock-screen'), ja['lock.intro'].replace('{name}', '佐藤 一郎'));
  assert.equal(await bridgeError(page, 'patients.list'), 'session.locked', 'the main process refuses record calls while locked');
  await shootBoth(page, '32-lock');

  // Only the same user's password unlocks; the typed code is still there.
  await page.locator('#unlock-password').fill('admin pass 1');
  await page.locator('#unlock-password').press('Enter');
  await expectText(page.locator('#unlock-password-error'), ja['error.auth.failed'].slice(0, 10));
  await page.locator('#unlock-password').fill('sato pass 12');
  await page.locator('#unlock-password').press('Enter');
  await page.getByTestId('lock-screen').waitFor({ state: 'detached' });
  assert.equal(await page.locator('#displayCode').inputValue(), 'KET-LOCK');

  // A clinician cannot restore: the button is disabled and the service refuses a direct call.
  await page.getByRole('button', { name: ja['patient.cancel'] }).click();
  await page.getByRole('button', { name: ja['nav.settings'] }).click();
  await page.getByTestId('restore-admin-only').waitFor();
  assert.equal(await page.getByTestId('restore').isDisabled(), true);
  assert.equal(await page.getByTestId('users-panel').count(), 0, 'no user management for a clinician');
  await app.answerOpenDialog(join(dataDir, 'nothing'));
  assert.equal(await bridgeError(page, 'records.restore'), 'auth.administrator-only');
  assert.equal(await bridgeError(page, 'users.list'), 'auth.administrator-only');
  assert.deepEqual(app.internalErrors(), []);

  // The trail: who signed in, failed, locked and unlocked; every entry of a user carries their id.
  const audit = inspectRecord(dataDir).audit.slice().reverse();
  const sessions = audit.filter((e) => e.entity === 'session').map((e) => `${e.action}:${e.clinician}`);
  assert.deepEqual(sessions, [
    'sign-in:管理 太郎', 'sign-out:管理 太郎', 'sign-in-failed:(not signed in)', 'sign-in-failed:(not signed in)',
    'sign-in:佐藤 一郎', 'lock:佐藤 一郎', 'unlock-failed:(not signed in)', 'unlock:佐藤 一郎',
  ]);
  const sato = audit.find((e) => e.action === 'sign-in' && e.clinician === '佐藤 一郎')!;
  assert.ok(audit.filter((e) => e.clinician === '佐藤 一郎').every((e) => e.userId === sato.userId));
  assert.equal((audit.find((e) => e.action === 'lock')!.after as { cause: string }).cause, 'inactivity');
});

async function startSessionExpectingError(page: Page, username: string, password: string, text: string): Promise<void> {
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(password);
  await page.locator('#password').press('Enter');
  await expectText(page.getByTestId('sign-in-error'), text);
}

test('en: the sign-in screen after a restart prefills the last user and signs in', async () => {
  await app.close();
  app = await launcher.launch(dataDir);
  const { page } = app;
  await page.getByRole('radio', { name: 'English' }).first().click();
  await page.getByTestId('sign-in-form').waitFor();
  await expectText(page.locator('#start-title'), en['app.name']);
  await startSession(page, 'sato', 'sato pass 12');
  await expectText(page.getByTestId('clinician'), '佐藤 一郎');
});
