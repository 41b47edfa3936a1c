/**
 * Applies the security checklist to Electron at run time: the app:// protocol with its CSP, the
 * offline request filter, deny-all permission handlers, and deny-all navigation / new windows /
 * webviews for every web contents. The decisions themselves are the pure functions beside this file.
 */
import { app, protocol, type Session, type WebContents } from 'electron';
import { readFile } from 'node:fs/promises';
import { APP_SCHEME } from './app-origin';
import { SECURITY_HEADERS } from './content-security-policy';
import { decideRequest } from './request-filter';
import { contentTypeFor, resolveStaticFile } from './static-files';

/** Must run before `app.whenReady()`: declares app:// a standard, secure scheme. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true, stream: true } },
  ]);
}

/** Serves `rendererDir` at app://krp/ with the CSP and security headers; 404 for anything else. */
export function serveRenderer(ses: Session, rendererDir: string): void {
  ses.protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (decideRequest(request.url) !== 'allow') return new Response('Not found', { status: 404 });
    const file = resolveStaticFile(rendererDir, url.pathname);
    if (file === null) return new Response('Not found', { status: 404 });
    try {
      const body = await readFile(file);
      return new Response(body, { status: 200, headers: { 'Content-Type': contentTypeFor(file)!, ...SECURITY_HEADERS } });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  });
}

/** Offline filter, permission denial and spellchecker off for the app's session. */
export function hardenSession(ses: Session): void {
  ses.webRequest.onBeforeRequest((details, callback) => {
    callback({ cancel: decideRequest(details.url) === 'cancel' });
  });
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
  ses.setSpellCheckerEnabled(false);
  ses.on('will-download', (event) => event.preventDefault());
}

/** Every web contents ever created: no navigation, no redirects, no new windows, no webviews. */
export function denyNavigationEverywhere(): void {
  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.on('will-navigate', (event) => event.preventDefault());
    contents.on('will-frame-navigate', (event) => event.preventDefault());
    contents.on('will-redirect', (event) => event.preventDefault());
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
}
