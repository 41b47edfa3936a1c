/**
 * The real services behind the stand-in bridge for one "launch" of the app: a RecordSession on
 * the data folder's SQLite file, the ImagingService (analyses in a worker thread of this process)
 * and EstimateService, and the very same createApiHandlers + createDispatcher the Electron main
 * process uses. Save/open dialogs are answered from a queue the spec fills; events go to the page
 * through `host.emit`; the report PDF is the page's own print (`page.pdf`, as printToPDF in Electron).
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { EventName, KrpEvents } from '../../shared/api';
import { createDispatcher, type Dispatch } from '../../shared/api/dispatch';
import { createApiHandlers } from '../../electron/services/api-handlers';
import { EstimateService } from '../../electron/services/estimate-service';
import { ImagingService } from '../../electron/services/imaging-service';
import { RecordSession } from '../../electron/services/record-session';
import { readAppSettings } from '../../electron/services/app-settings';
import { DATABASE_FILE, SETTINGS_FILE } from '../../electron/shell/data-folder';

export interface ScriptedFileChooser {
  /** Paths the next save dialogs return (null = the user cancels). */
  savePaths: (string | null)[];
  /** Paths the next open dialogs return. */
  openPaths: (string | null)[];
}

/** What the services need from the page they serve (set once the page exists). */
export interface PageHost {
  emit<E extends EventName>(event: E, payload: KrpEvents[E]): void;
  printToPdf(): Promise<Uint8Array>;
}

export interface AppServices {
  dispatch: Dispatch;
  files: ScriptedFileChooser;
  internalErrors: string[];
  /** Connects the services to the page (events, printing). */
  attach(host: PageHost): void;
  /** Cancels running analyses and closes the record. */
  close(): Promise<void>;
}

/** Services for one app launch on `dataDir`; calls are trusted only from pages of `origin`. */
export function createAppServices(dataDir: string, origin: string): AppServices {
  const settingsPath = join(dataDir, SETTINGS_FILE);
  const record = new RecordSession(join(dataDir, DATABASE_FILE), 'e2e', { lockMinutes: () => readAppSettings(settingsPath).lockMinutes });
  const files: ScriptedFileChooser = { savePaths: [], openPaths: [] };
  const internalErrors: string[] = [];
  let host: PageHost | null = null;
  const nextOpen = async () => (files.openPaths.length > 0 ? files.openPaths.shift()! : null);
  const nextSave = async () => (files.savePaths.length > 0 ? files.savePaths.shift()! : null);
  const imaging = new ImagingService({
    record: () => record.get(),
    dataDir,
    onProgress: (progress) => host?.emit('analysis.progress', progress),
    onFinished: (end) => host?.emit('analysis.finished', end),
    onListingProgress: (progress) => host?.emit('imaging.listingProgress', progress),
    nonlinearNormalization: () => readAppSettings(settingsPath).nonlinearNormalization,
  });
  const handlers = createApiHandlers({
    host: 'stand-in',
    appName: 'Ketamine Response Predictor',
    appVersion: '0.1.0-e2e',
    dataDir,
    settingsPath,
    record: () => record.get(),
    session: record,
    files: { chooseSavePath: nextSave, chooseBackupToRestore: nextOpen, chooseFolder: nextOpen },
    writeTextFile: (path, text) => writeFile(path, text, 'utf8'),
    imaging,
    estimates: new EstimateService(() => record.get()),
    chooseImagingFile: nextOpen,
    chooseReportPath: nextSave,
    printToPdf: () => {
      if (host === null) throw new Error('no page attached');
      return host.printToPdf();
    },
    writeBinaryFile: (path, bytes) => writeFile(path, bytes),
  });
  const dispatch = createDispatcher(handlers, {
    isTrustedSender: (url) => url !== null && new URL(url).origin === origin,
    onInternalError: (method, error) => internalErrors.push(`${method}: ${error instanceof Error ? error.stack : String(error)}`),
  });
  return {
    dispatch, files, internalErrors,
    attach: (h) => { host = h; },
    async close() {
      host = null;
      await imaging.cancelAll();
      record.close();
    },
  };
}
