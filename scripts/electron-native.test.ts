/**
 * scripts/electron-native.mjs without network: a matching binary already in native/ is reused
 * (nothing fetched, nothing built, node_modules untouched); a missing or stale one is not.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
const electronVersion = (JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8')) as { version: string }).version;
const sqliteVersion = (JSON.parse(readFileSync(require.resolve('better-sqlite3/package.json'), 'utf8')) as { version: string }).version;
const abi = Number(readFileSync(join(root, 'node_modules', 'electron', 'abi_version'), 'utf8').trim());
const nodeBinary = join(dirname(require.resolve('better-sqlite3/package.json')), 'build', 'Release', 'better_sqlite3.node');

function plant(out: string, declaredAbi: number, info: Record<string, unknown>): string {
  const dir = join(out, `electron-${abi}-${process.platform}-${process.arch}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'better_sqlite3.node'), `\0node_register_module_v${declaredAbi}\0`);
  writeFileSync(join(dir, 'build-info.json'), JSON.stringify(info));
  return dir;
}

test('a binary for this Electron and better-sqlite3 already in native/ is reused without network', (t) => {
  const out = mkdtempSync(join(tmpdir(), 'krp-native-'));
  t.after(() => rmSync(out, { recursive: true, force: true }));
  plant(out, abi, { betterSqlite3: sqliteVersion, electron: electronVersion, abi });
  const before = statSync(nodeBinary).mtimeMs;
  const run = spawnSync(process.execPath, [join(root, 'scripts', 'electron-native.mjs'), '--out', out], { encoding: 'utf8', env: { ...process.env, npm_config_offline: 'true' } });
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, new RegExp(`reusing .*electron-${abi}-.*better_sqlite3\\.node \\(better-sqlite3 ${sqliteVersion}, Electron ${electronVersion}, ABI ${abi}\\)`));
  assert.equal(statSync(nodeBinary).mtimeMs, before, "node_modules' binary untouched");
});

test('a missing, wrong-ABI or other-version binary is not reused (--check says why)', (t) => {
  const check = (out: string) => spawnSync(process.execPath, [join(root, 'scripts', 'electron-native.mjs'), '--check', '--out', out], { encoding: 'utf8' });
  const cases: [string, (out: string) => void, RegExp][] = [
    ['missing', () => undefined, /needs a build: .*better_sqlite3\.node does not exist/],
    ['node abi', (out) => plant(out, Number(process.versions.modules), { betterSqlite3: sqliteVersion, electron: electronVersion }), new RegExp(`declares ABI ${process.versions.modules}, Electron .* needs ${abi}`)],
    ['old electron', (out) => plant(out, abi, { betterSqlite3: sqliteVersion, electron: '44.0.0' }), /built for Electron 44\.0\.0/],
    ['old sqlite', (out) => plant(out, abi, { betterSqlite3: '11.0.0', electron: electronVersion }), /built from better-sqlite3 11\.0\.0/],
    ['fresh', (out) => plant(out, abi, { betterSqlite3: sqliteVersion, electron: electronVersion }), /up to date/],
  ];
  for (const [name, setUp, expected] of cases) {
    const out = mkdtempSync(join(tmpdir(), 'krp-native-check-'));
    t.after(() => rmSync(out, { recursive: true, force: true }));
    setUp(out);
    const run = check(out);
    assert.equal(run.status, name === 'fresh' ? 0 : 1, `${name}: ${run.stdout}${run.stderr}`);
    assert.match(run.stdout, expected, name);
  }
});
