/**
 * DICOM → z with in-app preprocessing, on a 64×64×36×240 Siemens DICOM session built from the real
 * XA30 session (../shared/data/dicom; skipped when absent) by electron/analysis/preprocess/
 * dicom-run-builder.ts: 240 enhanced-MR files made from the real BOLD file, holding the real
 * volumes' mean moved by planted rigid motion (drift, jitter, two jumps) on a 36-slice grid, plus
 * the session's real T1 files. Runs the built CLI (`krp analyze FOLDER --json`, the series picked
 * as the app pre-selects them) and reports
 *   wall time (s) from the DICOM files to z, and its ratio to `gzip -1` of the same files in the same run,
 *   peak RSS (MB)                                               goal ≤ 2 min and ≤ 1 GB on 2 cores
 *   each step's share of the preprocessing time (from --json "preprocessing"),
 *   the realignment's mean error against the planted motion,
 *   then the same with `--nonlinear`: wall time as a ratio to the affine-only run, and the B-spline
 *   refinement's seconds as a share of that run's preprocessing.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PreprocessingSummary } from '../shared/imaging/preprocessing-types';
import { writePlantedDicomRun } from '../electron/analysis/preprocess/dicom-run-builder';
import { xa30Dir } from '../electron/analysis/preprocess/dicom-test-data';
import type { BenchResult } from './bench-types';

const root = fileURLToPath(new URL('..', import.meta.url));
const VOLUMES = 240;
const SLICES = 36;

function run(command: string, args: string[]): { ms: number; stdout: string; stderr: string } {
  const t0 = performance.now();
  const r = spawnSync(command, args, { cwd: root, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return { ms, stdout: r.stdout, stderr: r.stderr };
}

export async function bench(): Promise<BenchResult[]> {
  if (xa30Dir() === null) return [{ name: 'preprocess: skipped', value: 0, unit: '', note: '../shared/data/dicom is absent' }];
  run(process.execPath, [join(root, 'scripts', 'build.mjs')]);
  const dir = mkdtempSync(join(tmpdir(), 'krp-bench-pre-'));
  try {
    const session = join(dir, 'session');
    const planted = await writePlantedDicomRun(session, { volumes: VOLUMES, slices: SLICES });
    const [nx, ny] = planted.dims;

    const gz = run('sh', ['-c', `cat '${session}'/*/* | gzip -1 -c > /dev/null`]);
    const cli = join(root, 'dist', 'cli', 'krp.cjs');
    const an = run(process.execPath, [join(root, 'bench', 'measure-child.cjs'), cli, 'analyze', session, '--json']);
    const rssKb = Number(/maxRSS (\d+)/.exec(an.stderr)?.[1] ?? NaN);
    const out = JSON.parse(an.stdout) as { z: number; preprocessing: PreprocessingSummary };
    const pre = out.preprocessing;
    const durations = pre.durationsSeconds;
    const total = Object.values(durations).reduce((a, b) => a + b, 0);
    let mm = 0, degrees = 0;
    const estimated = pre.motion?.parameters ?? [];
    for (let t = 0; t < planted.truth.length; t++) for (let i = 0; i < 3; i++) {
      mm += Math.abs(estimated[t][i] - planted.truth[t][i]) / (3 * VOLUMES);
      degrees += (Math.abs(estimated[t][i + 3] - planted.truth[t][i + 3]) * 180) / Math.PI / (3 * VOLUMES);
    }
    const results: BenchResult[] = [
      { name: `DICOM → z ${nx}×${ny}×${SLICES}×${VOLUMES}: wall`, value: an.ms / 1000, unit: 's', note: 'goal ≤ 120 s on 2 cores' },
      { name: 'DICOM → z / gzip -1 of the DICOM files', value: an.ms / gz.ms, unit: '×' },
      { name: 'DICOM → z: peak RSS', value: rssKb / 1024, unit: 'MB', note: 'goal ≤ 1024 MB' },
      { name: 'preprocessing (sum of steps)', value: total, unit: 's' },
      { name: 'realignment mean error vs planted', value: mm, unit: 'mm', note: `${degrees.toFixed(4)}°` },
      { name: 'z (finite)', value: out.z, unit: '', note: `registration via ${pre.registration.via}, agreement ${pre.registration.agreement.toFixed(2)}` },
    ];
    for (const [step, seconds] of Object.entries(durations)) {
      results.push({ name: `  step ${step}: share of preprocessing`, value: (100 * seconds) / total, unit: '%', note: `${seconds.toFixed(1)} s` });
    }
    const nl = run(process.execPath, [join(root, 'bench', 'measure-child.cjs'), cli, 'analyze', session, '--nonlinear', '--json']);
    const nlOut = JSON.parse(nl.stdout) as { preprocessing: { durationsSeconds: Record<string, number>; registration: { nonlinear?: { seconds: number; meanDisplacementMm: number } | null } } };
    const nlTotal = Object.values(nlOut.preprocessing.durationsSeconds).reduce((a, b) => a + b, 0);
    const refinement = nlOut.preprocessing.registration.nonlinear;
    results.push(
      { name: 'with --nonlinear: wall / affine-only wall', value: nl.ms / an.ms, unit: '×', note: `${(nl.ms / 1000).toFixed(0)} s` },
      { name: '  B-spline refinement: share of preprocessing', value: refinement ? (100 * refinement.seconds) / nlTotal : NaN, unit: '%', note: refinement ? `${refinement.seconds.toFixed(1)} s, mean displacement ${refinement.meanDisplacementMm.toFixed(1)} mm` : 'did not run' },
      { name: 'with --nonlinear: peak RSS', value: Number(/maxRSS (\d+)/.exec(nl.stderr)?.[1] ?? NaN) / 1024, unit: 'MB' },
    );
    return results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
