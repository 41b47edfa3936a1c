import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { RESEARCH_USE_NOTICE_EN, RESEARCH_USE_NOTICE_JA } from '../../../shared/model/notice';
import { runCli } from '../test-support/run-cli';

const dir = mkdtempSync(join(tmpdir(), 'krp-model-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function csvFile(name: string, lines: string[]): string {
  const path = join(dir, name);
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

const run = (args: string[]) => runCli(['model', ...args], { cwd: dir });

// Twelve patients, baseline 10, z = 0.1 … 1.2, reductions 90 70 80 60 70 50 40 50 30 20 30 10 %.
// By hand: slope = −94/1.43, intercept = 50 + 0.65·94/1.43, r = −94/√(1.43·6800),
// residual SD = √((6800 − 94²/1.43)/10).
const POST = [1, 3, 2, 4, 3, 5, 6, 5, 7, 8, 7, 9];
const COHORT = ['id, z, nrs_pre, nrs_post', ...POST.map((post, i) => `P${i + 1},${(i + 1) / 10},10,${post}`)];

const close = (actual: unknown, expected: number, tol: number, what: string): void => {
  assert.ok(typeof actual === 'number' && Math.abs(actual - expected) <= tol, `${what}: got ${String(actual)}, expected ${expected}`);
};

test('--json prints the model and a prediction in the shape of the issue', async () => {
  csvFile('cohort.csv', COHORT);
  const { code, stdout, stderr } = await run(['--cohort', 'cohort.csv', '--predict', '0.65', '--json']);
  assert.equal(stderr, '');
  assert.equal(code, 0);
  const out = JSON.parse(stdout);
  assert.equal(out.n, 12);
  close(out.slope, -94 / 1.43, 1e-10, 'slope');
  close(out.intercept, 50 + (0.65 * 94) / 1.43, 1e-10, 'intercept');
  close(out.r, -94 / Math.sqrt(1.43 * 6800), 1e-12, 'r');
  const sse = 6800 - (94 * 94) / 1.43;
  close(out.residual_sd, Math.sqrt(sse / 10), 1e-10, 'residual_sd');
  assert.equal(out.r_ci.length, 2);
  assert.ok(out.r_ci[0] < out.r && out.r < out.r_ci[1]);
  for (const key of ['r', 'mae', 'auc', 'calibration_slope']) assert.equal(typeof out.loo[key], 'number', `loo.${key}`);
  // At z = x̄ = 0.65: ŷ = 50, PI = 50 ± t(0.975, 10)·s·√(13/12), P(≥ 50) = ½.
  const half = 2.228138851986274 * Math.sqrt(sse / 10) * Math.sqrt(13 / 12);
  close(out.prediction.reduction_pct, 50, 1e-10, 'reduction_pct');
  close(out.prediction.pi95[0], 50 - half, 1e-8, 'pi95 low');
  close(out.prediction.pi95[1], 50 + half, 1e-8, 'pi95 high');
  close(out.prediction.p_responder, 0.5, 1e-12, 'p_responder');
  assert.equal(out.prediction.status, 'provisional');
  assert.equal(out.model_version.n, 12);
  assert.match(out.model_version.calibration_set_hash, /^[0-9a-f]{64}$/);
  assert.deepEqual(out.notice, { ja: RESEARCH_USE_NOTICE_JA, en: RESEARCH_USE_NOTICE_EN });
});

test('without --predict there is no prediction; the text form carries both notices', async () => {
  csvFile('plain.csv', COHORT);
  const json = await run(['--cohort', 'plain.csv', '--json']);
  assert.equal(json.code, 0);
  assert.equal('prediction' in JSON.parse(json.stdout), false);
  const text = await run(['--cohort', 'plain.csv', '--predict', '0.3']);
  assert.equal(text.code, 0);
  assert.match(text.stdout, /Line: % NRS reduction = 92\.73 − 65\.73 × z/);
  assert.match(text.stdout, /Prediction for z = 0\.3: .*95 % PI/);
  assert.ok(text.stdout.includes(RESEARCH_USE_NOTICE_JA) && text.stdout.includes(RESEARCH_USE_NOTICE_EN));
});

test('bad rows are reported by line number, exit 1, nothing fitted', async () => {
  const lines = [...COHORT];
  lines[2] = 'P2,zero point two,10,3';
  lines[5] = 'P5,0.5,10,12';
  csvFile('bad.csv', lines);
  const { code, stdout, stderr } = await run(['--cohort', 'bad.csv', '--json']);
  assert.equal(code, 1);
  assert.equal(stdout, '');
  assert.match(stderr, /bad\.csv:3: z is "zero point two"/);
  assert.match(stderr, /bad\.csv:6: nrs_post is "12"/);
  assert.match(stderr, /2 lines with errors; nothing was fitted/);
});

test('degenerate cohorts give a typed status and nulls, never NaN', async () => {
  csvFile('samez.csv', ['id,z,nrs_pre,nrs_post', ...POST.map((post, i) => `P${i},0.4,10,${post}`)]);
  const same = await run(['--cohort', 'samez.csv', '--predict', '0.4', '--json']);
  assert.equal(same.code, 0);
  assert.doesNotMatch(same.stdout, /NaN|Infinity/);
  const out = JSON.parse(same.stdout);
  assert.equal(out.status, 'cannot-estimate');
  assert.equal(out.reasons[0].code, 'all-z-equal');
  assert.equal(out.slope, null);
  assert.equal(out.loo.auc, null);
  assert.equal(out.prediction.status, 'cannot-estimate');
  assert.equal(out.prediction.reduction_pct, null);

  csvFile('two.csv', ['id,z,nrs_pre,nrs_post', 'A,0.1,8,2', 'B,0.5,8,7']);
  const two = await run(['--cohort', 'two.csv', '--predict', '0.2', '--json']);
  assert.equal(two.code, 0);
  const t = JSON.parse(two.stdout);
  assert.equal(t.status, 'withheld');
  assert.equal(t.slope, null);
  assert.equal(t.r_ci, null);
  assert.equal(t.prediction.status, 'withheld');
  assert.equal(t.prediction.percentile, 50); // 0.1 below, 0.5 above
});

test('mixed settings need --settings-hash; the other settings are excluded and counted', async () => {
  const lines = ['id,z,nrs_pre,nrs_post,settings_hash', ...POST.map((post, i) => `P${i},${(i + 1) / 10},10,${post},h1`), 'Q1,0.3,9,1,h2'];
  csvFile('mixed.csv', lines);
  const refused = await run(['--cohort', 'mixed.csv', '--json']);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /mixes 2 analysis settings \(h1, h2\).*--settings-hash/);
  const chosen = await run(['--cohort', 'mixed.csv', '--settings-hash', 'h1', '--json']);
  assert.equal(chosen.code, 0);
  const out = JSON.parse(chosen.stdout);
  assert.equal(out.n, 12);
  assert.equal(out.excluded.other_settings, 1);
  assert.equal(out.model_version.settings_hash, 'h1');
});

test('usage errors exit 2; an unreadable file exits 1', async () => {
  const none = await run(['--json']);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /--cohort FILE\.csv is required/);
  csvFile('neg.csv', COHORT);
  const negative = await run(['--cohort', 'neg.csv', '--predict', '-0.3', '--json']);
  assert.equal(negative.code, 0, negative.stderr);
  assert.equal(JSON.parse(negative.stdout).prediction.z, -0.3);
  const badZ = await run(['--cohort', 'x.csv', '--predict', 'high']);
  assert.equal(badZ.code, 2);
  assert.match(badZ.stderr, /--predict needs the patient's Fisher z/);
  const missing = await run(['--cohort', 'does-not-exist.csv']);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /cannot read .*does-not-exist\.csv \(ENOENT\)/);
});
