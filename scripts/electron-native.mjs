#!/usr/bin/env node
// Builds (or reuses) better-sqlite3 for Electron's ABI in its own place,
//   native/electron-<abi>-<platform>-<arch>/better_sqlite3.node  (+ build-info.json)
// never touching node_modules/better-sqlite3, whose binary stays Node's for the CLI and tests.
// The app loads this file through better-sqlite3's `nativeBinding` (electron/shell/electron-sqlite.ts)
// after checking its ABI (electron/shell/native-abi.ts). `npm start` and `npm run dist` run this.
//
//   node scripts/electron-native.mjs [--force] [--arch x64|arm64] [--platform linux|win32|darwin] [--out DIR]
//   node scripts/electron-native.mjs --check   exit 0 when a reusable binary is there, else 1 with why
// (--out: where the native/ folder is, default the project's own; used by the tests.)
//
// How: a scratch copy of the installed better-sqlite3 package gets `prebuild-install --runtime
// electron --target <electron version>` (a prebuilt binary from the package's GitHub releases);
// when none is offered, `node-gyp rebuild` against Electron's headers (needs Python 3 and a C++
// toolchain). Both need network access. Works on Node 20 (no @electron/rebuild, which needs ≥ 22.12).
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ROOT } from './bundles.mjs';

const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
const option = (name, fallback) => { const i = args.indexOf(name); return i >= 0 && args[i + 1] ? args[i + 1] : fallback; };
const force = args.includes('--force');
const arch = option('--arch', process.arch);
const platform = option('--platform', process.platform);

/** The ABI a binary declares in its `node_register_module_v<ABI>` export (see native-abi.ts). */
function declaredAbi(path) {
  if (!existsSync(path)) return null;
  const found = [...new Set([...readFileSync(path).toString('latin1').matchAll(/node_register_module_v(\d+)/g)].map((m) => Number(m[1])))];
  return found.length === 1 ? found[0] : null;
}

function fail(message) {
  console.error(`electron-native: ${message}`);
  process.exit(1);
}

const electronDir = join(ROOT, 'node_modules', 'electron');
const sqliteDir = join(ROOT, 'node_modules', 'better-sqlite3');
if (!existsSync(join(electronDir, 'package.json'))) fail('node_modules/electron is missing: run `npm ci` first.');
const electronVersion = JSON.parse(readFileSync(join(electronDir, 'package.json'), 'utf8')).version;
const abiFile = join(electronDir, 'abi_version');
const abi = existsSync(abiFile) ? Number(readFileSync(abiFile, 'utf8').trim()) : Number(require('node-abi').getAbi(electronVersion, 'electron'));
const sqliteVersion = JSON.parse(readFileSync(join(sqliteDir, 'package.json'), 'utf8')).version;

const targetDir = join(resolve(option('--out', join(ROOT, 'native'))), `electron-${abi}-${platform}-${arch}`);
const target = join(targetDir, 'better_sqlite3.node');
const infoFile = join(targetDir, 'build-info.json');
const nodeBinary = join(sqliteDir, 'build', 'Release', 'better_sqlite3.node');
const nodeAbiBefore = declaredAbi(nodeBinary);

/** Why the binary in place cannot be reused, or null when it can. */
function staleReason() {
  if (!existsSync(target)) return `${target} does not exist`;
  const found = declaredAbi(target);
  if (found !== abi) return `${target} declares ABI ${found ?? 'none'}, Electron ${electronVersion} needs ${abi}`;
  if (!existsSync(infoFile)) return `${infoFile} is missing`;
  let info;
  try { info = JSON.parse(readFileSync(infoFile, 'utf8')); } catch { return `${infoFile} is not valid JSON`; }
  if (info.betterSqlite3 !== sqliteVersion) return `it was built from better-sqlite3 ${info.betterSqlite3}, installed is ${sqliteVersion}`;
  if (info.electron !== electronVersion) return `it was built for Electron ${info.electron}, installed is ${electronVersion}`;
  return null;
}

const stale = staleReason();
if (args.includes('--check')) {
  if (stale === null) console.log(`electron-native: up to date: ${target}`);
  else console.log(`electron-native: needs a build: ${stale}`);
  process.exit(stale === null ? 0 : 1);
}
if (!force && stale === null) {
  console.log(`electron-native: reusing ${target} (better-sqlite3 ${sqliteVersion}, Electron ${electronVersion}, ABI ${abi})`);
  process.exit(0);
}

// Work on a scratch copy so node_modules/better-sqlite3/build (Node's binary) is never rewritten.
const scratch = mkdtempSync(join(tmpdir(), 'krp-electron-native-'));
const pkg = join(scratch, 'better-sqlite3');
cpSync(sqliteDir, pkg, { recursive: true, filter: (src) => !src.startsWith(join(sqliteDir, 'build')) });
const run = (command, commandArgs) => spawnSync(process.execPath, [command, ...commandArgs], { cwd: pkg, stdio: 'inherit', env: { ...process.env, npm_config_arch: arch, npm_config_platform: platform } });

let how = 'prebuilt (prebuild-install)';
let result = run(require.resolve('prebuild-install/bin.js'), ['--runtime', 'electron', '--target', electronVersion, '--arch', arch, '--platform', platform, '--verbose']);
const built = join(pkg, 'build', 'Release', 'better_sqlite3.node');
if (result.status !== 0 || !existsSync(built)) {
  console.log('electron-native: no prebuilt binary was fetched; building from source against Electron headers (needs Python 3 and a C++ toolchain)');
  how = 'source (node-gyp)';
  result = run(require.resolve('node-gyp/bin/node-gyp.js'), ['rebuild', '--release', `--target=${electronVersion}`, `--arch=${arch}`, '--dist-url=https://electronjs.org/headers']);
}
if (result.status !== 0 || !existsSync(built)) {
  rmSync(scratch, { recursive: true, force: true });
  fail(`could not obtain better-sqlite3 ${sqliteVersion} for Electron ${electronVersion} (ABI ${abi}, ${platform}-${arch}). This needs network access (and, without a prebuilt binary, Python 3 and a C++ toolchain: build-essential on Debian/Ubuntu, Xcode command-line tools on macOS, Visual Studio Build Tools on Windows).`);
}
const builtAbi = declaredAbi(built);
if (builtAbi !== abi) fail(`the binary obtained declares ABI ${builtAbi}, not Electron's ${abi}; nothing was installed.`);
mkdirSync(targetDir, { recursive: true });
copyFileSync(built, target);
writeFileSync(infoFile, `${JSON.stringify({ betterSqlite3: sqliteVersion, electron: electronVersion, abi, platform, arch, how, builtAt: new Date().toISOString() }, null, 2)}\n`);
rmSync(scratch, { recursive: true, force: true });

const nodeAbiAfter = declaredAbi(nodeBinary);
if (nodeAbiAfter !== nodeAbiBefore) fail(`node_modules' better-sqlite3 binary changed ABI (${nodeAbiBefore} → ${nodeAbiAfter}); run \`npm rebuild better-sqlite3\`.`);
console.log(`electron-native: ${target} ready (${how}, ABI ${abi}); node_modules' binary unchanged (ABI ${nodeAbiAfter})`);
