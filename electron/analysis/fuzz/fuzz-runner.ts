/**
 * Runs the seeded fuzz corpus (fuzz-corpus.ts) through analyze() in a worker thread, one case at a
 * time, with a watchdog: a case that does not answer within `caseTimeoutMs` is a hang (the worker
 * is terminated and a fresh one takes the next case) — so an endless loop is counted, not waited
 * for. The worker has V8 heap limits; its death is counted as a crash. Peak RSS is sampled after
 * every case. Used by the fuzz test and `npm run bench`.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { DEFAULT_ANALYSIS_SETTINGS, type AnalysisSettings } from '../../../shared/imaging/analysis-types';
import { writeNifti } from '../nifti/write-nifti';
import { analyze } from '../analyze';
import { fuzzCases, type BaseImage, type FuzzCase } from './fuzz-corpus';
import type { FuzzReply } from './fuzz-worker';

export interface FuzzOutcome {
  cases: number;
  refused: number;
  accepted: number;
  crashes: { index: number; kind: string; message: string }[];
  hangs: { index: number; kind: string }[];
  wrongAccepted: { index: number; kind: string; why: string }[];
  peakRssBytes: number;
  seconds: number;
  codes: Record<string, number>;
}

/** ROIs of 20 mm so that the small 8 mm base image has enough voxels in each. */
export function fuzzSettings(): AnalysisSettings {
  const s = structuredClone(DEFAULT_ANALYSIS_SETTINGS);
  s.rois.mpfc = { kind: 'sphere', centreMm: [1, 55, -3], radiusMm: 20 };
  s.rois.precuneus = { kind: 'sphere', centreMm: [1, -61, 38], radiusMm: 20 };
  return s;
}

/** The base image: 8 mm voxels over the MNI box (23×28×23), 40 volumes, a noisy ellipsoid brain whose halves covary. */
export async function writeBaseImage(dir: string, seed = 1): Promise<BaseImage> {
  const s = 8;
  const dims: [number, number, number, number] = [23, 28, 23, 40];
  const [nx, ny, nz, nt] = dims;
  const n = nx * ny * nz;
  const data = new Float32Array(n * nt);
  let state = seed >>> 0;
  const rand = () => { state = (Math.imul(state, 1664525) + 1013904223) >>> 0; return state / 2 ** 32 - 0.5; };
  const shared = Array.from({ length: nt }, (_, t) => Math.sin(t / 3) + 0.5 * Math.cos(t / 1.7));
  const brain: number[] = [];
  const background: number[] = [];
  for (let k = 0; k < nz; k++) for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) {
    const x = -90 + s * i, y = -126 + s * j, z = -72 + s * k;
    const v = i + nx * (j + ny * k);
    const d = (x / 72) ** 2 + ((y + 18) / 95) ** 2 + ((z - 18) / 72) ** 2;
    if (d <= 1) brain.push(v); else if (d > 1.3) background.push(v);
    for (let t = 0; t < nt; t++) data[t * n + v] = d <= 1 ? 1000 + 15 * shared[t] + 20 * rand() : 5 + 5 * rand();
  }
  const path = join(dir, 'base.nii');
  await writeNifti(path, { dims, affine: [s, 0, 0, -90, 0, s, 0, -126, 0, 0, s, -72, 0, 0, 0, 1], datatype: 'float32', data, trSeconds: 2, sformCode: 4, qformCode: 4 }, { gzip: false });
  const { readFileSync } = await import('node:fs');
  const nii = readFileSync(path);
  return { nii, dims, voxOffset: 352, brain: Int32Array.from(brain), background: Int32Array.from(background) };
}

function startWorker(): Worker {
  const here = fileURLToPath(import.meta.url);
  const workerPath = join(here, '..', here.endsWith('.ts') ? 'fuzz-worker.ts' : 'fuzz-worker.js');
  const boot = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(pathToFileURL(workerPath).href)}); })`;
  return new Worker(boot, { eval: true, resourceLimits: { maxOldGenerationSizeMb: 512, maxYoungGenerationSizeMb: 32 } });
}

export async function runFuzz(options: { count: number; seed: number; caseTimeoutMs?: number; onCase?: (c: FuzzCase, reply: FuzzReply | 'hang') => void }): Promise<FuzzOutcome> {
  const started = performance.now();
  const dir = mkdtempSync(join(tmpdir(), 'krp-fuzz-'));
  const settings = fuzzSettings();
  const out: FuzzOutcome = { cases: 0, refused: 0, accepted: 0, crashes: [], hangs: [], wrongAccepted: [], peakRssBytes: process.memoryUsage().rss, seconds: 0, codes: {} };
  let worker = startWorker();
  try {
    const base = await writeBaseImage(dir);
    writeFileSync(join(dir, 'baseline.nii'), base.nii);
    const baseline = (await analyze({ boldPath: join(dir, 'baseline.nii'), confoundsPath: null, wmMaskPath: null, csfMaskPath: null, settings })).result.z;
    for (const c of fuzzCases(base, options.count, options.seed)) {
      const path = join(dir, c.fileName);
      writeFileSync(path, c.bytes);
      const reply = await new Promise<FuzzReply | 'hang' | 'died'>((resolve) => {
        const timer = setTimeout(() => resolve('hang'), options.caseTimeoutMs ?? 60_000);
        const done = (r: FuzzReply | 'hang' | 'died') => { clearTimeout(timer); worker.removeAllListeners('message'); worker.removeAllListeners('error'); resolve(r); };
        worker.once('message', (r: FuzzReply) => done(r));
        worker.once('error', () => done('died'));
        worker.postMessage({ path, settings });
      });
      rmSync(path, { force: true });
      out.cases++;
      out.peakRssBytes = Math.max(out.peakRssBytes, process.memoryUsage().rss);
      if (reply === 'hang' || reply === 'died') {
        if (reply === 'hang') out.hangs.push({ index: c.index, kind: c.kind });
        else out.crashes.push({ index: c.index, kind: c.kind, message: 'worker died' });
        await worker.terminate();
        worker = startWorker();
        options.onCase?.(c, 'hang');
        continue;
      }
      options.onCase?.(c, reply);
      out.peakRssBytes = Math.max(out.peakRssBytes, reply.rss);
      if (!reply.ok) {
        if (!reply.coded) { out.crashes.push({ index: c.index, kind: c.kind, message: reply.message }); continue; }
        out.refused++;
        out.codes[reply.code] = (out.codes[reply.code] ?? 0) + 1;
        if (c.expect === 'same') out.wrongAccepted.push({ index: c.index, kind: c.kind, why: `refused (${reply.code}) a file whose analysis must not change` });
        continue;
      }
      out.accepted++;
      if (!Number.isFinite(reply.z)) out.wrongAccepted.push({ index: c.index, kind: c.kind, why: `z = ${reply.z}` });
      else if (c.expect === 'refuse') out.wrongAccepted.push({ index: c.index, kind: c.kind, why: `accepted (z ${reply.z}) a file that must be refused` });
      else if (c.expect === 'same' && Math.abs(reply.z - baseline) > 1e-9) out.wrongAccepted.push({ index: c.index, kind: c.kind, why: `z ${reply.z} instead of ${baseline}` });
    }
  } finally {
    await worker.terminate();
    rmSync(dir, { recursive: true, force: true });
  }
  out.seconds = (performance.now() - started) / 1000;
  return out;
}
