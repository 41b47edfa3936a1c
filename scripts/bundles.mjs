// The app's bundles, each built for the runtime that loads it (esbuild):
//   electron/main.cjs             Electron main process (Node + electron). better-sqlite3 is routed
//                                 through electron/shell/electron-sqlite.ts, which hands every
//                                 Database the Electron-ABI binary main.ts loaded (native/…).
//   electron/preload.cjs          Electron's *sandboxed* preload: no Node beyond the polyfilled
//                                 require (electron, events, timers, url); checked after the build.
//   electron/analysis-worker.cjs  the analysis worker thread (Node)
//   cli/krp.cjs                   the CLI (Node; the ordinary better-sqlite3 binary)
//   renderer/                     the React UI (a web page; checked: no require, no Node globals)
// Used by scripts/build.mjs (into dist/) and by the boot tests (into a temporary folder).
import { build } from 'esbuild';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rendererProblems, sandboxedPreloadProblems } from './bundle-checks.mjs';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));

const SQLITE_WRAPPER = join(ROOT, 'electron', 'shell', 'electron-sqlite.ts');

/** In the main bundle every `better-sqlite3` import except the wrapper's own gets the wrapper. */
const electronSqlitePlugin = {
  name: 'electron-sqlite',
  setup(b) {
    b.onResolve({ filter: /^better-sqlite3$/ }, (args) => (args.importer === SQLITE_WRAPPER ? { path: 'better-sqlite3', external: true } : { path: SQLITE_WRAPPER }));
  },
};

const nodeOptions = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  minify: false,
  external: ['electron', 'better-sqlite3'],
  define: { 'import.meta.url': 'import_meta_url' },
  inject: [join(ROOT, 'scripts', 'import-meta-url.cjs')],
  logLevel: 'warning',
};

/** Each bundle's entry, output and esbuild options. */
export const BUNDLES = [
  { name: 'main', in: 'electron/main.ts', out: 'electron/main.cjs', options: { ...nodeOptions, plugins: [electronSqlitePlugin] } },
  {
    name: 'preload', in: 'electron/preload.ts', out: 'electron/preload.cjs', check: sandboxedPreloadProblems,
    // A browser-platform CommonJS script: nothing injected, `electron` left to the sandbox's require.
    options: { bundle: true, platform: 'browser', target: 'chrome120', format: 'cjs', sourcemap: true, minify: false, external: ['electron'], logLevel: 'warning' },
  },
  { name: 'worker', in: 'electron/analysis/worker.ts', out: 'electron/analysis-worker.cjs', options: nodeOptions },
  { name: 'cli', in: 'electron/cli/krp.ts', out: 'cli/krp.cjs', options: nodeOptions },
];

/**
 * Builds the named bundles (default: all, renderer included) into `outDir`, which is emptied
 * first. Returns the list of failures, each `entry: reason` (empty when all built and passed
 * their runtime check).
 */
export async function buildBundles(outDir, { only = null, renderer = true, production = false } = {}) {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const failures = [];
  for (const entry of BUNDLES.filter((e) => only === null || only.includes(e.name))) {
    if (!existsSync(join(ROOT, entry.in))) {
      console.warn(`build: ${entry.in} does not exist yet; skipped`);
      continue;
    }
    // Each entry is built on its own so one broken entry does not hide the others' errors.
    const outfile = join(outDir, entry.out);
    const built = await build({ entryPoints: [join(ROOT, entry.in)], outfile, ...entry.options }).then(() => true, () => false);
    if (!built) { failures.push(`${entry.in}: esbuild failed`); continue; }
    for (const problem of entry.check?.(readFileSync(outfile, 'utf8')) ?? []) failures.push(`${entry.out}: ${problem}`);
  }
  if (renderer && existsSync(join(ROOT, 'renderer', 'main.tsx'))) {
    const rendererDir = join(outDir, 'renderer');
    await build({
      entryPoints: { app: join(ROOT, 'renderer', 'main.tsx') },
      outdir: rendererDir,
      bundle: true,
      platform: 'browser',
      target: 'chrome120',
      format: 'esm',
      sourcemap: true,
      minify: production,
      loader: { '.woff2': 'file', '.ttf': 'file', '.otf': 'file', '.png': 'file', '.svg': 'file' },
      define: { 'process.env.NODE_ENV': JSON.stringify(production ? 'production' : 'development') },
      logLevel: 'warning',
    }).then(
      () => { for (const problem of rendererProblems(readFileSync(join(rendererDir, 'app.js'), 'utf8'))) failures.push(`renderer/app.js: ${problem}`); },
      () => { failures.push('renderer/main.tsx: esbuild failed'); },
    );
    for (const file of ['index.html']) {
      if (existsSync(join(ROOT, 'renderer', file))) cpSync(join(ROOT, 'renderer', file), join(rendererDir, file));
    }
    // the shipped font's OFL notice travels with it
    if (existsSync(join(ROOT, 'docs', 'licences.md'))) cpSync(join(ROOT, 'docs', 'licences.md'), join(rendererDir, 'licences.md'));
  }
  return failures;
}
