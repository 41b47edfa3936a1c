/**
 * `krp model` and the skill gate (issue 12): seeded cohorts written as CSV, run through the CLI.
 * A cohort without a relation is withheld however many patients it has; one with the published
 * kind of relation gives a number; bad cohort files change nothing and say what is wrong.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { seededRng } from '../../analysis/phantom/rng';
import { runCli } from '../test-support/run-cli';

const dir = mkdtempSync(join(tmpdir(), 'krp-model-skill-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const run = (args: string[]) => runCli(['model', ...args], { cwd: dir });

/**
 * n patients with z ~ N(0.4, 0.15) and a latent standardised relief ρ·(−z_std) + √(1−ρ²)·ε mapped
 * to a post NRS (baseline 10) by rounding: the planted correlation of z with % reduction is −ρ
 * before the rounding to whole NRS points.
 */
function seededCohort(name: string, n: number, rho: number, seed: number): string {
  const rng = seededRng(seed);
  const lines = ['id,z,nrs_pre,nrs_post'];
  for (let i = 0; i < n; i++) {
    const zStd = rng.normal();
    const relief = 50 + 25 * (-rho * zStd + Math.sqrt(1 - rho * rho) * rng.normal());
    const post = Math.min(10, Math.max(0, Math.round(10 - relief / 10)));
    lines.push(`S${i + 1},${(0.4 + 0.15 * zStd).toFixed(4)},10,${post}`);
  }
  const path = join(dir, name);
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

test('a no-skill cohort (r ≈ 0, n = 60) is withheld: no number, the reason, the percentile and the direction', async () => {
  seededCohort('noskill.csv', 60, 0, 60);
  const { code, stdout, stderr } = await run(['--cohort', 'noskill.csv', '--predict', '0.4', '--json']);
  assert.equal(code, 0, stderr);
  const out = JSON.parse(stdout);
  assert.equal(out.n, 60);
  assert.ok(Math.abs(out.r) < 0.25, `site r ${out.r} should be near 0`);
  assert.ok(out.r_ci[0] < 0 && out.r_ci[1] > 0);
  assert.notEqual(out.status, 'estimate');
  assert.notEqual(out.status, 'provisional');
  assert.equal(out.status, 'withheld');
  assert.ok(out.reasons.some((r: { code: string }) => r.code === 'skill-r-includes-zero'));
  assert.equal(out.skill_gate.passed, false);
  assert.equal(out.prediction.status, 'withheld');
  assert.equal(out.prediction.reduction_pct, null);
  assert.equal(out.prediction.pi95, null);
  assert.equal(out.prediction.p_responder, null);
  assert.equal(typeof out.prediction.percentile, 'number');
  assert.match(out.prediction.published_direction.en, /lower mPFC–precuneus connectivity/);
  const text = await run(['--cohort', 'noskill.csv', '--predict', '0.4']);
  assert.match(text.stdout, /Prediction for z = 0\.4: withheld; the z is at the \d+th percentile/);
  assert.doesNotMatch(text.stdout, /95 % PI/);
});

test('a cohort with r ≈ −0.7 and n = 40 gives a number with its interval', async () => {
  seededCohort('skill.csv', 40, 0.7, 40);
  const { code, stdout, stderr } = await run(['--cohort', 'skill.csv', '--predict', '0.3', '--json']);
  assert.equal(code, 0, stderr);
  const out = JSON.parse(stdout);
  assert.equal(out.n, 40);
  assert.ok(out.r < -0.5 && out.r > -0.9, `site r ${out.r} should be near −0.7`);
  assert.ok(out.r_ci[1] < 0);
  assert.ok(out.loo.calibration_slope >= 0.5 && out.loo.calibration_slope <= 2);
  assert.equal(out.skill_gate.passed, true);
  assert.equal(out.status, 'estimate');
  assert.equal(out.prediction.status, 'estimate');
  assert.equal(typeof out.prediction.reduction_pct, 'number');
  assert.ok(out.prediction.pi95[0] < out.prediction.reduction_pct && out.prediction.reduction_pct < out.prediction.pi95[1]);
  // Below the mean z, the predicted relief is above the site mean (negative slope).
  assert.ok(out.slope < 0);
});

test('a patient listed twice: a specific message, exit 1, nothing fitted', async () => {
  const path = seededCohort('dup.csv', 20, 0.7, 7);
  writeFileSync(path, `${readFileSync(path, 'utf8')}S3,0.5,10,4\n`);
  const { code, stdout, stderr } = await run(['--cohort', 'dup.csv', '--json']);
  assert.equal(code, 1);
  assert.equal(stdout, '');
  assert.match(stderr, /dup\.csv:22: id "S3" already appears on line 4: one line per patient/);
  assert.match(stderr, /nothing was fitted/);
});
