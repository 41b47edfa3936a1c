/** Messages between the main process and the analysis worker thread. */
import type { SerializedError } from '../../shared/errors';
import type { AnalysisProgress, AnalysisResult } from '../../shared/imaging/analysis-types';
import type { AnalyzeRequest } from './analyze';
import type { OutputPaths, WrittenOutputs } from './write-outputs';

export type ToWorker =
  | { type: 'start'; request: AnalyzeRequest; outputs: OutputPaths }
  | { type: 'cancel' };

export type FromWorker =
  | { type: 'progress'; progress: AnalysisProgress }
  | { type: 'done'; result: AnalysisResult; files: WrittenOutputs }
  | { type: 'error'; error: SerializedError };
