/**
 * Boot test: the *built* main bundle (scripts/bundles.mjs → main.cjs) loaded in Node against a
 * recording stand-in of `electron` (test-support/electron-standin.ts). The app folder holds
 * native/electron-<abi>-<platform>-<arch>/better_sqlite3.node (here: this Node's own binary, so
 * its ABI matches the runtime loading it, as Electron's must in the app).
 * Checks: sandbox on and app:// registered as privileged before ready; the window's secure web
 * preferences and start URL; every contract method bound on the invoke channel (trusted sender
 * only); navigation, new-window, webview, permission and download handlers; every network request
 * cancelled; quit drains a pending write before the database closes; a missing binary stops the
 * start with a message saying how to rebuild.
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import Database from 'better-sqlite3';
import { INVOKE_CHANNEL, METHOD_NAMES } from '../../shared/api';
import type { Envelope } from '../../shared/api/envelope';
import { ROOT, buildBundles } from '../../scripts/bundles.mjs';
import { createElectronStandIn, loadWithElectron, type StandIn } from '../../test-support/electron-standin';
import { DATABASE_FILE } from './data-folder';

const require = createRequire(import.meta.url);
const nodeBinary = join(dirname(require.resolve('better-sqlite3/package.json')), 'build', 'Release', 'better_sqlite3.node');

let root = '';
let mainFile = '';

before(async () => {
  // Inside the project (gitignored .krp-test/) so the bundle resolves node_modules as dist/ does.
  mkdirSync(join(ROOT, '.krp-test'), { recursive: true });
  root = mkdtempSync(join(ROOT, '.krp-test', 'boot-main-'));
  const dist = join(root, 'dist');
  assert.deepEqual(await buildBundles(dist, { only: ['main', 'preload'], renderer: false }), []);
  mainFile = join(dist, 'electron', 'main.cjs');
  mkdirSync(join(dist, 'renderer'), { recursive: true });
  writeFileSync(join(dist, 'renderer', 'index.html'), '<!doctype html><title>KRP</title>');
});
after(() => { rmSync(root, { recursive: true, force: true }); });

/** An app folder (with or without the Electron-ABI binary), a data folder, and main loaded on them. */
function boot(name: string, withBinary: boolean): { standIn: StandIn; dataDir: string } {
  const appPath = join(root, name);
  const dataDir = join(appPath, 'data');
  if (withBinary) {
    const nativeDir = join(appPath, 'native', `electron-${process.versions.modules}-${process.platform}-${process.arch}`);
    mkdirSync(nativeDir, { recursive: true });
    copyFileSync(nodeBinary, join(nativeDir, 'better_sqlite3.node'));
  }
  mkdirSync(appPath, { recursive: true });
  const standIn = createElectronStandIn({ appPath, userData: join(appPath, 'user'), documents: join(appPath, 'docs') });
  process.env.KRP_DATA_DIR = dataDir;
  loadWithElectron(mainFile, standIn.electron);
  return { standIn, dataDir };
}

const settle = () => new Promise((r) => setTimeout(r, 20));

/** Waits for `condition` (returns as soon as it holds; the generous cap only matters on a hung start). */
async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 3000 && !condition(); i++) await settle();
  assert.ok(condition(), `gave up waiting for ${what}`);
}

