/**
 * The error a dead worker thread (out of memory, crash) is reported as: the analysis's own worker
 * (analysis-job.ts) and the threads it starts (nifti/inflate-thread.ts) say it in the same words.
 */
import { KrpError } from '../../shared/errors';

export function workerDied(error: Error): KrpError {
  if ((error as { code?: unknown }).code === 'ERR_WORKER_OUT_OF_MEMORY') {
    return new KrpError('analysis.out-of-memory',
      'The analysis ran out of the memory it is allowed and was stopped; nothing was stored. Close other programs and try again, or analyse a smaller image (fewer volumes or coarser voxels).');
  }
  return new KrpError('analysis.worker-failed', `The analysis stopped unexpectedly: ${error.message}`);
}
