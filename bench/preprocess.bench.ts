/**
 * DICOM → z with in-app preprocessing, on a 64×64×36×240 run built from the real Siemens XA30
 * volumes (../shared/data/dicom; skipped when absent): the real BOLD's mean volume moved by planted
 * rigid motion into 240 volumes on a 36-slice grid, written as a scanner-space NIfTI with a BIDS
 * sidecar (SliceTiming), plus the session's real T1. Runs the built CLI
 * (`krp analyze bold.nii --t1 t1.nii --json`) and reports
 *   wall time (s) and its ratio to `gzip -c` of the same input in the same run,
 *   peak RSS (MB)                                               goal ≤ 2 min and ≤ 1 GB on 2 cores
 *   each step's share of the preprocessing time (from --json "preprocessing"),
 *   then the same with `--nonlinear`: wall time as a ratio to the affine-only run, and the B-spline
 *   refinement's seconds as a share of that run's preprocessing.
 * The DICOM conversion of the real 20-volume series is timed separately (it cannot be scaled up
 * without writing DICOM).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeNifti } from '../electron/analysis/nifti/write-nifti';
import { convertDicomSeries } from '../electron/analysis/preprocess/convert-dicom';
import { BOLD_SERIES, T1_SERIES, xa30Dir, xa30Files } from '../electron/analysis/preprocess/dicom-test-data';
import { seriesWithPlantedMotion } from '../electron/analysis/preprocess/realign-test-support';
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
    const t0 = performance.now();
    const real = await convertDicomSeries(xa30Files(BOLD_SERIES));
    const convertMs = performance.now() - t0;
    const t1 = (await convertDicomSeries(xa30Files(T1_SERIES))).volume;
    const [nx, ny, nz] = real.series.dims;
    const n = nx * ny * nz;
    const mean = new Float32Array(n);
    for (const v of real.series.volumes) for (let i = 0; i < n; i++) mean[i] += v[i] / real.series.volumes.length;
    const base = { dims: real.series.dims, affine: real.series.affine, data: mean };
    const grid = { dims: [nx, ny, SLICES] as [number, number, number], affine: real.series.affine };
    const { series } = seriesWithPlantedMotion(base, VOLUMES, { grid, tr: real.timing.repetitionTime, noise: 0.01 });
    const data = new Float32Array(nx * ny * SLICES * VOLUMES);
    series.volumes.forEach((v, t) => data.set(v, t * nx * ny * SLICES));
    const bold = join(dir, 'bold.nii');
    await writeNifti(bold, { dims: [nx, ny, SLICES, VOLUMES], affine: [...real.series.affine], datatype: 'float32', data, sformCode: 1, qformCode: 1, trSeconds: real.timing.repetitionTime });
    const timing = real.timing.sliceTiming ?? [];
    const sliceTiming = Array.from({ length: SLICES }, (_, k) => timing[k % Math.max(1, timing.length)] ?? 0);
    writeFileSync(join(dir, 'bold.json'), JSON.stringify({ RepetitionTime: real.timing.repetitionTime, SliceTiming: sliceTiming }));
    const t1Path = join(dir, 't1.nii');
    await writeNifti(t1Path, { dims: [...t1.dims], affine: [...t1.affine], datatype: 'float32', data: t1.data, sformCode: 1, qformCode: 1 });

    const gz = run('sh', ['-c', `gzip -1 -c '${bold}' > /dev/null`]);
    const cli = join(root, 'dist', 'cli', 'krp.cjs');
    const an = run(process.execPath, [join(root, 'bench', 'measure-child.cjs'), cli, 'analyze', bold, '--t1', t1Path, '--json']);
    const rssKb = Number(/maxRSS (\d+)/.exec(an.stderr)?.[1] ?? NaN);
    const out = JSON.parse(an.stdout) as { z: number; preprocessing: { durationsSeconds: Record<string, number> } };
    const durations = out.preprocessing.durationsSeconds;
    const total = Object.values(durations).reduce((a, b) => a + b, 0);
    const results: BenchResult[] = [
      { name: `preprocess+analyze ${nx}×${ny}×${SLICES}×${VOLUMES}: wall`, value: an.ms / 1000, unit: 's', note: 'goal ≤ 120 s on 2 cores' },
      { name: 'preprocess+analyze / gzip -1 of the input', value: an.ms / gz.ms, unit: '×' },
      { name: 'preprocess+analyze: peak RSS', value: rssKb / 1024, unit: 'MB', note: 'goal ≤ 1024 MB' },
      { name: `DICOM conversion, real ${real.series.volumes.length} volumes`, value: convertMs / 1000, unit: 's' },
      { name: 'z (finite)', value: out.z, unit: '' },
    ];
    for (const [step, seconds] of Object.entries(durations)) {
      results.push({ name: `  step ${step}: share of preprocessing`, value: (100 * seconds) / total, unit: '%', note: `${seconds.toFixed(1)} s` });
    }
    const nl = run(process.execPath, [join(root, 'bench', 'measure-child.cjs'), cli, 'analyze', bold, '--t1', t1Path, '--nonlinear', '--json']);
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
