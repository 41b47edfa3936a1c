/**
 * Boot test: the *built* preload (scripts/bundles.mjs → preload.cjs) run as Electron's sandboxed
 * preload (test-support/sandboxed-preload.ts) exposes `krp` with every contract method and the
 * events, and `krpFiles.pathForFile`; calls go over the invoke channel, events come in on the
 * event channel. Also: the build-time check refuses what the sandbox cannot run.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { EVENT_CHANNEL, EVENT_NAMES, INVOKE_CHANNEL, METHOD_NAMES } from '../../shared/api';
import { rendererProblems, requireCalls, sandboxedPreloadProblems } from '../../scripts/bundle-checks.mjs';
import { buildBundles } from '../../scripts/bundles.mjs';
import { runSandboxedPreload } from '../../test-support/sandboxed-preload';

let outDir = '';
let source = '';

before(async () => {
  outDir = mkdtempSync(join(tmpdir(), 'krp-boot-preload-'));
  const failures = await buildBundles(outDir, { only: ['preload'], renderer: false });
  assert.deepEqual(failures, []);
  source = readFileSync(join(outDir, 'electron', 'preload.cjs'), 'utf8');
});
after(() => { rmSync(outDir, { recursive: true, force: true }); });

test('the built preload runs in the sandbox and exposes krp with every contract method', async () => {
  const rec = runSandboxedPreload(source, (_channel, method) => ({ ok: true, value: `answer to ${String(method)}` }));
  assert.deepEqual([...rec.exposed.keys()].sort(), ['krp', 'krpFiles']);
  assert.deepEqual([...new Set(rec.required)], ['electron']);
  const krp = rec.exposed.get('krp') as Record<string, Record<string, (a?: unknown) => Promise<unknown>> | ((...a: unknown[]) => unknown)>;
  for (const method of METHOD_NAMES) {
    const [ns, verb] = method.split('.') as [string, string];
    const fn = (krp[ns] as Record<string, (a?: unknown) => Promise<unknown>> | undefined)?.[verb];
    assert.equal(typeof fn, 'function', `krp.${method}`);
  }
  const first = METHOD_NAMES[0]!;
  const [ns, verb] = first.split('.') as [string, string];
  const value = await (krp[ns] as Record<string, (a?: unknown) => Promise<unknown>>)[verb]!({ x: 1 });
  assert.equal(value, `answer to ${first}`);
  assert.deepEqual(rec.invokes, [[INVOKE_CHANNEL, first, { x: 1 }]]);
});

test('events reach a subscriber over the event channel, and unsubscribe removes the listener', () => {
  const rec = runSandboxedPreload(source);
  const on = rec.exposed.get('krp') as { on(event: string, listener: (p: unknown) => void): () => void };
  for (const event of EVENT_NAMES) {
    const got: unknown[] = [];
    const off = on.on(event, (p) => got.push(p));
    for (const listener of rec.listeners.get(EVENT_CHANNEL) ?? []) {
      listener({}, event, { n: 1 });
      listener({}, 'some.other-event', { n: 2 });
    }
    assert.deepEqual(got, [{ n: 1 }], event);
    off();
    assert.equal((rec.listeners.get(EVENT_CHANNEL) ?? []).length, 0);
  }
  const files = rec.exposed.get('krpFiles') as { pathForFile(f: unknown): string };
  assert.equal(files.pathForFile({ path: '/scans/bold.nii.gz' }), '/scans/bold.nii.gz');
});

test('a preload that uses __filename or Node modules fails in the same sandbox (the harness can fail)', () => {
  assert.throws(() => runSandboxedPreload('var u = require("url").pathToFileURL(__filename).href;'), /__filename is not defined/);
  assert.throws(() => runSandboxedPreload('require("fs").readFileSync("/etc/hostname");'), /module not found: fs/);
  assert.throws(() => runSandboxedPreload('require("electron").ipcMain.handle("x", () => 1);'), /Cannot read properties of undefined/);
});

test('the build check names what the sandbox lacks, and passes the built bundle', () => {
  assert.deepEqual(sandboxedPreloadProblems(source), []);
  assert.deepEqual(requireCalls('a(require("x")); b.require("y"); require(name); require( \'node:url\' )'), { literal: ['x', 'node:url'], dynamic: 1 });
  const problems = sandboxedPreloadProblems('var u = require("url").pathToFileURL(__filename).href; require("fs"); require(x); import_meta_url;');
  assert.equal(problems.length, 4, problems.join('\n'));
  assert.match(problems.join('\n'), /require\("fs"\)/);
  assert.match(problems.join('\n'), /__filename/);
  assert.match(problems.join('\n'), /computed module name/);
  assert.deepEqual(sandboxedPreloadProblems('require("node:events"); require("timers");'), []);
  assert.equal(rendererProblems('const x = require("events");').length, 1);
  assert.deepEqual(rendererProblems('const u = new URL("./a.wasm", import.meta.url);'), []);
});
