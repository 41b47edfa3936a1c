/** The security checklist as values: web preferences and the Content-Security-Policy. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CONTENT_SECURITY_POLICY, SECURITY_HEADERS } from './content-security-policy';
import { secureWebPreferences } from './web-preferences';

test('renderer isolated and sandboxed, no Node, web security on, spellchecker off', () => {
  const prefs = secureWebPreferences('/app/preload.cjs', { devTools: false });
  assert.equal(prefs.preload, '/app/preload.cjs');
  assert.equal(prefs.contextIsolation, true);
  assert.equal(prefs.sandbox, true);
  assert.equal(prefs.nodeIntegration, false);
  assert.equal(prefs.nodeIntegrationInWorker, false);
  assert.equal(prefs.nodeIntegrationInSubFrames, false);
  assert.equal(prefs.webSecurity, true);
  assert.equal(prefs.allowRunningInsecureContent, false);
  assert.equal(prefs.webviewTag, false);
  assert.equal(prefs.spellcheck, false);
  assert.equal(prefs.devTools, false);
});

test('CSP: nothing but the app itself; no inline script, no eval, no remote origin', () => {
  const directives = new Map(CONTENT_SECURITY_POLICY.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k!, v]));
  assert.deepEqual(directives.get('default-src'), ["'none'"]);
  assert.deepEqual(directives.get('script-src'), ["'self'"]);
  assert.deepEqual(directives.get('object-src'), ["'none'"]);
  assert.deepEqual(directives.get('base-uri'), ["'none'"]);
  assert.deepEqual(directives.get('frame-ancestors'), ["'none'"]);
  for (const [name, sources] of directives) {
    for (const s of sources) {
      assert.ok(["'self'", "'none'", 'data:', 'blob:'].includes(s), `${name} allows ${s}`);
    }
  }
  assert.equal(SECURITY_HEADERS['Content-Security-Policy'], CONTENT_SECURITY_POLICY);
  assert.equal(SECURITY_HEADERS['X-Content-Type-Options'], 'nosniff');
});
