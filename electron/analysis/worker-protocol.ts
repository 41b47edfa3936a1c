/** Messages between the main process and the analysis worker thread. */
import type { SerializedError } from '../../shared/errors';
import type { AnalysisProgress, AnalysisResult } from '../../shared/imaging/analysis-types';
import type { PreprocessProgress, PreprocessingSummary } from '../../shared/imaging/preprocessing-types';
import type { AnalyzeRequest } from './analyze';
import type { InputSpec } from './preprocess/run-analysis';
import type { DicomListing } from './preprocess/dicom-series';
import type { OutputPaths, WrittenOutputs } from './write-outputs';

export type ToWorker =
  /**
   * With `input` (a DICOM folder/zip or any NIfTI, optional T1): preprocessing runs when needed and
   * `request.boldPath` is ignored; `registrationImagePath` receives the registration check PNG.
   */
  | { type: 'start'; request: AnalyzeRequest; outputs: OutputPaths; input?: InputSpec; registrationImagePath?: string | null }
  /** Read the headers of a DICOM folder / zip for the series picker (no analysis). */
  | { type: 'list-series'; path: string }
  | { type: 'cancel' };

export type FromWorker =
  /** `preprocess` is set while preprocessing runs (its step and fraction of the preprocessing). */
  | { type: 'progress'; progress: AnalysisProgress; preprocess?: PreprocessProgress | null }
  | {
    type: 'done'; result: AnalysisResult; files: WrittenOutputs;
    /** Present when the input was preprocessed. */
    preprocessing?: PreprocessingSummary | null;
    registrationImage?: { path: string; sha256: string } | null;
  }
  | { type: 'listing-progress'; fraction: number }
  | { type: 'listed'; listing: DicomListing }
  /** `findings`: what preprocessing found before the refusal (summary, registration PNG base64). */
  | { type: 'error'; error: SerializedError; findings?: { summary: PreprocessingSummary | null; registrationImageBase64: string | null } | null };
