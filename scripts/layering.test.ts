/**
 * The layering rules, checked on every import in the tree (the per-layer tsconfigs check types;
 * this checks the import graph itself):
 *   shared/    imports nothing from electron/ or renderer/, and no Node built-in
 *   renderer/  imports nothing from electron/, no Node built-in, never 'electron'
 *   electron/  imports nothing from renderer/; only the shell files import 'electron'
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sources(path));
    else if (/\.(ts|tsx)$/.test(name) && !/\.(test|spec)\.tsx?$/.test(name) && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found: string[] = [];
  for (const m of text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g)) {
    found.push(m[1] ?? m[2] ?? m[3]);
  }
  return found;
}

function layerOf(file: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null;
  const target = relative(root, join(file, '..', spec)).split(sep)[0];
  return target;
}

function violations(layer: string, rule: (file: string, spec: string) => string | null): string[] {
  const out: string[] = [];
  for (const file of sources(join(root, layer))) {
    for (const spec of importsOf(file)) {
      const problem = rule(file, spec);
      if (problem) out.push(`${relative(root, file)} imports '${spec}': ${problem}`);
    }
  }
  return out;
}

test('shared/ imports nothing from electron/ or renderer/ and no Node built-in', () => {
  assert.deepEqual(violations('shared', (file, spec) => {
    if (builtins.has(spec)) return 'a Node built-in in shared/';
    const layer = layerOf(file, spec);
    return layer === 'electron' || layer === 'renderer' ? `shared/ may not import ${layer}/` : null;
  }), []);
});

test('renderer/ never touches Node, Electron or electron/', () => {
  assert.deepEqual(violations('renderer', (file, spec) => {
    if (builtins.has(spec)) return 'a Node built-in in the renderer';
    if (spec === 'electron' || spec.startsWith('electron/')) return 'Electron in the renderer';
    return layerOf(file, spec) === 'electron' ? 'the renderer may not import electron/' : null;
  }), []);
});

test('electron/ imports nothing from renderer/, and only the shell imports Electron', () => {
  const shell = /^electron\/(main\.ts|preload\.ts|shell\/)/;
  assert.deepEqual(violations('electron', (file, spec) => {
    if (layerOf(file, spec) === 'renderer') return 'the main process may not import renderer/';
    if (spec === 'electron' && !shell.test(relative(root, file).split(sep).join('/'))) return 'Electron outside the shell (main.ts, preload.ts, shell/)';
    return null;
  }), []);
});
