/**
 * The real services behind the stand-in bridge for one "launch" of the app: a RecordSession on
 * the data folder's SQLite file and the very same createApiHandlers + createDispatcher the
 * Electron main process uses. Save/open dialogs are answered from a queue the spec fills.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createDispatcher, type Dispatch } from '../../shared/api/dispatch';
import { createApiHandlers } from '../../electron/services/api-handlers';
import { RecordSession } from '../../electron/services/record-session';
import { DATABASE_FILE, SETTINGS_FILE } from '../../electron/shell/data-folder';

export interface ScriptedFileChooser {
  /** Paths the next save dialogs return (null = the user cancels). */
  savePaths: (string | null)[];
  /** Paths the next open dialogs return. */
  openPaths: (string | null)[];
}

export interface AppServices {
  dispatch: Dispatch;
  files: ScriptedFileChooser;
  internalErrors: string[];
  close(): void;
}

/** Services for one app launch on `dataDir`; calls are trusted only from pages of `origin`. */
export function createAppServices(dataDir: string, origin: string): AppServices {
  const record = new RecordSession(join(dataDir, DATABASE_FILE), 'e2e');
  const files: ScriptedFileChooser = { savePaths: [], openPaths: [] };
  const internalErrors: string[] = [];
  const handlers = createApiHandlers({
    host: 'stand-in',
    appName: 'Ketamine Response Predictor',
    appVersion: '0.1.0-e2e',
    dataDir,
    settingsPath: join(dataDir, SETTINGS_FILE),
    record: () => record.get(),
    setClinician: (clinician) => record.start(clinician),
    files: {
      chooseSavePath: async () => (files.savePaths.length > 0 ? files.savePaths.shift()! : null),
      chooseBackupToRestore: async () => (files.openPaths.length > 0 ? files.openPaths.shift()! : null),
    },
    writeTextFile: (path, text) => writeFile(path, text, 'utf8'),
  });
  const dispatch = createDispatcher(handlers, {
    isTrustedSender: (url) => url !== null && new URL(url).origin === origin,
    onInternalError: (method, error) => internalErrors.push(`${method}: ${error instanceof Error ? error.stack : String(error)}`),
  });
  return { dispatch, files, internalErrors, close: () => record.close() };
}
