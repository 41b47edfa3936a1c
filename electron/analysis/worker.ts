/**
 * The analysis worker thread: runs analyze() off the main process's thread, posts progress,
 * honours cancel, writes the output images, and reports success or a serialized error. It never
 * throws past its message handler, so a failure reaches the caller as a clear error.
 */
import { parentPort } from 'node:worker_threads';
import { serializeError } from '../../shared/errors';
import { analyze } from './analyze';
import type { FromWorker, ToWorker } from './worker-protocol';
import { writeAnalysisOutputs } from './write-outputs';

const port = parentPort;
if (port === null) throw new Error('worker.ts must run in a worker thread');

const controller = new AbortController();
let started = false;
const post = (message: FromWorker) => port.postMessage(message);

port.on('message', (message: ToWorker) => {
  if (message.type === 'cancel') {
    controller.abort();
    return;
  }
  if (message.type !== 'start' || started) return;
  started = true;
  let lastPost = 0;
  let lastStage = '';
  analyze(message.request, {
    signal: controller.signal,
    onProgress: (progress) => {
      // At most ~10 messages a second, but every change of stage and the end always get through.
      const now = Date.now();
      if (now - lastPost >= 100 || progress.stage !== lastStage || progress.fraction >= 1) {
        lastPost = now;
        lastStage = progress.stage;
        post({ type: 'progress', progress });
      }
    },
  })
    .then(async (outcome) => {
      if (controller.signal.aborted) throw new Error('cancelled');
      const files = await writeAnalysisOutputs(outcome, message.outputs);
      post({ type: 'done', result: outcome.result, files });
    })
    .catch((error: unknown) => {
      const serialized = controller.signal.aborted
        ? { code: 'analysis.cancelled', message: 'The analysis was cancelled.', details: {} }
        : serializeError(error);
      post({ type: 'error', error: serialized });
    });
});
