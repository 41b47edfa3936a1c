/**
 * `krp --help` and `krp VERB [ACTION] --help`: usage on stdout, exit 0, nothing on stderr; every
 * option each command's parser accepts is in its help, and the README's command-line section
 * lists exactly the options the help lists. The CLI's record file is the app's.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { DATABASE_FILE } from '../shell/data-folder';
import { HELP, VERBS, verbHelp } from './cli-help';
import { DB_FILE_NAME } from './commands/record';
import { runCli } from './test-support/run-cli';

const root = fileURLToPath(new URL('../..', import.meta.url));

const run = (args: string[]) => runCli(args, { cwd: '/nonexistent' });

const flagsIn = (text: string) => new Set(text.match(/--[a-z][a-z-]*/g) ?? []);

test('krp --help, -h and help print every verb on stdout and exit 0', async () => {
  for (const args of [['--help'], ['-h'], ['help']]) {
    const r = await run(args);
    assert.deepEqual({ code: r.code, stderr: r.stderr }, { code: 0, stderr: '' }, args.join(' '));
    for (const verb of VERBS) assert.match(r.stdout, new RegExp(`^  krp ${verb} `, 'm'), `${args.join(' ')}: ${verb}`);
  }
  const none = await run([]);
  assert.equal(none.code, 2, 'no verb is still a usage error');
  assert.match(none.stderr, /krp --help/);
});

test('every verb and action answers --help with its usage and options, opening nothing', async () => {
  const forms = [...VERBS.map((v) => [v]), ['patients', 'list'], ['audit', 'verify'], ['audit', 'list'], ['scans', 'redact'], ['users', 'list'], ['users', 'add'], ['users', 'deactivate'], ['users', 'reset-password']];
  for (const form of forms) {
    for (const flag of ['--help', '-h']) {
      // Extra arguments that would otherwise be refused (or need a database) do not matter.
      const r = await run([...form, flag, '--db', '/nonexistent/x.sqlite']);
      assert.deepEqual({ code: r.code, stderr: r.stderr }, { code: 0, stderr: '' }, form.join(' '));
      assert.match(r.stdout, new RegExp(`^usage:\\n  krp ${form.join(' ')}`), form.join(' '));
    }
  }
  assert.equal((await run(['help', 'model'])).stdout, verbHelp('model'));
  assert.match(verbHelp('audit')!, /actions: verify, list/);
  assert.equal(verbHelp('nope'), null);
});

test("every option a command's parser accepts is in that command's help", () => {
  const sources: Record<string, string[]> = {
    analyze: ['analyze'], phantom: ['phantom'], model: ['model'], record: ['patients list', 'export', 'backup', 'restore', 'audit verify', 'audit list', 'scans redact'],
    users: ['users list', 'users add', 'users deactivate', 'users reset-password'],
  };
  for (const [file, verbs] of Object.entries(sources)) {
    const source = readFileSync(join(root, 'electron', 'cli', 'commands', `${file}.ts`), 'utf8');
    const accepted = new Set([...source.matchAll(/'(--[a-z][a-z-]*)'/g)].map((m) => m[1]!));
    const documented = new Set(verbs.flatMap((v) => [...flagsIn(verbHelp(v.split(' ')[0]!, v.split(' ').slice(1))!)]));
    const missing = [...accepted].filter((f) => !documented.has(f));
    assert.deepEqual(missing, [], `${file}.ts accepts options its help does not list`);
  }
});

/** The README lines showing `krp VERB …`, with their indented continuation lines. */
function readmeUsage(section: string, verb: string): string {
  const lines = section.split('\n');
  const out: string[] = [];
  lines.forEach((line, i) => {
    if (!new RegExp(`krp (-- )?${verb}( |$)`).test(line)) return;
    out.push(line);
    for (let j = i + 1; j < lines.length && lines[j]!.startsWith('    '); j++) out.push(lines[j]!);
  });
  return out.join(' ');
}

test("the README's command-line section lists exactly the options of the help", () => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const start = readme.indexOf('## Command line');
  assert.ok(start >= 0, 'README has a "## Command line" section');
  const end = readme.indexOf('\n## ', start + 1);
  const section = readme.slice(start, end < 0 ? undefined : end);
  const allHelp = Object.entries(HELP).map(([key, e]) => ({ verb: key.split(' ')[0]!, text: `${e.usage.join(' ')} ${e.options.map(([f]) => f).join(' ')}` }));
  for (const verb of VERBS) {
    const helpFlags = [...flagsIn(allHelp.filter((h) => h.verb === verb).map((h) => h.text).join(' '))];
    const shown = readmeUsage(section, verb);
    assert.ok(shown !== '', `README shows krp ${verb}`);
    const readmeFlags = flagsIn(shown);
    assert.deepEqual(helpFlags.filter((f) => !readmeFlags.has(f)), [], `README usage of ${verb} misses options`);
    assert.deepEqual([...readmeFlags].filter((f) => !helpFlags.includes(f)), [], `README usage of ${verb} lists options krp does not have`);
  }
});

test('the CLI looks for the record under the file name the app writes', () => {
  assert.equal(DB_FILE_NAME, DATABASE_FILE);
  assert.match(verbHelp('backup')!, new RegExp(DATABASE_FILE.replace('.', '\\.')));
});