test('main boots: secure registration, window, IPC, handlers, offline filter; quit drains writes and closes the database', async () => {
  const { standIn, dataDir } = boot('app', true);
  const rec = standIn.record;

  // Before ready: sandbox for every renderer, app:// privileged, nothing else yet.
  assert.equal(rec.sandboxEnabledBeforeReady, true);
  assert.equal(rec.privilegedSchemes.length, 1);
  assert.equal(rec.privilegedSchemes[0]!.beforeReady, true);
  assert.deepEqual(rec.privilegedSchemes[0]!.schemes, [{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true, stream: true } }]);
  assert.equal(rec.windows.length, 0);

  standIn.fireReady();
  await until(() => rec.windows.length === 1, 'the window');
  assert.deepEqual(rec.errorBoxes, []);

  // The window: secure web preferences, the built preload, the app's own start page.
  const [win] = rec.windows;
  const prefs = win!.options.webPreferences as Record<string, unknown>;
  assert.deepEqual(
    { sandbox: prefs.sandbox, contextIsolation: prefs.contextIsolation, nodeIntegration: prefs.nodeIntegration, nodeIntegrationInWorker: prefs.nodeIntegrationInWorker, nodeIntegrationInSubFrames: prefs.nodeIntegrationInSubFrames, webSecurity: prefs.webSecurity, allowRunningInsecureContent: prefs.allowRunningInsecureContent, webviewTag: prefs.webviewTag, experimentalFeatures: prefs.experimentalFeatures, devTools: prefs.devTools },
    { sandbox: true, contextIsolation: true, nodeIntegration: false, nodeIntegrationInWorker: false, nodeIntegrationInSubFrames: false, webSecurity: true, allowRunningInsecureContent: false, webviewTag: false, experimentalFeatures: false, devTools: false },
  );
  assert.equal(prefs.preload, join(dirname(mainFile), 'preload.cjs'));
  assert.equal(win!.url, 'app://krp/index.html');

  // The session: every permission denied, downloads cancelled, only app://krp, data: and app blobs requested.
  const decided = (url: string) => { let cancel: boolean | null = null; rec.beforeRequest!({ url }, (r) => { cancel = r.cancel; }); return cancel; };
  for (const url of ['https://example.org/', 'http://127.0.0.1:8080/x', 'ws://localhost/', 'file:///etc/passwd', 'ftp://x/', 'app://evil/index.html', 'devtools://devtools/x']) assert.equal(decided(url), true, url);
  for (const url of ['app://krp/index.html', 'app://krp/app.js', 'data:image/png;base64,AA==']) assert.equal(decided(url), false, url);
  let granted: boolean | null = null;
  rec.permissionRequest!({}, 'media', (ok) => { granted = ok; });
  assert.equal(granted, false);
  assert.equal(rec.permissionCheck!({}, 'geolocation'), false);
  assert.equal(rec.devicePermission!({}), false);
  assert.equal(rec.spellChecker, false);
  let downloadPrevented = false;
  rec.sessionEvents.emit('will-download', { preventDefault: () => { downloadPrevented = true; } });
  assert.equal(downloadPrevented, true);

  // app:// serves the renderer folder and nothing outside it.
  const serve = rec.protocolHandlers.get('app')!;
  const page = await serve({ url: 'app://krp/index.html' });
  assert.equal(page.status, 200);
  assert.match(page.headers.get('content-security-policy') ?? '', /default-src 'none'/);
  assert.equal((await serve({ url: 'app://krp/..%2f..%2fpackage.json' })).status, 404);
  assert.equal((await serve({ url: 'app://other/index.html' })).status, 404);

  // Every web contents: navigation, redirects, webviews and new windows denied.
  const contents = standIn.makeWebContents();
  rec.app.emit('web-contents-created', {}, contents);
  for (const event of ['will-navigate', 'will-frame-navigate', 'will-redirect', 'will-attach-webview']) {
    let prevented = false;
    contents.emit(event, { preventDefault: () => { prevented = true; } }, 'https://example.org/');
    assert.equal(prevented, true, event);
  }
  assert.deepEqual(contents.windowOpenHandler!({ url: 'https://example.org/' }), { action: 'deny' });

  // IPC: one channel; every contract method reaches its handler from the app's own page only.
  assert.deepEqual([...rec.ipcHandlers.keys()], [INVOKE_CHANNEL]);
  const handler = rec.ipcHandlers.get(INVOKE_CHANNEL)!;
  const wc = win!.webContents;
  const fromApp = { sender: wc, senderFrame: { ...wc.mainFrame, url: 'app://krp/index.html' } };
  const call = (method: string, args: unknown, event: unknown = fromApp) => handler(event, method, args) as Promise<Envelope>;
  for (const method of METHOD_NAMES) {
    const envelope = await call(method, { 'not-an-argument': true });
    assert.equal(envelope.ok, false, method);
    assert.equal(!envelope.ok && envelope.error.code, 'ipc.invalid-argument', `${method}: ${JSON.stringify(envelope)}`);
  }
  const info = await call('app.info', {});
  assert.equal(info.ok, true, JSON.stringify(info));
  const foreign = await call('app.info', {}, { sender: wc, senderFrame: { ...wc.mainFrame, url: 'https://example.org/' } });
  assert.equal(!foreign.ok && foreign.error.code, 'ipc.untrusted-sender');
  const unknown = await call('fs.readFile', {});
  assert.equal(!unknown.ok && unknown.error.code, 'ipc.unknown-method');

  // A clinician opens the record (on the Electron-ABI binary from native/); a write is pending when quit begins.
  const started = await call('session.createAdministrator', { username: 'boot', displayName: 'Dr Boot', password: 'boot pass 1', language: 'en' });
  assert.equal(started.ok, true, JSON.stringify(started));
  if (process.platform === 'linux') {
    // The process really mapped the binary from the app's native/ folder (not node_modules').
    assert.match(readFileSync('/proc/self/maps', 'utf8'), new RegExp(`${join('app', 'native').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}.*better_sqlite3\\.node`));
  }
  const pendingWrite = call('patients.create', { displayCode: 'BOOT-1' });
  let prevented = false;
  rec.app.emit('before-quit', { preventDefault: () => { prevented = true; } });
  assert.equal(prevented, true, 'quit waits for the shutdown');
  assert.equal(rec.quitCalls, 0, 'not yet quit');
  const written = await pendingWrite;
  assert.equal(written.ok, true, JSON.stringify(written));
  await until(() => rec.quitCalls === 1, 'app.quit after the shutdown');
  const refused = await call('patients.create', { displayCode: 'BOOT-2' });
  assert.equal(!refused.ok && refused.error.code, 'app.quitting');
  // Quit again (as Electron re-emits before-quit when app.quit() runs): let through at once.
  let preventedAgain = false;
  rec.app.emit('before-quit', { preventDefault: () => { preventedAgain = true; } });
  assert.equal(preventedAgain, false);

  // The database was closed (a writer can take the lock) and holds the drained write.
  const db = new Database(join(dataDir, DATABASE_FILE));
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE; COMMIT;');
    const rows = db.prepare('SELECT display_code FROM patients').all() as { display_code: string }[];
    assert.deepEqual(rows.map((r) => r.display_code), ['BOOT-1']);
  } finally {
    db.close();
  }
});

test('without the Electron-ABI binary the app stops at start with a message saying how to rebuild it', async () => {
  const { standIn } = boot('no-binary', false);
  standIn.fireReady();
  await until(() => standIn.record.exitCodes.length > 0, 'the start to fail');
  assert.deepEqual(standIn.record.exitCodes, [1]);
  assert.equal(standIn.record.windows.length, 0);
  assert.equal(standIn.record.ipcHandlers.size, 0);
  const [[, message]] = standIn.record.errorBoxes as [[string, string]];
  assert.match(message, /The app could not start: The database engine for (Electron|Node) .* \(ABI \d+\) is missing: .*native.*better_sqlite3\.node does not exist\. Rebuild it: .*scripts\/electron-native\.mjs --force/);
});

test('the built main bundle never opens anything outside the app (no shell.openExternal / openPath)', () => {
  const bundle = readFileSync(mainFile, 'utf8');
  assert.doesNotMatch(bundle, /openExternal|openPath|showItemInFolder/);
});
