/**
 * The fuzz runner's worker: analyses one case file at a time and answers with z or the error,
 * distinguishing a coded refusal (KrpError) from anything else (a crash).
 */
import { parentPort } from 'node:worker_threads';
import { isKrpError } from '../../../shared/errors';
import type { AnalysisSettings } from '../../../shared/imaging/analysis-types';
import { analyze } from '../analyze';

export type FuzzRequest = { path: string; settings: AnalysisSettings };
export type FuzzReply =
  | { ok: true; z: number; rss: number }
  | { ok: false; coded: boolean; code: string; message: string; rss: number };

parentPort?.on('message', (request: FuzzRequest) => {
  analyze({ boldPath: request.path, confoundsPath: null, wmMaskPath: null, csfMaskPath: null, settings: request.settings })
    .then((outcome) => parentPort?.postMessage({ ok: true, z: outcome.result.z, rss: process.memoryUsage().rss } satisfies FuzzReply))
    .catch((error: unknown) => {
      const coded = isKrpError(error);
      parentPort?.postMessage({
        ok: false, coded, code: coded ? error.code : 'crash',
        message: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
        rss: process.memoryUsage().rss,
      } satisfies FuzzReply);
    });
});
