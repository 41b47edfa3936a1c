/**
 * DICOM conversion, realignment and slice timing on a 240-volume run built from the real Siemens
 * XA30 volumes (conversion: 64×64×33×240 DICOM; realignment and slice timing: 64×64×36×240 with
 * planted motion). Baseline in the same run: gzip -6 of the converted run's int16 voxels
 * (65 MB) in the same child process. Reports each step's wall time and CPU time, the ratio of CPU
 * times to the baseline's (steadier on a shared machine), the
 * child's peak RSS, and the realignment error against the planted motion.
 * Skips (with a message) where ../shared/data/dicom is absent.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchResult } from './bench-types';

const root = fileURLToPath(new URL('..', import.meta.url));

interface ChildReport {
  convertMs: number; baselineMs: number; realignMs: number; sliceTimingMs: number;
  convertCpuMs: number; baselineCpuMs: number; realignCpuMs: number; sliceTimingCpuMs: number; convertedDims: number[];
  realignErrorMm: number; realignErrorDeg: number; maxRssKb: number;
}

export async function bench(): Promise<BenchResult[]> {
  if (!existsSync(join(root, '..', 'shared', 'data', 'dicom', 'siemens-xa30'))) {
    console.log('preprocess-convert: ../shared/data/dicom/siemens-xa30 is absent; skipped');
    return [];
  }
  const child = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'bench', 'preprocess-convert-child.ts')], { cwd: root, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  if (child.status !== 0) throw new Error(`preprocess-convert child failed (${child.status}): ${child.stderr}`);
  const r = JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '{}') as ChildReport;
  return [
    { name: 'baseline: gzip -6 of the run (65 MB int16)', value: r.baselineMs, unit: 'ms', note: `CPU ${Math.round(r.baselineCpuMs)} ms` },
    { name: `convert DICOM ${r.convertedDims.join('×')}`, value: r.convertMs, unit: 'ms', note: `CPU ${Math.round(r.convertCpuMs)} ms` },
    { name: 'convert / baseline (CPU time)', value: r.convertCpuMs / r.baselineCpuMs, unit: '×' },
    { name: 'realign 64×64×36×240', value: r.realignMs, unit: 'ms', note: `CPU ${Math.round(r.realignCpuMs)} ms` },
    { name: 'realign / baseline (CPU time)', value: r.realignCpuMs / r.baselineCpuMs, unit: '×' },
    { name: 'slice timing 64×64×36×240', value: r.sliceTimingMs, unit: 'ms', note: `CPU ${Math.round(r.sliceTimingCpuMs)} ms` },
    { name: 'slice timing / baseline (CPU time)', value: r.sliceTimingCpuMs / r.baselineCpuMs, unit: '×' },
    { name: 'peak RSS (convert + realign + slice timing)', value: r.maxRssKb / 1024, unit: 'MiB', note: 'goal for the whole pipeline ≤ 1024' },
    { name: 'realignment mean error (translations)', value: r.realignErrorMm, unit: 'mm', note: 'target ≤ 0.1' },
    { name: 'realignment mean error (rotations)', value: r.realignErrorDeg, unit: '°', note: 'target ≤ 0.1' },
  ];
}
