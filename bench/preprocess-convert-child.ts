/**
 * Child process of preprocess-convert.bench.ts (a fresh process, so its peak RSS is the steps'
 * own): converts a 240-volume run made from the real Siemens XA30 DICOM (its 20 files repeated
 * with new instance UIDs: 64×64×33×240), then realigns and slice-time-corrects a 64×64×36×240
 * run built from the real volume with planted motion. Prints one JSON line of timings.
 */
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { convertDicomSeries } from '../electron/analysis/preprocess/convert-dicom';
import { realignSeries } from '../electron/analysis/preprocess/realign';
import { seriesWithPlantedMotion } from '../electron/analysis/preprocess/realign-test-support';
import { correctSliceTiming } from '../electron/analysis/preprocess/slice-timing';

const source = fileURLToPath(new URL('../../shared/data/dicom/siemens-xa30/7_func-bold_task-fa_run-1/', import.meta.url));
const VOLUMES = 240;

/** The real files repeated to VOLUMES volumes, each copy with its own SOP Instance UID. */
function repeatedRun(dir: string): string[] {
  const names = readdirSync(source).sort();
  const out: string[] = [];
  for (let n = 0; n < VOLUMES; n++) {
    const name = names[n % names.length];
    const bytes = Buffer.from(readFileSync(join(source, name)));
    const uid = name.slice(5, -4);
    const fresh = uid.slice(0, -4) + String(1000 + n).slice(-4);
    for (let at = bytes.indexOf(uid, 0, 'latin1'); at >= 0; at = bytes.indexOf(uid, at + uid.length, 'latin1')) bytes.write(fresh, at, 'latin1');
    const path = join(dir, `${String(n).padStart(4, '0')}.dcm`);
    writeFileSync(path, bytes);
    out.push(path);
  }
  return out;
}

/** CPU milliseconds (user + system) of this process since `start`. */
const cpuMs = (start: NodeJS.CpuUsage) => { const u = process.cpuUsage(start); return (u.user + u.system) / 1000; };

const dir = mkdtempSync(join(tmpdir(), 'krp-bench-dicom-'));
try {
  mkdirSync(dir, { recursive: true });
  const files = repeatedRun(dir);
  let t0 = performance.now();
  let c0 = process.cpuUsage();
  const converted = await convertDicomSeries(files);
  const convertMs = performance.now() - t0;
  const convertCpuMs = cpuMs(c0);
  const raw = Buffer.concat(converted.series.volumes.map((v) => Buffer.from(Int16Array.from(v).buffer)));
  t0 = performance.now();
  c0 = process.cpuUsage();
  gzipSync(raw, { level: 6 });
  const baselineMs = performance.now() - t0;
  const baselineCpuMs = cpuMs(c0);
  const convertedDims = [...converted.series.dims, converted.series.volumes.length];
  converted.series.volumes.length = 0;

  const base = converted.volume;
  const a = base.affine;
  // A 36-slice grid: the real grid extended by 1.5 slices at each end.
  const grid = { dims: [64, 64, 36] as [number, number, number], affine: a.map((v, i) => (i % 4 === 3 && i < 12 ? v - 1.5 * a[i - 1] : v)) };
  const { series, truth } = seriesWithPlantedMotion(base, VOLUMES, { grid, tr: 1 });
  t0 = performance.now();
  c0 = process.cpuUsage();
  const realigned = realignSeries(series);
  const realignMs = performance.now() - t0;
  const realignCpuMs = cpuMs(c0);
  let mm = 0, deg = 0;
  for (let v = 0; v < VOLUMES; v++) for (let i = 0; i < 3; i++) {
    mm += Math.abs(realigned.parameters[v][i] - truth[v][i]) / (3 * VOLUMES);
    deg += (Math.abs(realigned.parameters[v][i + 3] - truth[v][i + 3]) * 180) / Math.PI / (3 * VOLUMES);
  }
  const sliceTiming = Array.from({ length: 36 }, (_, s) => ((s % 2 === 0 ? s / 2 : 18 + (s - 1) / 2) * 1) / 36);
  t0 = performance.now();
  c0 = process.cpuUsage();
  correctSliceTiming(series, { repetitionTime: 1, sliceTiming, phaseEncodingDirection: null });
  const sliceTimingMs = performance.now() - t0;
  const sliceTimingCpuMs = cpuMs(c0);
  console.log(JSON.stringify({ convertMs, baselineMs, realignMs, sliceTimingMs, convertCpuMs, baselineCpuMs, realignCpuMs, sliceTimingCpuMs, convertedDims, realignErrorMm: mm, realignErrorDeg: deg, maxRssKb: process.resourceUsage().maxRSS }));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
