/**
 * Runs elastix (WebAssembly) in a child worker thread of its own, so that a registration (5–90 s of
 * one synchronous WebAssembly call) can be stopped at once: on cancel the thread is terminated,
 * which ends the call wherever it is; the next registration starts a fresh thread.
 *
 * - The thread is started on first use and kept for the next registrations (the 16 MB module is
 *   compiled once per thread), unreferenced while idle so it never keeps a process alive.
 * - Its code is a small plain-JavaScript script (eval worker) that imports itk-wasm's Node internals
 *   by absolute path: the same script works from the TypeScript sources (tests, `npm run krp`), the
 *   worker and CLI bundles, and the packaged app (app.asar.unpacked/node_modules, see build/).
 * - A C++ exception inside elastix (a bare number in JavaScript) can leave the module unusable: the
 *   thread is then discarded.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { KrpError } from '../../../shared/errors';

/** What the thread needs to load: absolute paths of itk-wasm's Node internals and the elastix pipeline. */
export interface ElastixFiles {
  loadModule: string;
  runPipeline: string;
  interfaceTypes: string;
  pipeline: string;
}

/** One pipeline call: its parameter maps, itk-wasm images and command-line arguments. */
export interface ElastixCall {
  maps: Record<string, string[]>[];
  fixed: unknown;
  moving: unknown;
  args: string[];
}

export interface ElastixOutput {
  returnValue: number;
  stderr: string;
  /** The transform parameter maps elastix returned (one per registration stage). */
  maps: Record<string, string[]>[] | null;
}

/** The child thread's script (CommonJS, eval'd): loads the module once, then runs each call posted to it. */
const THREAD_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { pathToFileURL } = require('node:url');
const load = (p) => import(pathToFileURL(p).href).then((m) => m.default);
const ready = Promise.all([load(workerData.loadModule), load(workerData.runPipeline), load(workerData.interfaceTypes)])
  .then(async ([loadModule, run, types]) => ({ run, types, module: await loadModule(workerData.pipeline) }));
