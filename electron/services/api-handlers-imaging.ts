/**
 * The imaging, estimate, cohort and report methods of the contract (issue 6), split from
 * api-handlers.ts to keep each file about one thing. Same rules: arguments arrive parsed; every
 * write needs a named clinician; work that writes goes through `track` so quit waits for it.
 */
import { basename } from 'node:path';
import type { FileActionResult } from '../../shared/api';
import type {
  AnalysisImage, AnalysisJobStarted, AnalysisPreprocessing, ChosenFile, CohortView, DicomSeriesList, ImageKind, ImagingFilePurpose, PatientEstimate, ReportSaved, ScanPreview,
} from '../../shared/api-imaging';
import type { ApiHandlers } from '../../shared/api/dispatch';
import type { RecordService } from '../../shared/record/types';
import type { StartAnalysisInput } from './imaging-service';

/** The part of ImagingService the handlers use (imaging-service.ts). */
export interface ImagingApi {
  inspect(path: string, trOverride?: number | null, confoundsPath?: string | null): Promise<ScanPreview>;
  start(input: StartAnalysisInput): AnalysisJobStarted;
  cancel(jobId: string): void;
  image(analysisId: number, kind: ImageKind): Promise<AnalysisImage>;
  listSeries(path: string): Promise<DicomSeriesList>;
  cancelListing(): void;
  preprocessing(analysisId: number): AnalysisPreprocessing;
  reject(analysisId: number, reason: string): void;
}

/** The part of EstimateService the handlers use (estimate-service.ts). */
export interface EstimateApi {
  estimateForPatient(patientId: number): PatientEstimate;
  cohort(): CohortView;
}

export interface ImagingHandlerDeps {
  imaging: ImagingApi;
  estimates: EstimateApi;
  /** Open dialog for an imaging input; absolute path or null when cancelled. */
  chooseImagingFile(purpose: ImagingFilePurpose): Promise<string | null>;
  /** Save dialog for the report PDF; absolute path or null when cancelled. */
  chooseReportPath(defaultName: string): Promise<string | null>;
  /** Prints the page now on screen (the report view) to PDF bytes (printToPDF / page.pdf). */
  printToPdf(): Promise<Uint8Array>;
  writeBinaryFile(path: string, bytes: Uint8Array): Promise<void>;
}

type Helpers = {
  writer(): RecordService;
  track<T>(work: () => T | Promise<T>): Promise<T>;
  stamp(): string;
};

type ImagingMethods =
  | 'imaging.chooseFile' | 'imaging.inspect' | 'imaging.analyze' | 'imaging.cancel' | 'imaging.image'
  | 'imaging.listSeries' | 'imaging.cancelListing' | 'imaging.preprocessing' | 'imaging.reject'
  | 'estimate.forPatient' | 'cohort.view' | 'report.savePdf';

/** Builds the issue-6 handlers over `deps` with the shared helpers of createApiHandlers. */
export function createImagingHandlers(deps: ImagingHandlerDeps, helpers: Helpers): Pick<ApiHandlers, ImagingMethods> {
  const { writer, track } = helpers;
  return {
    'imaging.chooseFile': async (args): Promise<FileActionResult<ChosenFile>> => {
      const path = await deps.chooseImagingFile(args.purpose);
      if (path === null) return { status: 'cancelled' };
      return { status: 'done', result: { purpose: args.purpose, path, fileName: basename(path) } };
    },
    'imaging.inspect': (args) => deps.imaging.inspect(args.path, args.trSeconds ?? null, args.confoundsPath ?? null),
    'imaging.analyze': (args) => track(() => {
      writer().getPatient(args.patientId);
      return deps.imaging.start(args);
    }),
    'imaging.cancel': (args) => { deps.imaging.cancel(args.jobId); return null; },
    'imaging.image': (args) => deps.imaging.image(args.analysisId, args.kind),
    // Reads headers only (in a worker); the identity it returns is for display and is neither stored nor logged.
    'imaging.listSeries': (args) => deps.imaging.listSeries(args.path),
    'imaging.cancelListing': () => { deps.imaging.cancelListing(); return null; },
    'imaging.preprocessing': (args) => deps.imaging.preprocessing(args.analysisId),
    'imaging.reject': (args) => track(() => {
      writer();
      deps.imaging.reject(args.analysisId, args.reason);
      return null;
    }),

    'estimate.forPatient': (args) => track(() => { writer(); return deps.estimates.estimateForPatient(args.patientId); }),
    'cohort.view': () => deps.estimates.cohort(),

    'report.savePdf': async (args): Promise<FileActionResult<ReportSaved>> => {
      const patient = writer().getPatient(args.patientId);
      const code = args.deidentified ? 'deidentified' : patient.displayCode.replace(/[^A-Za-z0-9_-]+/g, '_');
      const path = await deps.chooseReportPath(`krp-report-${code}-${helpers.stamp()}.pdf`);
      if (path === null) return { status: 'cancelled' };
      const bytes = await deps.printToPdf();
      await track(() => deps.writeBinaryFile(path, bytes));
      await track(() => writer().logReportSaved(patient.id, { deidentified: args.deidentified, bytes: bytes.byteLength }));
      return { status: 'done', result: { path, bytes: bytes.byteLength } };
    },
  };
}
