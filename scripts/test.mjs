#!/usr/bin/env node
// The one test command (`npm test`): unit tests (`*.test.ts` beside the code they test) and the
// end-to-end journeys (`e2e/**/*.spec.ts`), each file run in its own process by Node's test harness
// with tsx as the TypeScript loader. Ends with one line `N passed, N failed, N skipped` summing every suite,
// which CI reads. Flags: --unit, --e2e (only that suite); any other argument filters file paths.
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
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

/**
 * Runs one suite, each test file in its own `node --import tsx FILE` process (at most `concurrency`
 * at once), and returns its counts as read from each file's TAP summary.
 *
 * Not `node --test FILES`: on Node 20 that runner reads its children's v8-serialized reports back
 * with a parser that reorders bytes when a pipe read ends inside a message's size field, and fails
 * a file that passed ("Unable to deserialize cloned data", seen in CI on a file with no failure).
 * A file run directly reports in-process, so nothing has to be parsed back.
 */
async function runSuite(name, files, concurrency) {
  if (files.length === 0) return { pass: 0, fail: 0, skipped: 0 };
  console.log(`\n=== ${name}: ${files.length} file(s)`);
  const tmp = mkdtempSync(join(tmpdir(), 'krp-test-'));
  const counts = { pass: 0, fail: 0, skipped: 0 };
  const failedFiles = [];
  const live = concurrency === 1; // one file at a time: its output can stream as it runs
  let next = 0;
  async function worker() {
    while (next < files.length) {
      const index = next++;
      const file = files[index];
      const tapFile = join(tmp, `${index}.tap`);
      const output = [];
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', '--test-reporter=spec', '--test-reporter-destination=stdout', '--test-reporter=tap', `--test-reporter-destination=${tapFile}`, file],
        { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '0' } },
      );
      if (live) console.log(`\n--- ${file}`);
      for (const stream of [child.stdout, child.stderr]) {
        stream.on('data', (chunk) => (live ? process.stdout.write(chunk) : output.push(chunk)));
      }
      const [code, signal] = await once(child, 'close');
      if (!live) process.stdout.write(`\n--- ${file}\n${Buffer.concat(output).toString('utf8')}`);
      const fileCounts = tapCounts(tapFile);
      if ((code !== 0 || signal !== null) && fileCounts.fail === 0) fileCounts.fail = 1; // a crash counts as a failure
      if (fileCounts.fail > 0) failedFiles.push(file);
      counts.pass += fileCounts.pass; counts.fail += fileCounts.fail; counts.skipped += fileCounts.skipped;
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, files.length) }, worker));
  rmSync(tmp, { recursive: true, force: true });
  for (const file of failedFiles) console.log(`✖ failed: ${file}`);
  console.log(`=== ${name}: ${counts.pass} passed, ${counts.fail} failed, ${counts.skipped} skipped`);
  return counts;
}

/** The counts in the summary a TAP reporter writes at the end of a file's run (zeros if none). */
function tapCounts(tapFile) {
  let tap = '';
  try { tap = readFileSync(tapFile, 'utf8'); } catch { /* the file died before its reporter wrote */ }
  const count = (key) => Number((tap.match(new RegExp(`^# ${key} (\\d+)$`, 'm')) ?? [])[1] ?? 0);
  return { pass: count('pass'), fail: count('fail') + count('cancelled'), skipped: count('skipped') + count('todo') };
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
  add(await runSuite('unit', unit, 2));
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
    else add(await runSuite('e2e', e2e, 1));
  }
}

console.log(`\n${totals.pass} passed, ${totals.fail} failed, ${totals.skipped} skipped`);
process.exit(totals.fail > 0 ? 1 : 0);
