/**
 * The analysis worker thread: runs analyze() off the main process's thread (or, for the series
 * picker, reads a DICOM folder's headers), posts progress, honours cancel, writes the output images,
 * and reports success or a serialized error. It never throws past its message handler, so a
 * failure reaches the caller as a clear error. Started with workerData { role: HELPER_ROLE } it is
 * instead an analysis's helper thread (parallel/).
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { serializeError } from '../../shared/errors';
import type { AnalysisProgress } from '../../shared/imaging/analysis-types';
import type { PreprocessProgress } from '../../shared/imaging/preprocessing-types';
import { writeFile, rm } from 'node:fs/promises';
import { analyze } from './analyze';
import { sha256File } from './file-hash';
import { findingsOf, runAnalysis } from './preprocess/run-analysis';
import { listDicomSeriesWithIdentity } from './preprocess/dicom-series';
import type { FromWorker, ToWorker } from './worker-protocol';
import { writeAnalysisOutputs } from './write-outputs';
import { HELPER_ROLE } from './parallel/helper-protocol';
import { serveAnalysisHelper } from './parallel/helper-thread';

const port = parentPort;
if (port === null) throw new Error('worker.ts must run in a worker thread');
// The same script also serves as an analysis's helper thread (parallel/analysis-helper.ts).
if ((workerData as { role?: unknown } | null)?.role === HELPER_ROLE) serveAnalysisHelper(port);
else serveAnalyses(port);

function serveAnalyses(port: MessagePort): void {
  const controller = new AbortController();
  let started = false;
  const post = (message: FromWorker) => port.postMessage(message);

  port.on('message', (message: ToWorker) => {
    if (message.type === 'cancel') {
      controller.abort();
      return;
    }
    if (message.type === 'list-series') {
      if (started) return;
      started = true;
      let lastPost = 0;
      listDicomSeriesWithIdentity(message.path, {
        signal: controller.signal,
        onProgress: (fraction) => {
          const now = Date.now();
          if (now - lastPost >= 100) { lastPost = now; post({ type: 'listing-progress', fraction }); }
        },
      }).then(
        (listing) => post({ type: 'listed', listing }),
        (error: unknown) => post({ type: 'error', error: serializeError(error) }),
      );
      return;
    }
    if (message.type !== 'start' || started) return;
    started = true;
    let lastPost = 0;
    let lastStage = '';
    const onProgress = (progress: AnalysisProgress, preprocess: PreprocessProgress | null = null) => {
      // At most ~10 messages a second, but every change of stage or step and the end always get through.
      const now = Date.now();
      const stage = preprocess ? `pre:${preprocess.step}` : progress.stage;
      if (now - lastPost >= 100 || stage !== lastStage || progress.fraction >= 1) {
        lastPost = now;
        lastStage = stage;
        post({ type: 'progress', progress, preprocess });
      }
    };
    const { input, registrationImagePath } = message;
    const running = input
      ? runAnalysis(input, message.request, { signal: controller.signal, onProgress })
      : analyze(message.request, { signal: controller.signal, onProgress: (p) => onProgress(p) })
        .then((outcome) => ({ outcome, preprocessing: null, registrationImage: null }));
    running
      .then(async ({ outcome, preprocessing, registrationImage }) => {
        if (controller.signal.aborted) throw new Error('cancelled');
        const files = await writeAnalysisOutputs(outcome, message.outputs);
        let image: { path: string; sha256: string } | null = null;
        if (registrationImagePath && registrationImage) {
          try {
            await writeFile(registrationImagePath, registrationImage);
            image = { path: registrationImagePath, sha256: await sha256File(registrationImagePath) };
          } catch (error) {
            await rm(registrationImagePath, { force: true });
            throw error;
          }
        }
        post({ type: 'done', result: outcome.result, files, preprocessing, registrationImage: image });
      })
      .catch((error: unknown) => {
        const serialized = controller.signal.aborted
          ? { code: 'analysis.cancelled', message: 'The analysis was cancelled.', details: {} }
          : serializeError(error);
        const found = controller.signal.aborted ? null : findingsOf(error);
        const findings = found && { summary: found.summary, registrationImageBase64: found.registrationImage ? found.registrationImage.toString('base64') : null };
        post({ type: 'error', error: serialized, findings });
      });
  });
}
