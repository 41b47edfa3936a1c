/**
 * Packaging of the preprocessing runtime files: build/electron-builder.yml unpacks every file the
 * dcm2niix and elastix locators return (matched against its asarUnpack globs, as they lie under
 * node_modules here), ships the MNI templates as extra resources, and the locators resolve from a
 * packaged layout (a bundle inside app.asar → the copies in app.asar.unpacked).
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { MNI_TEMPLATE_FILES, mniTemplateDir } from '../mni-templates';
import { dcm2niixDistDir } from './convert-dicom-module';
import { elastixFiles, packageDir } from './elastix-thread';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CONFIG = readFileSync(join(ROOT, 'build', 'electron-builder.yml'), 'utf8');

/** The items of a top-level YAML list (`key:` followed by `  - item` lines). */
function listOf(key: string): string[] {
  const lines = CONFIG.split('\n');
  const start = lines.findIndex((l) => l === `${key}:`);
  assert.ok(start >= 0, `${key} in electron-builder.yml`);
  const items: string[] = [];
  for (const line of lines.slice(start + 1)) {
    const m = /^\s+-\s+(.*)$/.exec(line);
    if (!m) break;
    items.push(m[1]!.replace(/^"(.*)"$/, '$1'));
  }
  return items;
}

/** electron-builder's glob subset used here: `**` any folders, `*` within one name. */
function matches(glob: string, path: string): boolean {
  const pattern = glob.split('/').map((part) => (part === '**' ? '(?:.*)' : part.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*'))).join('/')
    .replace(/\(\?:\.\*\)\//g, '(?:.*/)?');
  return new RegExp(`^${pattern}$`).test(path);
}

const unpacked = listOf('asarUnpack');
const isUnpacked = (absolute: string) => {
  const rel = relative(ROOT, absolute).split(sep).join('/');
  return unpacked.some((glob) => matches(glob, rel));
};

test('the glob matcher of this test reads electron-builder globs as they are meant', () => {
  assert.equal(matches('node_modules/itk-wasm/**/*', 'node_modules/itk-wasm/dist/a/b.js'), true);
  assert.equal(matches('node_modules/itk-wasm/**/*', 'node_modules/itk-wasm/package.json'), true);
  assert.equal(matches('node_modules/itk-wasm/**/*', 'node_modules/other/package.json'), false);
  assert.equal(matches('**/*.node', 'native/x/better_sqlite3.node'), true);
});

test('every file dcm2niix and elastix load at run time is asar-unpacked, and the MNI templates ship as resources', () => {
  const elastix = elastixFiles();
  const dcm2niix = dcm2niixDistDir();
  const needed = [
    elastix.loadModule, elastix.runPipeline, elastix.interfaceTypes,
    `${elastix.pipeline}.js`, `${elastix.pipeline}.wasm.zst`,
    join(packageDir('itk-wasm'), 'package.json'), join(packageDir('@itk-wasm/elastix'), 'package.json'),
    join(packageDir('@thewtex/zstddec', [packageDir('itk-wasm')]), 'package.json'),
    join(dcm2niix, 'dcm2niix.js'), join(dcm2niix, 'dcm2niix.wasm'),
    join(ROOT, 'dist', 'electron', 'analysis-worker.cjs'),
  ];
  assert.deepEqual(needed.filter((f) => !isUnpacked(f)).map((f) => relative(ROOT, f)), []);
  assert.match(CONFIG, /extraResources:\n\s+- from: resources\/mni\n\s+to: mni\n/);
});

test('from a packaged layout the locators find the unpacked copies (app.asar → app.asar.unpacked) and the resources', (t) => {
  const app = mkdtempSync(join(tmpdir(), 'krp-packaged-'));
  t.after(() => rmSync(app, { recursive: true, force: true }));
  const resources = join(app, 'resources');
  const unpackedModules = join(resources, 'app.asar.unpacked', 'node_modules');
  for (const name of ['itk-wasm', '@itk-wasm/elastix']) {
    mkdirSync(join(unpackedModules, name), { recursive: true });
    writeFileSync(join(unpackedModules, name, 'package.json'), '{}');
  }
  const insideAsar = join(resources, 'app.asar', 'dist', 'electron');
  assert.equal(packageDir('itk-wasm', [insideAsar]), join(unpackedModules, 'itk-wasm'));
  assert.equal(packageDir('@itk-wasm/elastix', [join(resources, 'app.asar.unpacked', 'dist', 'electron')]), join(unpackedModules, '@itk-wasm', 'elastix'));

  const dist = join(unpackedModules, '@niivue', 'dcm2niix', 'dist');
  mkdirSync(dist, { recursive: true });
  writeFileSync(join(dist, 'dcm2niix.js'), '');
  writeFileSync(join(dist, 'dcm2niix.wasm'), '');
  mkdirSync(join(resources, 'mni'), { recursive: true });
  writeFileSync(join(resources, 'mni', 'NOTICE.md'), 'notice');
  writeFileSync(join(resources, 'mni', MNI_TEMPLATE_FILES.t1), '');
  const saved = (process as { resourcesPath?: string }).resourcesPath;
  (process as { resourcesPath?: string }).resourcesPath = resources;
  try {
    assert.equal(dcm2niixDistDir(), dist);
    assert.equal(mniTemplateDir(), join(resources, 'mni'));
  } finally {
    (process as { resourcesPath?: string }).resourcesPath = saved;
  }
  assert.ok(dirname(dist).endsWith(join('@niivue', 'dcm2niix')));
});
