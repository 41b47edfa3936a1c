#!/usr/bin/env node
// Bundles the app with esbuild into dist/:
//   dist/electron/main.cjs, preload.cjs   the Electron shell (electron and native modules external)
//   dist/electron/analysis-worker.cjs      the analysis worker thread
//   dist/cli/krp.cjs                       the CLI (same code paths as the app)
//   dist/renderer/                         the React UI (index.html, app.js, app.css, fonts)
import { build } from 'esbuild';
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = join(root, 'dist');
const production = process.env.NODE_ENV === 'production';

const nodeEntries = [
  { in: 'electron/main.ts', out: 'electron/main.cjs' },
  { in: 'electron/preload.ts', out: 'electron/preload.cjs' },
  { in: 'electron/analysis/worker.ts', out: 'electron/analysis-worker.cjs' },
  { in: 'electron/cli/krp.ts', out: 'cli/krp.cjs' },
];

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const failures = [];
for (const entry of nodeEntries) {
  if (!existsSync(join(root, entry.in))) {
    console.warn(`build: ${entry.in} does not exist yet; skipped`);
    continue;
  }
  // Each entry is built on its own so one broken entry does not hide the others' errors.
  await build({
    entryPoints: [join(root, entry.in)],
    outfile: join(out, entry.out),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: true,
    minify: false,
    external: ['electron', 'better-sqlite3'],
    define: { 'import.meta.url': 'import_meta_url' },
    inject: [join(root, 'scripts', 'import-meta-url.cjs')],
    logLevel: 'warning',
  }).catch(() => failures.push(entry.in));
}

if (existsSync(join(root, 'renderer', 'main.tsx'))) {
  await build({
    entryPoints: { app: join(root, 'renderer', 'main.tsx') },
    outdir: join(out, 'renderer'),
    bundle: true,
    platform: 'browser',
    target: 'chrome120',
    format: 'esm',
    sourcemap: true,
    minify: production,
    loader: { '.woff2': 'file', '.ttf': 'file', '.otf': 'file', '.png': 'file', '.svg': 'file' },
    define: { 'process.env.NODE_ENV': JSON.stringify(production ? 'production' : 'development') },
    logLevel: 'warning',
  });
  for (const file of ['index.html']) {
    if (existsSync(join(root, 'renderer', file))) cpSync(join(root, 'renderer', file), join(out, 'renderer', file));
  }
  cpSync(join(root, 'docs', 'licences.md'), join(out, 'renderer', 'licences.md')); // the shipped font's OFL notice travels with it
}
if (failures.length > 0) {
  console.error(`build: failed for ${failures.join(', ')}`);
  process.exit(1);
}
console.log('build: dist/ ready');
