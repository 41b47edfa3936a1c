/**
 * The electron-builder configs (build/electron-builder.yml and its e2e variant) validate against
 * electron-builder 26's own schema and keep the security and unpacking settings the app relies on.
 * (Packaging itself needs a networked machine: docs/desktop-shell.md.)
 */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const require = createRequire(import.meta.url);
type Config = Record<string, unknown> & {
  electronFuses: Record<string, boolean>; asarUnpack: string[]; files: ({ filter: string[] } | string)[]; directories: { output: string };
  linux: { target: string[] }; win: { target: { target: string }[] }; mac: { target: { target: string }[] };
};
const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
  getConfig(dir: string, path: string, extra: null): Promise<Config>;
  validateConfiguration(c: unknown, log: unknown): Promise<void>;
};
const quietLog = { text: () => '', get: () => null, isEnabled: false, add: () => undefined };

async function load(path: string): Promise<Config> {
  const config = await getConfig(root, path, null);
  await validateConfiguration(config, quietLog);
  return config;
}

test('release config: valid, all four targets, fuses off, native module and worker unpacked, nothing published', async () => {
  const c = await load('build/electron-builder.yml');
  assert.deepEqual(c.linux.target, ['deb', 'AppImage']);
  assert.deepEqual(c.win.target.map((t) => t.target), ['nsis']);
  assert.deepEqual(c.mac.target.map((t) => t.target), ['dmg']);
  assert.deepEqual(
    { runAsNode: c.electronFuses.runAsNode, nodeOptions: c.electronFuses.enableNodeOptionsEnvironmentVariable, inspect: c.electronFuses.enableNodeCliInspectArguments, file: c.electronFuses.grantFileProtocolExtraPrivileges, asarOnly: c.electronFuses.onlyLoadAppFromAsar, integrity: c.electronFuses.enableEmbeddedAsarIntegrityValidation },
    { runAsNode: false, nodeOptions: false, inspect: false, file: false, asarOnly: true, integrity: true },
  );
  assert.ok(c.asarUnpack.includes('dist/electron/analysis-worker.cjs'));
  assert.ok(c.asarUnpack.includes('native/**/*'));
  // Never rebuilt in place (that broke the Node binary): the Electron one ships from native/.
  assert.equal(c.npmRebuild, false);
  assert.equal(c.publish, null);
  const files = c.files.flatMap((f) => (typeof f === 'string' ? [f] : f.filter));
  for (const pattern of ['dist/electron/**/*', 'dist/renderer/**/*', '!dist/**/*.map', 'native/electron-*/better_sqlite3.node', '!**/node_modules/better-sqlite3/build/**']) assert.ok(files.includes(pattern), pattern);
});

test('e2e config: the same but with the inspector fuse Playwright needs, into release/e2e', async () => {
  const c = await load('build/electron-builder.e2e.yml');
  assert.equal(c.electronFuses.enableNodeCliInspectArguments, true);
  assert.equal(c.electronFuses.runAsNode, false);
  assert.equal(c.directories.output, 'release/e2e');
  assert.ok(c.asarUnpack.includes('dist/electron/analysis-worker.cjs'));
});

test('a wrong key is refused by the same validation (the check can fail)', async () => {
  await assert.rejects(validateConfiguration({ electronFusez: {} }, quietLog), /configuration object/);
});
