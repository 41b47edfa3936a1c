/**
 * A recording stand-in for the `electron` module as the main process uses it, for loading the
 * built main bundle in plain Node (Electron cannot be downloaded on the build machines). It
 * records what main registers (protocol schemes and whether `ready` had fired, session handlers,
 * IPC handlers, windows, app events, dialogs) and lets the test fire `ready`, app events and IPC
 * calls. Only what main.cjs touches is implemented; anything else is undefined, so a new use of an
 * Electron API shows up as a failing boot test until the stand-in learns it.
 */
import { EventEmitter } from 'node:events';
import Module from 'node:module';

type Listener = (...args: unknown[]) => unknown;

export interface FakeWebContents extends EventEmitter {
  id: number;
  sent: unknown[][];
  windowOpenHandler: ((details: unknown) => unknown) | null;
  mainFrame: { processId: number; routingId: number; url: string };
  send(channel: string, ...args: unknown[]): void;
  setWindowOpenHandler(handler: (details: unknown) => unknown): void;
}

export interface StandInRecord {
  readyFired: boolean;
  sandboxEnabledBeforeReady: boolean;
  privilegedSchemes: { schemes: unknown[]; beforeReady: boolean }[];
  protocolHandlers: Map<string, (request: { url: string }) => Promise<Response>>;
  beforeRequest: ((details: { url: string }, callback: (r: { cancel: boolean }) => void) => void) | null;
  permissionRequest: ((wc: unknown, permission: string, callback: (ok: boolean) => void) => void) | null;
  permissionCheck: ((...args: unknown[]) => boolean) | null;
  devicePermission: ((...args: unknown[]) => boolean) | null;
  spellChecker: boolean | null;
  sessionEvents: EventEmitter;
  ipcHandlers: Map<string, Listener>;
  windows: { options: Record<string, unknown>; url: string | null; webContents: FakeWebContents }[];
  app: EventEmitter;
  quitCalls: number;
  exitCodes: number[];
  errorBoxes: [string, string][];
}

export interface StandIn {
  record: StandInRecord;
  /** The fake `electron` module object. */
  electron: Record<string, unknown>;
  /** Resolves `app.whenReady()`. */
  fireReady(): void;
  /** A fake webContents as Electron passes to `web-contents-created`. */
  makeWebContents(): FakeWebContents;
}

let nextId = 1;
function makeWebContents(): FakeWebContents {
  const wc = new EventEmitter() as FakeWebContents;
  wc.id = nextId++;
  wc.sent = [];
  wc.windowOpenHandler = null;
  wc.mainFrame = { processId: 7, routingId: wc.id, url: '' };
  wc.send = (channel, ...args) => { wc.sent.push([channel, ...args]); };
  wc.setWindowOpenHandler = (handler) => { wc.windowOpenHandler = handler; };
  return wc;
}

/** Builds a stand-in whose app folder and paths are `appPath` and `userData`. */
export function createElectronStandIn(paths: { appPath: string; userData: string; documents: string }): StandIn {
  let resolveReady: () => void = () => undefined;
  const ready = new Promise<void>((r) => { resolveReady = r; });
  const appEvents = new EventEmitter();
  const record: StandInRecord = {
    readyFired: false, sandboxEnabledBeforeReady: false, privilegedSchemes: [], protocolHandlers: new Map(),
    beforeRequest: null, permissionRequest: null, permissionCheck: null, devicePermission: null, spellChecker: null,
    sessionEvents: new EventEmitter(), ipcHandlers: new Map(), windows: [], app: appEvents, quitCalls: 0, exitCodes: [], errorBoxes: [],
  };
  const app = {
    isPackaged: false,
    enableSandbox: () => { if (!record.readyFired) record.sandboxEnabledBeforeReady = true; },
    requestSingleInstanceLock: () => true,
    on: (event: string, listener: Listener) => { appEvents.on(event, listener); return app; },
    once: (event: string, listener: Listener) => { appEvents.once(event, listener); return app; },
    whenReady: () => ready,
    getPath: (name: string) => (name === 'userData' ? paths.userData : name === 'documents' ? paths.documents : `${paths.userData}/${name}`),
    getAppPath: () => paths.appPath,
    getVersion: () => '0.0.0-test',
    quit: () => { record.quitCalls += 1; },
    exit: (code: number) => { record.exitCodes.push(code); },
  };
  const session = {
    webRequest: { onBeforeRequest: (fn: StandInRecord['beforeRequest']) => { record.beforeRequest = fn; } },
    setPermissionRequestHandler: (fn: StandInRecord['permissionRequest']) => { record.permissionRequest = fn; },
    setPermissionCheckHandler: (fn: StandInRecord['permissionCheck']) => { record.permissionCheck = fn; },
    setDevicePermissionHandler: (fn: StandInRecord['devicePermission']) => { record.devicePermission = fn; },
    setSpellCheckerEnabled: (on: boolean) => { record.spellChecker = on; },
    on: (event: string, listener: Listener) => { record.sessionEvents.on(event, listener); },
    protocol: { handle: (scheme: string, handler: (request: { url: string }) => Promise<Response>) => { record.protocolHandlers.set(scheme, handler); } },
  };
  class BrowserWindow extends EventEmitter {
    readonly webContents = makeWebContents();
    private destroyed = false;
    private readonly entry: StandInRecord['windows'][number];
    constructor(options: Record<string, unknown>) {
      super();
      this.entry = { options, url: null, webContents: this.webContents };
      record.windows.push(this.entry);
    }
    loadURL(url: string) { this.entry.url = url; this.webContents.mainFrame.url = url; return Promise.resolve(); }
    isDestroyed() { return this.destroyed; }
    isMinimized() { return false; }
    restore() { /* nothing */ }
    focus() { /* nothing */ }
    show() { /* nothing */ }
  }
  const electron: Record<string, unknown> = {
    app,
    protocol: { registerSchemesAsPrivileged: (schemes: unknown[]) => { record.privilegedSchemes.push({ schemes, beforeReady: !record.readyFired }); } },
    session: { defaultSession: session },
    ipcMain: {
      handle: (channel: string, fn: Listener) => { record.ipcHandlers.set(channel, fn); },
      removeHandler: (channel: string) => { record.ipcHandlers.delete(channel); },
    },
    dialog: {
      showErrorBox: (title: string, message: string) => { record.errorBoxes.push([title, message]); },
      showOpenDialog: async () => ({ canceled: true, filePaths: [] }),
      showSaveDialog: async () => ({ canceled: true, filePath: '' }),
    },
    BrowserWindow,
  };
  return {
    record, electron, makeWebContents,
    fireReady: () => { record.readyFired = true; resolveReady(); },
  };
}

/** Loads the CommonJS bundle at `file` with `require('electron')` answered by `electron`. */
export function loadWithElectron(file: string, electron: Record<string, unknown>): void {
  const mod = Module as unknown as { _load(request: string, parent: unknown, isMain: boolean): unknown; _cache: Record<string, unknown> };
  const original = mod._load;
  mod._load = function load(request: string, parent: unknown, isMain: boolean) {
    return request === 'electron' ? electron : original.call(this, request, parent, isMain);
  };
  try {
    delete mod._cache[file];
    mod._load(file, null, false);
  } finally {
    mod._load = original;
  }
}
