/**
 * Starts one analysis in a worker thread and exposes it as a promise with progress and cancel.
 * Used by the main process (and the e2e bridge); the main thread only passes messages.
 * Cancel asks the worker to stop at its next check; if it has not answered within
 * `cancelGraceMs` the thread is terminated. Either way the promise rejects with
 * KrpError('analysis.cancelled') and the output files are not left behind (the worker writes them
 * only after a successful analysis, atomically).
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import { KrpError, deserializeError } from '../../shared/errors';
import type { AnalysisProgress, AnalysisResult } from '../../shared/imaging/analysis-types';
import type { PreprocessProgress, PreprocessingSummary } from '../../shared/imaging/preprocessing-types';
import type { InputSpec } from './preprocess/run-analysis';
import type { AnalyzeRequest } from './analyze';
import { imageLimits, workerHeapLimitMb } from './input/image-limits';
import type { FromWorker, ToWorker } from './worker-protocol';
import type { OutputPaths, WrittenOutputs } from './write-outputs';
import { workerDied } from './worker-death';

export interface AnalysisJobOutcome {
  result: AnalysisResult;
  files: WrittenOutputs;
  /** Present when the input was preprocessed (DICOM or native-space NIfTI). */
  preprocessing: PreprocessingSummary | null;
  registrationImage: { path: string; sha256: string } | null;
}

export interface AnalysisJob {
  readonly result: Promise<AnalysisJobOutcome>;
  cancel(): void;
}

export interface AnalysisJobOptions {
  /** `preprocess` is set while preprocessing runs (its step). */
  onProgress?: (progress: AnalysisProgress, preprocess: PreprocessProgress | null) => void;
  /** A DICOM folder/zip or any NIfTI (preprocessed when needed); `request.boldPath` is then ignored. */
  input?: InputSpec;
  /** Where the worker writes the registration check PNG when preprocessing ran. */
  registrationImagePath?: string | null;
  cancelGraceMs?: number;
  /** Override where the worker script is (tests, packaged layouts). */
  workerPath?: string;
  /** The worker's V8 limits; default from the image limits (input/image-limits.ts). */
  resourceLimits?: ResourceLimits;
}

/**
 * The worker's heap limits, sized from the same memory budget as the largest image accepted: the
 * voxel data lives in typed arrays (outside this heap, bounded by the header checks), the heap holds
 * the rest. A worker that exceeds them is stopped by V8 and reported as a failed analysis; the
 * app's own thread is unaffected.
 */
export function defaultWorkerLimits(): ResourceLimits {
  return { maxOldGenerationSizeMb: workerHeapLimitMb(imageLimits()), maxYoungGenerationSizeMb: 64, stackSizeMb: 8 };
}

export function startAnalysisJob(request: AnalyzeRequest, outputs: OutputPaths, options: AnalysisJobOptions = {}): AnalysisJob {
  const worker = createWorker(options.workerPath ?? defaultWorkerPath(), options.resourceLimits ?? defaultWorkerLimits());
  let settled = false;
  let cancelTimer: NodeJS.Timeout | null = null;
  let cancelled = false;

  const result = new Promise<AnalysisJobOutcome>((resolve, reject) => {
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      if (cancelTimer) clearTimeout(cancelTimer);
      fn();
      void worker.terminate();
    };
    worker.on('message', (message: FromWorker) => {
      if (message.type === 'progress') options.onProgress?.(message.progress, message.preprocess ?? null);
      else if (message.type === 'done') {
        finish(() => (cancelled ? reject(cancelledError()) : resolve({
          result: message.result, files: message.files, preprocessing: message.preprocessing ?? null, registrationImage: message.registrationImage ?? null,
        })));
      }
      else if (message.type === 'error') {
        const error = deserializeError(message.error);
        if (message.findings) Object.defineProperty(error, 'findings', { value: message.findings, enumerable: false });
        finish(() => reject(error));
      }
    });
    worker.on('error', (error) => finish(() => reject(workerDied(error))));
    worker.on('exit', (code) => finish(() => reject(cancelled ? cancelledError()
      : new KrpError('analysis.worker-failed', `The analysis stopped unexpectedly (worker exit code ${code}).`))));
  });

  worker.postMessage({ type: 'start', request, outputs, input: options.input, registrationImagePath: options.registrationImagePath ?? null } satisfies ToWorker);
  return {
    result,
    cancel() {
      if (settled || cancelled) return;
      cancelled = true;
      worker.postMessage({ type: 'cancel' } satisfies ToWorker);
      cancelTimer = setTimeout(() => { void worker.terminate(); }, options.cancelGraceMs ?? 5000);
    },
  };
}

function cancelledError(): KrpError {
  return new KrpError('analysis.cancelled', 'The analysis was cancelled.');
}

/** The bundled worker beside the bundle (asar-unpacked when packaged), else the TypeScript source. */
export function defaultWorkerPath(): string {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.ts')) return join(dirname(here), 'worker.ts');
  const candidates = [join(dirname(here), 'analysis-worker.cjs'), join(dirname(here), '..', 'electron', 'analysis-worker.cjs')]
    .map((p) => p.replace(`app.asar${'/'}`, 'app.asar.unpacked/').replace('app.asar\\', 'app.asar.unpacked\\'));
  return candidates.find((p) => existsSync(p)) ?? candidates[0];
}

/** A TypeScript worker (development and tests) starts through tsx's loader. */
export function createWorker(path: string, resourceLimits: ResourceLimits, workerData?: unknown): Worker {
  if (!path.endsWith('.ts')) return new Worker(path, { resourceLimits, workerData });
  const url = pathToFileURL(path).href;
  const boot = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(url)}); })`;
  return new Worker(boot, { eval: true, resourceLimits, workerData });
}
