/**
 * Runs a built preload bundle the way Electron runs a *sandboxed* preload (Electron docs,
 * "Process Sandboxing" / "Using Preload Scripts"): the source is wrapped in a function whose only
 * parameters are the polyfilled `require`, `process`, `Buffer`, `global`, `setImmediate`,
 * `clearImmediate`, `exports` and `module`, and evaluated in a fresh V8 context that has the web
 * page's globals but none of Node's (`__filename`, `__dirname`, real `require` are absent).
 * `require` loads only `electron` (the renderer modules contextBridge, crashReporter, ipcRenderer,
 * nativeImage, webFrame, webUtils), `events`, `timers` and `url` (also with `node:`); anything else
 * throws as Electron's does. The electron modules are recording fakes.
 */
import { EventEmitter } from 'node:events';
import * as timers from 'node:timers';
import * as url from 'node:url';
import vm from 'node:vm';
import { SANDBOX_ELECTRON_EXPORTS, SANDBOX_PRELOAD_GLOBALS, SANDBOX_PRELOAD_MODULES } from '../scripts/bundle-checks.mjs';

export interface PreloadRecording {
  /** What contextBridge.exposeInMainWorld received, by key. */
  exposed: Map<string, unknown>;
  /** Every ipcRenderer.invoke(channel, ...args). */
  invokes: unknown[][];
  /** ipcRenderer listeners by channel. */
  listeners: Map<string, ((...args: unknown[]) => void)[]>;
  /** Every module name the preload asked `require` for. */
  required: string[];
  /** The answer the fake main process gives to invoke(). */
  reply: (channel: string, ...args: unknown[]) => unknown;
}

function fakeElectron(rec: PreloadRecording): Record<string, unknown> {
  const ipcRenderer = {
    invoke: async (channel: string, ...args: unknown[]) => { rec.invokes.push([channel, ...args]); return rec.reply(channel, ...args); },
    on(channel: string, listener: (...args: unknown[]) => void) { rec.listeners.set(channel, [...(rec.listeners.get(channel) ?? []), listener]); return ipcRenderer; },
    removeListener(channel: string, listener: (...args: unknown[]) => void) { rec.listeners.set(channel, (rec.listeners.get(channel) ?? []).filter((l) => l !== listener)); return ipcRenderer; },
    send: () => undefined,
  };
  const modules: Record<string, unknown> = {
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => { rec.exposed.set(key, api); } },
    crashReporter: {},
    ipcRenderer,
    nativeImage: {},
    webFrame: {},
    webUtils: { getPathForFile: (file: { path?: string }) => file.path ?? '' },
  };
  // Exactly the renderer modules Electron's sandboxed `require('electron')` offers.
  return Object.fromEntries(SANDBOX_ELECTRON_EXPORTS.map((name) => [name, modules[name]]));
}

/** A `process` shaped like the sandbox's reduced one (no binding, no dlopen, no mainModule). */
function sandboxProcess(): Record<string, unknown> {
  return {
    type: 'renderer', sandboxed: true, contextIsolated: true, platform: process.platform, arch: process.arch,
    argv: [], env: {}, pid: 1, execPath: '', version: process.version, versions: { ...process.versions, electron: '45.5.0' },
    on: () => undefined, once: () => undefined, nextTick: (fn: () => void) => queueMicrotask(fn),
  };
}

/** Evaluates `source` as Electron's sandboxed preload; returns what it did. */
export function runSandboxedPreload(source: string, reply: PreloadRecording['reply'] = () => ({ ok: true, value: null })): PreloadRecording {
  const rec: PreloadRecording = { exposed: new Map(), invokes: [], listeners: new Map(), required: [], reply };
  const electron = fakeElectron(rec);
  const builtins: Record<string, unknown> = { electron, events: EventEmitter, timers, url };
  const polyfilledRequire = (name: string): unknown => {
    rec.required.push(name);
    if (!SANDBOX_PRELOAD_MODULES.includes(name)) throw new Error(`module not found: ${name}`);
    return builtins[name.replace(/^node:/, '')];
  };
  const context = vm.createContext({ console, queueMicrotask, setTimeout, clearTimeout, URL, TextEncoder, TextDecoder, structuredClone });
  vm.runInContext('globalThis.window = globalThis; globalThis.self = globalThis;', context);
  const module = { exports: {} };
  const wrapper = vm.runInContext(`(function(${SANDBOX_PRELOAD_GLOBALS.join(', ')}) {${source}\n})`, context, { filename: 'preload.cjs' }) as (...args: unknown[]) => void;
  const global = vm.runInContext('globalThis', context) as unknown;
  const values: Record<string, unknown> = {
    require: polyfilledRequire, process: sandboxProcess(), Buffer, global, setImmediate, clearImmediate, exports: module.exports, module,
  };
  wrapper(...SANDBOX_PRELOAD_GLOBALS.map((name) => values[name]));
  return rec;
}
