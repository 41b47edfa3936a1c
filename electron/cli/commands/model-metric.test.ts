/**
 * `krp model --metric`: the model regresses on the chosen connectivity number's column (z or
 * seed_to_voxel_z), says which in its output, and a file without that column is refused.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { runCli } from '../test-support/run-cli';

const dir = mkdtempSync(join(tmpdir(), 'krp-model-metric-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const run = (args: string[]) => runCli(['model', ...args], { cwd: dir });

// Twelve patients, baseline 10, z = 0.1 … 1.2, reductions 90 70 80 60 70 50 40 50 30 20 30 10 %:
// by hand the slope on z is −94/1.43 (model.test.ts). The seed-to-voxel z planted as v = 0.2 + 0.5·z
// gives, on the same patients, slope −94/1.43 / 0.5 and the same r. Patient P13 has no v (empty cell).
const POST = [1, 3, 2, 4, 3, 5, 6, 5, 7, 8, 7, 9];
const lines = ['id,z,seed_to_voxel_z,nrs_pre,nrs_post', ...POST.map((post, i) => `P${i + 1},${(i + 1) / 10},${0.2 + 0.5 * ((i + 1) / 10)},10,${post}`), 'P13,0.3,,10,2'];
writeFileSync(join(dir, 'both.csv'), lines.join('\n') + '\n');
writeFileSync(join(dir, 'z-only.csv'), ['id,z,nrs_pre,nrs_post', 'P1,0.1,10,1'].join('\n') + '\n');

test('--metric seed-to-voxel-mean regresses on seed_to_voxel_z; the default on z; each says which', async () => {
  const voxel = await run(['--cohort', 'both.csv', '--metric', 'seed-to-voxel-mean', '--json']);
  assert.equal(voxel.code, 0, voxel.stderr);
  const v = JSON.parse(voxel.stdout) as Record<string, any>;
  assert.equal(v.metric, 'seed-to-voxel-mean');
  assert.equal(v.model_version.metric, 'seed-to-voxel-mean');
  assert.equal(v.n, 12);
  assert.equal(v.excluded.no_analysis, 1, 'the patient without a seed-to-voxel z is left out, not given its ROI-to-ROI z');
  assert.ok(Math.abs(v.slope - -94 / 1.43 / 0.5) < 1e-9, `slope ${v.slope}`);
  assert.ok(Math.abs(v.r - -94 / Math.sqrt(1.43 * 6800)) < 1e-12);

  const roi = await run(['--cohort', 'both.csv', '--json']);
  const r = JSON.parse(roi.stdout) as Record<string, any>;
  assert.equal(r.metric, 'roi-to-roi');
  assert.equal(r.n, 13);
  assert.notEqual(r.model_version.id, v.model_version.id);

  const text = await run(['--cohort', 'both.csv', '--metric', 'seed-to-voxel-mean']);
  assert.match(text.stdout, /^Metric: seed-to-voxel mean z in the precuneus/m);
});

test('--metric seed-to-voxel-mean on a file without seed_to_voxel_z: the column named, nothing fitted', async () => {
  const { code, stdout, stderr } = await run(['--cohort', 'z-only.csv', '--metric', 'seed-to-voxel-mean', '--json']);
  assert.equal(code, 1);
  assert.equal(stdout, '');
  assert.match(stderr, /lacks "seed_to_voxel_z"/);
});

test('an unknown --metric is a usage error (exit 2) naming the choices', async () => {
  const { code, stderr } = await run(['--cohort', 'both.csv', '--metric', 'mean-of-z']);
  assert.equal(code, 2);
  assert.match(stderr, /--metric must be roi-to-roi or seed-to-voxel-mean/);
});
