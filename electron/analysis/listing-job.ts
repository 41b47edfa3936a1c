/**
 * Reads a DICOM folder's (or zip's) headers for the series picker in the analysis worker script, so
 * the main process's thread never does it: progress as the files are read, cancel at once (the
 * thread is terminated; reading headers leaves nothing to clean up).
 */
import { KrpError, deserializeError } from '../../shared/errors';
import { createWorker, defaultWorkerLimits, defaultWorkerPath } from './analysis-job';
import type { DicomListing } from './preprocess/dicom-series';
import type { FromWorker, ToWorker } from './worker-protocol';

export interface ListingJob {
  /** The listing; rejects with dicom.listing-cancelled on cancel, or the listing's own refusal. */
  readonly result: Promise<DicomListing>;
  cancel(): void;
}

export interface ListingJobOptions {
  /** Fraction of the files read (0..1), at most ~10 a second. */
  onProgress?: (fraction: number) => void;
  workerPath?: string;
}

export function listingCancelledError(): KrpError {
  return new KrpError('dicom.listing-cancelled', 'Reading the DICOM folder was cancelled. Choose the folder again to read it.');
}

export function startListingJob(path: string, options: ListingJobOptions = {}): ListingJob {
  const worker = createWorker(options.workerPath ?? defaultWorkerPath(), defaultWorkerLimits());
  let settle: ((fn: () => void) => void) | null = null;
  let rejectNow: (error: Error) => void = () => undefined;
  const result = new Promise<DicomListing>((resolve, reject) => {
    let settled = false;
    settle = (fn) => {
      if (settled) return;
      settled = true;
      fn();
      void worker.terminate();
    };
    rejectNow = (error) => settle?.(() => reject(error));
    worker.on('message', (message: FromWorker) => {
      if (message.type === 'listing-progress') options.onProgress?.(message.fraction);
      else if (message.type === 'listed') settle?.(() => resolve(message.listing));
      else if (message.type === 'error') settle?.(() => reject(deserializeError(message.error)));
    });
    worker.on('error', (error) => settle?.(() => reject(new KrpError('dicom.listing-failed', `Reading the DICOM folder stopped unexpectedly: ${error.message}. Try again.`))));
    worker.on('exit', (code) => settle?.(() => reject(new KrpError('dicom.listing-failed', `Reading the DICOM folder stopped unexpectedly (exit code ${code}). Try again.`))));
  });
  worker.postMessage({ type: 'list-series', path } satisfies ToWorker);
  return { result, cancel: () => rejectNow(listingCancelledError()) };
}
