#!/usr/bin/env node
// The one test command (`npm test`): unit tests (`*.test.ts` beside the code they test) and the
// end-to-end journeys (`e2e/**/*.spec.ts`), each suite run by Node's own test runner with tsx as
// the TypeScript loader. Ends with one line `N passed, N failed, N skipped` summing every suite,
// which CI reads. Flags: --unit, --e2e (only that suite); any other argument filters file paths.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const onlyUnit = args.includes('--unit');
const onlyE2e = args.includes('--e2e');
const filters = args.filter((a) => !a.startsWith('--'));

/** Every file below `dir` whose name ends with `suffix`, skipping dependencies and build output. */
function findFiles(dir, suffix) {
  const found = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found.push(...findFiles(path, suffix));
    else if (name.endsWith(suffix)) found.push(path);
  }
  return found.sort();
}

function selected(files) {
  const rel = files.map((f) => relative(root, f).split(sep).join('/'));
  return filters.length === 0 ? rel : rel.filter((f) => filters.some((q) => f.includes(q)));
}

/** Runs one suite; returns its counts as read from the TAP summary the runner writes. */
function runSuite(name, files, concurrency) {
  if (files.length === 0) return { pass: 0, fail: 0, skipped: 0 };
  console.log(`\n=== ${name}: ${files.length} file(s)`);
  const tmp = mkdtempSync(join(tmpdir(), 'krp-test-'));
  const tapFile = join(tmp, 'summary.tap');
  const result = spawnSync(
    process.execPath,
    [
      '--import', 'tsx',
      '--test',
      `--test-concurrency=${concurrency}`,
      '--test-reporter=spec', '--test-reporter-destination=stdout',
      '--test-reporter=tap', `--test-reporter-destination=${tapFile}`,
      ...files,
    ],
    { cwd: root, stdio: 'inherit', env: { ...process.env, FORCE_COLOR: '0' } },
  );
  let tap = '';
  try { tap = readFileSync(tapFile, 'utf8'); } catch { /* runner died before writing */ }
  rmSync(tmp, { recursive: true, force: true });
  const count = (key) => Number((tap.match(new RegExp(`^# ${key} (\\d+)$`, 'm')) ?? [])[1] ?? 0);
  const counts = { pass: count('pass'), fail: count('fail') + count('cancelled'), skipped: count('skipped') + count('todo') };
  if (result.status !== 0 && counts.fail === 0) counts.fail = 1; // a crash counts as a failure
  console.log(`=== ${name}: ${counts.pass} passed, ${counts.fail} failed, ${counts.skipped} skipped`);
  return counts;
}

/**
 * Why the e2e journeys cannot run here (null when they can): the default mode drives Debian's
 * Chromium (`KRP_CHROMIUM` overrides the path, as in e2e/support/launcher.ts); fail at once with
 * what to do rather than time out later.
 */
function missingBrowser() {
  if (process.env.KRP_E2E_ELECTRON === '1') return null; // the launcher checks the Electron binary itself
  const exe = process.env.KRP_CHROMIUM ?? '/usr/bin/chromium';
  if (existsSync(exe)) return null;
  return `No Chromium at ${exe}: install Debian's chromium (\`sudo apt-get install chromium\`; .ci/run does) or set KRP_CHROMIUM to a Chromium/Chrome executable.`;
}

const totals = { pass: 0, fail: 0, skipped: 0 };
const add = (c) => { totals.pass += c.pass; totals.fail += c.fail; totals.skipped += c.skipped; };

if (!onlyE2e) {
  const unit = selected(['shared', 'electron', 'renderer', 'scripts', 'bench', 'e2e'].flatMap((d) => {
    try { return findFiles(join(root, d), '.test.ts'); } catch { return []; }
  }));
  add(runSuite('unit', unit, 2));
}
if (!onlyUnit) {
  const e2e = selected((() => { try { return findFiles(join(root, 'e2e'), '.spec.ts'); } catch { return []; } })());
  const browserProblem = e2e.length > 0 ? missingBrowser() : null;
  if (browserProblem !== null) {
    console.error(`\n=== e2e: not run. ${browserProblem}`);
    add({ pass: 0, fail: 1, skipped: 0 });
  } else if (e2e.length > 0) {
    const build = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
    if (build.status !== 0) add({ pass: 0, fail: 1, skipped: 0 });
    else add(runSuite('e2e', e2e, 1));
  }
}

console.log(`\n${totals.pass} passed, ${totals.fail} failed, ${totals.skipped} skipped`);
process.exit(totals.fail > 0 ? 1 : 0);
