/** Offline by construction: which URLs the app's session lets through. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decideRequest } from './request-filter';
import { isAppUrl } from './app-origin';

test('the app scheme, data: and the app\'s own blob: URLs are allowed', () => {
  for (const url of [
    'app://krp/index.html', 'app://krp/app.js', 'app://krp/fonts/a.woff2?v=1', 'app://KRP/index.html',
    'data:image/png;base64,iVBORw0KGgo=', 'data:,', 'blob:app://krp/3f1c2a9e-1b2c-4d5e-8f90-123456789abc',
  ]) assert.equal(decideRequest(url), 'allow', url);
});

test('everything else is cancelled: network, files, other hosts and schemes, malformed', () => {
  for (const url of [
    'https://example.com/', 'http://127.0.0.1:8080/', 'http://localhost/', 'ws://127.0.0.1:9222/devtools',
    'wss://example.com/', 'ftp://example.com/f', 'file:///etc/passwd', 'file:///C:/Windows/win.ini',
    'app://evil/index.html', 'app://krp.evil.com/x', 'app://user:pw@krp/index.html', 'appx://krp/index.html',
    'chrome-extension://abcdef/x.js', 'devtools://devtools/bundled/inspector.html', 'chrome://settings',
    'blob:https://example.com/3f1c2a9e', 'blob:null/abc', 'javascript:alert(1)', 'about:blank',
    'https://fonts.googleapis.com/css2?family=Noto+Sans+JP', 'not a url', '',
  ]) assert.equal(decideRequest(url), 'cancel', url);
});

test('IPC senders are trusted only on the app origin', () => {
  assert.equal(isAppUrl('app://krp/index.html'), true);
  assert.equal(isAppUrl('app://krp/'), true);
  for (const url of ['app://other/index.html', 'http://127.0.0.1/index.html', 'file:///index.html', 'app://x@krp/', '', null, undefined]) {
    assert.equal(isAppUrl(url), false, String(url));
  }
});
