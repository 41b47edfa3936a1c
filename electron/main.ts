/**
 * The Electron main process: a thin shell that wires pure, tested pieces together.
 *   single-instance lock → data folder → app:// protocol + hardened session → IPC binding over
 *   the shared API handlers → one window; on quit: refuse new work, cancel analyses, wait for
 *   pending writes, close the database.
 * Before the record opens, the better-sqlite3 binary built for Electron's ABI (native/…, see
 * scripts/electron-native.mjs) is ABI-checked and loaded; a missing or wrong one stops the start
 * with a message saying how to rebuild it.
 * Analyses run in a worker thread (ImagingService); their progress and end are pushed to the
 * window as contract events. The report PDF is the window's own print (printToPDF, A4, print CSS).
 * Electron is imported only here and in electron/shell/{secure-session,ipc-binding,main-window}.ts.
 */
import { app, dialog, session, type BrowserWindow } from 'electron';
import { mkdirSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { createApiHandlers } from './services/api-handlers';
import { readAppSettings } from './services/app-settings';
import { BackupScheduler } from './services/backup-scheduler';
import { EstimateService } from './services/estimate-service';
import { ImagingService } from './services/imaging-service';
import { RecordSession } from './services/record-session';
import { openDialogFilters } from './shell/dialog-filters';
import { DATABASE_FILE, SETTINGS_FILE, resolveDataFolder } from './shell/data-folder';
import { bindIpc, emitEvent } from './shell/ipc-binding';
import { loadSqliteAddon } from './shell/electron-sqlite';
import { createMainWindow } from './shell/main-window';
import { ELECTRON_REBUILD_COMMAND, checkAddonAbi, electronAddonPath } from './shell/native-abi';
import { QuitCoordinator } from './shell/quit-coordinator';
import { KrpError } from '../shared/errors';
import { denyNavigationEverywhere, hardenSession, registerAppScheme, serveRenderer } from './shell/secure-session';

const APP_NAME = 'Ketamine Response Predictor';
const isDevelopment = !app.isPackaged && process.env.KRP_DEVTOOLS === '1';

app.enableSandbox();
registerAppScheme();
denyNavigationEverywhere();

const log = (message: string) => process.stderr.write(`[krp] ${message}\n`);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let window: BrowserWindow | null = null;
  const coordinator = new QuitCoordinator();
  let record: RecordSession | null = null;
  let imaging: ImagingService | null = null;
  let scheduler: BackupScheduler | null = null;

  app.on('second-instance', () => {
    if (window && !window.isDestroyed()) {
      if (window.isMinimized()) window.restore();
      window.focus();
    }
  });

  app.whenReady().then(() => {
    const dataFolder = resolveDataFolder({ argv: process.argv, env: process.env, userDataPath: app.getPath('userData'), cwd: process.cwd() });
    mkdirSync(dataFolder.dir, { recursive: true });
    log(`data folder (${dataFolder.source}): ${dataFolder.dir}`);
    const addonPath = electronAddonPath(app.getAppPath(), process.versions.modules, process.platform, process.arch);
    const abi = checkAddonAbi({ binaryPath: addonPath, runtimeAbi: process.versions.modules, runtimeName: process.versions.electron ? `Electron ${process.versions.electron}` : `Node ${process.version}`, rebuildCommand: ELECTRON_REBUILD_COMMAND });
    if (!abi.ok) throw new Error(abi.message);
    loadSqliteAddon(addonPath);
    const settingsPath = join(dataFolder.dir, SETTINGS_FILE);
    record = new RecordSession(join(dataFolder.dir, DATABASE_FILE), safeOsUser(), { lockMinutes: () => readAppSettings(settingsPath).lockMinutes });
    const opened = record;
    // Automatic backups: system work on a one-minute check, whoever is signed in (or nobody).
    scheduler = new BackupScheduler({
      settingsPath, target: () => opened.system(), track: (work) => coordinator.track(work),
      onStatus: (status) => emitEvent(window, 'backup.auto', status),
    });
    scheduler.start();

    const ses = session.defaultSession;
    hardenSession(ses);
    serveRenderer(ses, join(__dirname, '..', 'renderer'));

    const imagingService = new ImagingService({
      record: () => opened.get(),
      dataDir: dataFolder.dir,
      onProgress: (progress) => emitEvent(window, 'analysis.progress', progress),
      onFinished: (end) => emitEvent(window, 'analysis.finished', end),
      onListingProgress: (progress) => emitEvent(window, 'imaging.listingProgress', progress),
      nonlinearNormalization: () => readAppSettings(settingsPath).nonlinearNormalization,
    });
    imaging = imagingService;
    coordinator.registerAnalysis({ cancel: () => { void imagingService.cancelAll(); } });
    const showOpen = async (options: Electron.OpenDialogOptions) => {
      const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
      return result.canceled || result.filePaths.length === 0 ? null : result.filePaths[0]!;
    };
    const showSave = async (options: Electron.SaveDialogOptions) => {
      const result = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
      return result.canceled || !result.filePath ? null : result.filePath;
    };

    const handlers = createApiHandlers({
      host: 'electron',
      appName: APP_NAME,
      appVersion: app.getVersion(),
      dataDir: dataFolder.dir,
      settingsPath,
      record: () => opened.get(),
      session: opened,
      files: {
        async chooseFolder() {
          const options = { properties: ['openDirectory' as const, 'createDirectory' as const] };
          const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
          return result.canceled || result.filePaths.length === 0 ? null : result.filePaths[0]!;
        },
        async chooseSavePath(purpose, defaultName) {
          const filters = purpose === 'backup' ? [] : [{ name: 'CSV', extensions: ['csv'] }]; // a backup is a new folder
          const options = { defaultPath: join(app.getPath('documents'), defaultName), filters };
          const result = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
          return result.canceled || !result.filePath ? null : result.filePath;
        },
        async chooseBackupToRestore() {
          const options = { properties: ['openFile' as const], filters: [{ name: 'Backup manifest (manifest.json)', extensions: ['json'] }] };
          const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
          return result.canceled || result.filePaths.length === 0 ? null : result.filePaths[0]!;
        },
      },
      writeTextFile: (path, text) => writeFile(path, text, 'utf8'),
      track: (work) => coordinator.track(work),
      imaging: imagingService,
      estimates: new EstimateService(() => opened.get()),
      // A DICOM export is a folder (its files often have no extension); everything else is one file.
      chooseImagingFile: (purpose) => (purpose === 'dicom-folder'
        ? showOpen({ properties: ['openDirectory'] })
        : showOpen({ properties: ['openFile'], filters: openDialogFilters(purpose) })),
      chooseReportPath: (defaultName) => showSave({ defaultPath: join(app.getPath('documents'), defaultName), filters: [{ name: 'PDF', extensions: ['pdf'] }] }),
      async printToPdf() {
        if (!window || window.isDestroyed()) throw new KrpError('report.no-window', 'The app window is closed; open the report again and retry.');
        const pdf = await window.webContents.printToPDF({ pageSize: 'A4', printBackground: true, preferCSSPageSize: true });
        return new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength);
      },
      writeBinaryFile: (path, bytes) => writeFile(path, bytes),
    });
    bindIpc(handlers, () => window, log);
    window = createMainWindow(join(__dirname, 'preload.cjs'), { devTools: isDevelopment, title: APP_NAME });
    window.on('closed', () => { window = null; });
  }).catch((error: unknown) => {
    log(`start failed: ${error instanceof Error ? error.message : String(error)}`);
    dialog.showErrorBox(APP_NAME, `The app could not start: ${error instanceof Error ? error.message : String(error)}`);
    app.exit(1);
  });

  let shutdownDone = false;
  app.on('before-quit', (event) => {
    if (shutdownDone) return;
    event.preventDefault();
    if (coordinator.isQuitting) return;
    void coordinator.shutdown(async () => {
      scheduler?.stop();
      await imaging?.cancelAll();
      record?.close();
    }).then((settled) => {
      if (!settled) log('quit: some work did not finish in time; the database was closed anyway');
      shutdownDone = true;
      app.quit();
    });
  });
  app.on('window-all-closed', () => app.quit());
}

function safeOsUser(): string {
  try {
    return userInfo().username;
  } catch {
    return '';
  }
}
