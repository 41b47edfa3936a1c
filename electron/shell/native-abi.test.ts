/**
 * The ABI check each runtime makes before loading better-sqlite3: the ABI read from the binary's
 * own `node_register_module_v<ABI>` export agrees with what actually loads (Node's binary in
 * node_modules, loaded in a child process), and a missing, foreign or wrong-ABI binary is refused
 * with a message that says how to rebuild.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { ELECTRON_REBUILD_COMMAND, MAX_ADDON_BYTES, NODE_REBUILD_COMMAND, checkAddonAbi, declaredAbis, electronAddonPath, readAddonAbi } from './native-abi';

const require = createRequire(import.meta.url);
const nodeBinary = join(dirname(require.resolve('better-sqlite3/package.json')), 'build', 'Release', 'better_sqlite3.node');

function scratch(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'krp-abi-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test("node_modules' better-sqlite3 declares this Node's ABI, and a child Node process really loads it", () => {
  const found = readAddonAbi(nodeBinary);
  assert.deepEqual(found, { kind: 'abi', abi: Number(process.versions.modules) });
  const check = checkAddonAbi({ binaryPath: nodeBinary, runtimeAbi: process.versions.modules, runtimeName: `Node ${process.version}`, rebuildCommand: NODE_REBUILD_COMMAND });
  assert.deepEqual(check, { ok: true, abi: Number(process.versions.modules) });
  const child = spawnSync(process.execPath, ['-e', `const m = { exports: {} }; process.dlopen(m, ${JSON.stringify(nodeBinary)}); console.log(typeof m.exports.Database)`], { encoding: 'utf8' });
  assert.equal(child.status, 0, child.stderr);
  assert.equal(child.stdout.trim(), 'function');
});

test('a binary built for another ABI is refused before loading, naming both ABIs and the rebuild command', (t) => {
  const dir = scratch(t);
  const path = join(dir, 'better_sqlite3.node');
  writeFileSync(path, Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2]), Buffer.from('\0node_register_module_v150\0napi\0')]));
  assert.deepEqual(readAddonAbi(path), { kind: 'abi', abi: 150 });
  const check = checkAddonAbi({ binaryPath: path, runtimeAbi: '115', runtimeName: 'Node 20', rebuildCommand: NODE_REBUILD_COMMAND });
  assert.equal(check.ok, false);
  assert.match(!check.ok ? check.message : '', /built for ABI 150, but Node 20 needs ABI 115\. Rebuild it: `npm rebuild better-sqlite3`/);
  // And the other way round: Node's real binary in Electron 45.
  const inElectron = checkAddonAbi({ binaryPath: nodeBinary, runtimeAbi: 150, runtimeName: 'Electron 45.5.0', rebuildCommand: ELECTRON_REBUILD_COMMAND });
  assert.equal(inElectron.ok, false);
  assert.match(!inElectron.ok ? inElectron.message : '', new RegExp(`built for ABI ${process.versions.modules}, but Electron 45\\.5\\.0 needs ABI 150\\. Rebuild it: .*scripts/electron-native\\.mjs --force`));
});

test('missing, symbol-less, ambiguous and oversized binaries are refused with their reason', (t) => {
  const dir = scratch(t);
  const input = (binaryPath: string) => ({ binaryPath, runtimeAbi: 150, runtimeName: 'Electron 45.5.0', rebuildCommand: ELECTRON_REBUILD_COMMAND });
  const missing = checkAddonAbi(input(join(dir, 'nope.node')));
  assert.match(!missing.ok ? missing.message : '', /is missing: .*nope\.node does not exist\. Rebuild it/);
  writeFileSync(join(dir, 'plain.node'), 'not an addon');
  const plain = checkAddonAbi(input(join(dir, 'plain.node')));
  assert.match(!plain.ok ? plain.message : '', /declares no node_register_module_v<ABI> symbol/);
  assert.deepEqual(declaredAbis(Buffer.from('node_register_module_v115 node_register_module_v150')), [115, 150]);
  writeFileSync(join(dir, 'two.node'), 'node_register_module_v115 node_register_module_v150');
  assert.match(JSON.stringify(readAddonAbi(join(dir, 'two.node'))), /several ABIs \(115, 150\)/);
  const big = join(dir, 'big.node');
  writeFileSync(big, '');
  truncateSync(big, MAX_ADDON_BYTES + 1); // sparse: nothing is allocated to make or refuse it
  assert.match(JSON.stringify(readAddonAbi(big)), /too large for a native addon/);
});

test('the Electron binary is looked up below the app folder, unpacked from the asar when packaged', () => {
  assert.equal(electronAddonPath('/home/u/krp', 150, 'linux', 'x64'), join('/home/u/krp', 'native', 'electron-150-linux-x64', 'better_sqlite3.node'));
  assert.equal(electronAddonPath('/opt/KRP/resources/app.asar', '150', 'linux', 'arm64'), join('/opt/KRP/resources/app.asar.unpacked', 'native', 'electron-150-linux-arm64', 'better_sqlite3.node'));
});