parentPort.on('message', async (call) => {
  let step = 'loading';
  try {
    const { run, types, module } = await ready;
    step = 'running';
    parentPort.postMessage({ type: 'started' });
    const inputs = [
      { type: types.JsonCompatible, data: call.maps },
      { type: types.Image, data: call.fixed },
      { type: types.Image, data: call.moving },
    ];
    const outputs = [{ type: types.Image }, { type: types.TransformList }, { type: types.JsonCompatible }];
    const produced = run(module, call.args, outputs, inputs);
    const maps = produced.outputs[2] ? produced.outputs[2].data : null;
    parentPort.postMessage({ type: 'done', returnValue: produced.returnValue, stderr: String(produced.stderr || ''), maps });
  } catch (error) {
    const what = typeof error === 'number' ? 'internal exception ' + error : String((error && error.message) || error);
    parentPort.postMessage({ type: 'failed', step, what });
  }
});
`;

/** Folder of an installed package, found from this module, the working directory or KRP_NODE_MODULES. */
export function packageDir(name: string, extraBases: string[] = []): string {
  const bases: string[] = [...extraBases];
  if (process.env.KRP_NODE_MODULES) bases.push(dirname(resolve(process.env.KRP_NODE_MODULES)));
  try { bases.push(new URL('.', import.meta.url).pathname); } catch { /* CommonJS bundle */ }
  if (typeof __filename === 'string') bases.push(dirname(__filename));
  bases.push(process.cwd());
  for (const base of bases) {
    // In a packaged app the bundle lies in app.asar (or app.asar.unpacked); WebAssembly and the
    // files imported by path must come from the unpacked copy (build/electron-builder.yml).
    let dir = resolve(base).replace(/app\.asar(?=[\\/]|$)/, 'app.asar.unpacked');
    for (let i = 0; i < 8; i++) {
      const candidate = join(dir, 'node_modules', name);
      if (existsSync(join(candidate, 'package.json'))) return candidate;
      const parent = dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  try {
    return dirname(createRequire(join(process.cwd(), 'index.js')).resolve(`${name}/package.json`));
  } catch {
    throw new KrpError('registration.unavailable', `The registration library (${name}) is missing from this installation. Reinstall the app.`);
  }
}

/** The files the elastix thread loads (all inside node_modules, none fetched). */
export function elastixFiles(): ElastixFiles {
  const itk = join(packageDir('itk-wasm'), 'dist');
  const elastix = join(packageDir('@itk-wasm/elastix'), 'dist');
  return {
    loadModule: join(itk, 'pipeline', 'internal', 'load-emscripten-module-node.js'),
    runPipeline: join(itk, 'pipeline', 'internal', 'run-pipeline-emscripten.js'),
    interfaceTypes: join(itk, 'interface-types', 'interface-types.js'),
    pipeline: join(elastix, 'pipelines', 'elastix'),
  };
}

type FromThread =
  | { type: 'started' }
  | { type: 'done'; returnValue: number; stderr: string; maps: Record<string, string[]>[] | null }
  | { type: 'failed'; step: 'loading' | 'running'; what: string };

let thread: Worker | null = null;
let busy = false;

function cancelledError(): KrpError {
  return new KrpError('analysis.cancelled', 'The analysis was cancelled.');
}

function discard(worker: Worker): void {
  if (thread === worker) thread = null;
  void worker.terminate();
}

/** Whether an elastix thread is alive (tests: a cancelled call leaves none behind). */
export function elastixThreadAlive(): boolean {
  return thread !== null;
}

/** Ends the elastix thread, if any (a process that wants to exit at once). */
export async function stopElastixThread(): Promise<void> {
  const worker = thread;
  thread = null;
  if (worker) await worker.terminate();
}

/**
 * Runs one elastix call in the thread. Rejects with analysis.cancelled as soon as `signal` aborts
 * (the thread is terminated), registration.failed when elastix throws or its thread dies.
 * `onStarted` is called when elastix itself starts computing (after the module is loaded).
 */
export function runElastix(call: ElastixCall, signal?: AbortSignal, onStarted?: () => void): Promise<ElastixOutput> {
  if (signal?.aborted) return Promise.reject(cancelledError());
  if (busy) return Promise.reject(new KrpError('registration.failed', 'Two registrations were started at once in one analysis. Report this.'));
  const worker = thread ?? new Worker(THREAD_SOURCE, { eval: true, workerData: elastixFiles() });
  thread = worker;
  busy = true;
  worker.ref();
  return new Promise<ElastixOutput>((resolvePromise, reject) => {
    const settle = (fn: () => void) => {
      busy = false;
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
      signal?.removeEventListener('abort', onAbort);
      if (thread === worker) worker.unref();
      fn();
    };
    const onMessage = (message: FromThread) => {
      if (message.type === 'started') { onStarted?.(); return; }
      if (message.type === 'done') { settle(() => resolvePromise({ returnValue: message.returnValue, stderr: message.stderr, maps: message.maps })); return; }
      discard(worker);
      settle(() => reject(message.step === 'loading'
        ? new KrpError('registration.unavailable', `The registration library could not be loaded (${message.what}). Reinstall the app.`)
        : new KrpError('registration.failed', `The image registration failed (${message.what}). Check that both images show the same head and overlap; if they do, report it.`)));
    };
    const onError = (error: Error) => {
      discard(worker);
      settle(() => reject(new KrpError('registration.failed', `The image registration stopped unexpectedly (${error.message}). Try again; if it persists, report it.`)));
    };
    const onExit = (code: number) => {
      if (thread === worker) thread = null;
      settle(() => reject(signal?.aborted ? cancelledError()
        : new KrpError('registration.failed', `The image registration stopped unexpectedly (thread exit code ${code}). Try again; if it persists, report it.`)));
    };
    const onAbort = () => {
      discard(worker);
      settle(() => reject(cancelledError()));
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    signal?.addEventListener('abort', onAbort, { once: true });
    worker.postMessage(call);
  });
}
