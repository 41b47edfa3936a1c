#!/usr/bin/env node
// Bundles the app with esbuild into dist/ (see scripts/bundles.mjs for what each bundle may assume):
//   dist/electron/main.cjs, preload.cjs   the Electron shell (electron and native modules external)
//   dist/electron/analysis-worker.cjs      the analysis worker thread
//   dist/cli/krp.cjs                       the CLI (same code paths as the app)
//   dist/renderer/                         the React UI (index.html, app.js, app.css, fonts)
// Fails (exit 1) when a bundle does not build or assumes something its runtime lacks.
import { join } from 'node:path';
import { ROOT, buildBundles } from './bundles.mjs';

const failures = await buildBundles(join(ROOT, 'dist'), { production: process.env.NODE_ENV === 'production' });
if (failures.length > 0) {
  console.error(`build: failed\n  ${failures.join('\n  ')}`);
  process.exit(1);
}
console.log('build: dist/ ready');
